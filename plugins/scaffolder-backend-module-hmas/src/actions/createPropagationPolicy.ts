import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { POLICY_API_VERSION } from '@h-mas/plugin-hmas-common';
import { HmasActionOptions, HmasApiClient } from '../HmasApiClient';
import { HmasJsonObject } from './deploymentInput';
import { examples } from './createPropagationPolicy.examples';

/**
 * `hmas:policy:propagation:create`: creates a Karmada PropagationPolicy through the H-MAS
 * backend, which runs Karmada's webhook rules first and answers 400 naming the field.
 *
 * @public
 */
export function createHmasPropagationPolicyAction(
  options: HmasActionOptions,
): TemplateAction<
  {
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec: HmasJsonObject;
  },
  { name: string; namespace: string; resourceVersion: string }
> {
  const client = new HmasApiClient(options);
  return createTemplateAction({
    id: 'hmas:policy:propagation:create',
    description:
      'Creates a Karmada PropagationPolicy (apiVersion and kind are filled in)',
    examples,
    schema: {
      input: {
        metadata: z =>
          z
            .object(
              {
                name: z.string({ description: 'Policy name' }),
                namespace: z
                  .string({ description: 'Namespace; default: default' })
                  .optional(),
                labels: z.record(z.string()).optional(),
                annotations: z.record(z.string()).optional(),
              },
              { description: 'The policy’s metadata' },
            )
            .passthrough(),
        spec: z =>
          z.record(z.unknown(), {
            description:
              'The PropagationPolicy spec (resourceSelectors, placement, failover, ...)',
          }),
      },
      output: {
        name: z => z.string({ description: 'Policy name' }),
        namespace: z => z.string({ description: 'Policy namespace' }),
        resourceVersion: z =>
          z.string({ description: 'resourceVersion of the created policy' }),
      },
    },
    async handler(ctx) {
      const policy = {
        apiVersion: POLICY_API_VERSION,
        kind: 'PropagationPolicy',
        metadata: {
          ...ctx.input.metadata,
          namespace: ctx.input.metadata.namespace ?? 'default',
        },
        spec: ctx.input.spec,
      };
      const created = (await client.createPolicy(policy, {
        credentials: await ctx.getInitiatorCredentials(),
      })) as {
        metadata?: {
          name?: string;
          namespace?: string;
          resourceVersion?: string;
        };
      };
      const name = created.metadata?.name ?? policy.metadata.name;
      const namespace =
        created.metadata?.namespace ?? policy.metadata.namespace;
      ctx.logger.info(`Created PropagationPolicy ${namespace}/${name}`);
      ctx.output('name', name);
      ctx.output('namespace', namespace);
      ctx.output('resourceVersion', created.metadata?.resourceVersion ?? '');
    },
  });
}
