import { ConflictError, isError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import { examples } from './createCluster.examples';

/**
 * Input of `hmas:cluster:create` (the H-MAS backend's `clusterRegistrationSchema` decides
 * what is valid).
 *
 * @public
 */
export type HmasClusterRegistrationInput = {
  name: string;
  apiEndpoint: string;
  syncMode?: 'Push' | 'Pull';
  zone: string;
  gpuTypes?: string[];
  scheduler?: string;
};

/**
 * `hmas:cluster:create`: registers a member cluster with Karmada through the H-MAS backend,
 * labelled for its zone and GPU types. A retried task adopts the cluster its earlier attempt
 * registered (same API endpoint) instead of failing.
 *
 * @public
 */
export function createHmasClusterCreateAction(
  options: HmasActionOptions,
): TemplateAction<
  HmasClusterRegistrationInput,
  { name: string; zone: string; labels: Record<string, string> }
> {
  const client = createHmasClient(options);
  return createTemplateAction({
    id: 'hmas:cluster:create',
    description:
      'Registers a Kubernetes cluster with Karmada, labelled with its zone and GPU types',
    examples,
    schema: {
      input: {
        name: z =>
          z.string({ description: 'Cluster name (a DNS-1123 label, ≤ 48)' }),
        apiEndpoint: z =>
          z.string({ description: 'The cluster’s API server URL' }),
        syncMode: z =>
          z
            .enum(['Push', 'Pull'], {
              description:
                'Push: Karmada writes to the cluster; Pull: an agent in the cluster pulls. Default Push',
            })
            .optional(),
        zone: z =>
          z.string({
            description:
              'gpu-high, gpu-general, cpu-only, or none (leave it unclassified)',
          }),
        gpuTypes: z =>
          z
            .array(z.string(), {
              description: 'GPU types, e.g. [h100, a100]; none for CPU Only',
            })
            .optional(),
        scheduler: z =>
          z
            .string({
              description: 'Pod scheduler of the cluster, e.g. volcano',
            })
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'Cluster name' }),
        zone: z => z.string({ description: 'The cluster’s zone' }),
        labels: z =>
          z.record(z.string(), { description: 'The cluster’s labels' }),
      },
    },
    async handler(ctx) {
      const input = ctx.input as HmasClusterRegistrationInput;
      const request = await onBehalfOf(
        options.auth,
        await ctx.getInitiatorCredentials(),
      );
      const cluster = await ctx.checkpoint({
        key: `register-${input.name}`,
        fn: async () => {
          try {
            const registered = await client.registerCluster(
              { body: input },
              request,
            );
            return {
              name: registered.name,
              zone: registered.zone,
              labels: registered.labels,
            };
          } catch (error) {
            if (!isError(error) || error.name !== 'ConflictError') throw error;
            const existing = await client.getCluster(
              { path: { name: input.name } },
              request,
            );
            if (existing.apiEndpoint !== input.apiEndpoint) {
              throw new ConflictError(
                `Cluster ${input.name} is already registered with another API endpoint (${existing.apiEndpoint})`,
              );
            }
            ctx.logger.info(
              `Cluster ${input.name} is already registered at ${input.apiEndpoint}; keeping it`,
            );
            return {
              name: existing.name,
              zone: existing.zone,
              labels: existing.labels,
            };
          }
        },
      });
      ctx.logger.info(
        `Registered cluster ${cluster.name} in zone ${cluster.zone}`,
      );
      ctx.output('name', cluster.name);
      ctx.output('zone', cluster.zone);
      ctx.output('labels', cluster.labels);
    },
  });
}
