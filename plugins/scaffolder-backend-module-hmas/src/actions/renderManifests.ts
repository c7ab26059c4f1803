import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import {
  deploymentInput,
  HmasDeploymentInput,
  HmasJsonObject,
  withTemplateSecrets,
} from './deploymentInput';
import { examples } from './renderManifests.examples';

/**
 * Outputs of `hmas:manifests:render`.
 *
 * @public
 */
export type HmasManifestsRenderOutput = {
  yaml: string;
  manifests: HmasJsonObject[];
};

/**
 * `hmas:manifests:render`: renders the Karmada manifests of a deployment without applying them
 * (`POST /deployments?dryRun=true`), e.g. to commit them to a GitOps repository.
 *
 * @public
 */
export function createHmasManifestsRenderAction(
  options: HmasActionOptions,
): TemplateAction<HmasDeploymentInput, HmasManifestsRenderOutput> {
  const client = createHmasClient(options);
  return createTemplateAction({
    id: 'hmas:manifests:render',
    description:
      'Renders the manifests of an H-MAS deployment (validated by the H-MAS backend) without applying them',
    examples,
    supportsDryRun: true,
    schema: {
      input: deploymentInput,
      output: {
        yaml: z =>
          z.string({ description: 'The manifests as one YAML stream' }),
        manifests: z =>
          z.array(z.record(z.any()), {
            description: 'The manifests as objects',
          }),
      },
    },
    async handler(ctx) {
      const input = ctx.input as HmasDeploymentInput;
      const result = await client.createDeployment(
        {
          query: { dryRun: 'true' },
          body: withTemplateSecrets(input, ctx.secrets),
        },
        await onBehalfOf(options.auth, await ctx.getInitiatorCredentials()),
      );
      ctx.logger.info(
        `Rendered ${result.manifests.length} manifests for ${input.name}`,
      );
      ctx.output('yaml', result.yaml);
      ctx.output('manifests', result.manifests as HmasJsonObject[]);
    },
  });
}
