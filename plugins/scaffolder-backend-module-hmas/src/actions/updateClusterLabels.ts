import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import { examples } from './updateClusterLabels.examples';

/**
 * `hmas:cluster:labels:update`: sets and removes labels of a Karmada member cluster through
 * the H-MAS backend (which checks the label rules and records the change).
 *
 * @public
 */
export function createHmasClusterLabelsUpdateAction(
  options: HmasActionOptions,
): TemplateAction<
  { name: string; set?: Record<string, string>; remove?: string[] },
  { zone: string; labels: Record<string, string> }
> {
  const client = createHmasClient(options);
  return createTemplateAction({
    id: 'hmas:cluster:labels:update',
    description:
      'Sets and removes labels of a Karmada member cluster (e.g. gpu-tier, which decides its zone)',
    examples,
    schema: {
      input: {
        name: z => z.string({ description: 'Cluster name' }),
        set: z =>
          z
            .record(z.string(), { description: 'Labels to set: key → value' })
            .optional(),
        remove: z =>
          z
            .array(z.string(), { description: 'Label keys to remove' })
            .optional(),
      },
      output: {
        zone: z =>
          z.string({ description: 'The cluster’s zone after the change' }),
        labels: z =>
          z.record(z.string(), {
            description: 'The cluster’s labels after the change',
          }),
      },
    },
    async handler(ctx) {
      const cluster = await client.updateClusterLabels(
        {
          path: { name: ctx.input.name },
          body: { set: ctx.input.set ?? {}, remove: ctx.input.remove ?? [] },
        },
        await onBehalfOf(options.auth, await ctx.getInitiatorCredentials()),
      );
      ctx.logger.info(
        `Updated the labels of cluster ${cluster.name}; its zone is ${cluster.zone}`,
      );
      ctx.output('zone', cluster.zone);
      ctx.output('labels', cluster.labels);
    },
  });
}
