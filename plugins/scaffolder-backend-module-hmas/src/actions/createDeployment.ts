import { isError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import {
  deploymentInput,
  HmasDeploymentInput,
  withTemplateSecrets,
} from './deploymentInput';
import { examples } from './createDeployment.examples';

/**
 * Outputs of `hmas:deployment:create`.
 *
 * @public
 */
export type HmasDeploymentOutput = {
  id: string;
  name: string;
  namespace: string;
  endpoint: string;
  yaml: string;
};

/**
 * `hmas:deployment:create`: creates a model deployment through the H-MAS backend, as the task's
 * initiator. A retried task neither creates twice nor fails on its own earlier deployment.
 *
 * @public
 */
export function createHmasDeploymentAction(
  options: HmasActionOptions,
): TemplateAction<HmasDeploymentInput, HmasDeploymentOutput> {
  const client = createHmasClient(options);
  return createTemplateAction({
    id: 'hmas:deployment:create',
    description:
      'Deploys a model with H-MAS (validated, written to Karmada and audited by the H-MAS backend)',
    examples,
    schema: {
      input: deploymentInput,
      output: {
        id: z => z.string({ description: 'H-MAS deployment id' }),
        name: z => z.string({ description: 'Deployment name' }),
        namespace: z => z.string({ description: 'Namespace' }),
        endpoint: z =>
          z.string({ description: 'In-cluster URL of the model server' }),
        yaml: z => z.string({ description: 'The applied manifests' }),
      },
    },
    async handler(ctx) {
      const input = ctx.input as HmasDeploymentInput;
      const body = withTemplateSecrets(input, ctx.secrets);
      const credentials = await ctx.getInitiatorCredentials();
      const request = await onBehalfOf(options.auth, credentials);
      const initiator = options.auth.isPrincipal(credentials, 'user')
        ? credentials.principal.userEntityRef
        : undefined;

      const created = await ctx.checkpoint({
        key: `create-${input.name}`,
        fn: async () => {
          try {
            const result = await client.createDeployment({ body }, request);
            if (!result.deployment) {
              throw new Error('H-MAS answered a create without a deployment');
            }
            const { id, name, namespace } = result.deployment;
            return { id, name, namespace, yaml: result.yaml };
          } catch (error) {
            if (!isError(error) || error.name !== 'ConflictError') throw error;
            // A previous attempt of this task may have created it before the checkpoint was
            // stored: adopt it only if it is active and this initiator made it.
            // Without a namespace H-MAS chose it (the team's): look in every namespace.
            const { items } = await client.listDeployments(
              { query: body.namespace ? { namespace: body.namespace } : {} },
              request,
            );
            const existing = items.find(
              d =>
                d.name === input.name &&
                (!initiator || d.createdBy === initiator),
            );
            if (
              !existing ||
              existing.state !== 'active' ||
              (initiator && existing.createdBy !== initiator)
            ) {
              throw error;
            }
            ctx.logger.info(
              `Deployment ${existing.namespace}/${existing.name} already exists (id ${existing.id}), created by ${existing.createdBy}; using it`,
            );
            const rendered = await client.createDeployment(
              { query: { dryRun: 'true' }, body },
              request,
            );
            return {
              id: existing.id,
              name: existing.name,
              namespace: existing.namespace,
              yaml: rendered.yaml,
            };
          }
        },
      });

      ctx.logger.info(
        `Created deployment ${created.namespace}/${created.name} (id ${created.id})`,
      );
      ctx.output('id', created.id);
      ctx.output('name', created.name);
      ctx.output('namespace', created.namespace);
      ctx.output(
        'endpoint',
        `http://${created.name}.${created.namespace}.svc.cluster.local`,
      );
      ctx.output('yaml', created.yaml);
    },
  });
}
