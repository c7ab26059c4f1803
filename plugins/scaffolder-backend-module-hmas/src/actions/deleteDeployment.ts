import { isError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import { examples } from './deleteDeployment.examples';

/**
 * `hmas:deployment:delete`: deletes a deployment through the H-MAS backend. Idempotent: a
 * deployment that is already gone is logged, not an error.
 *
 * @public
 */
export function createHmasDeploymentDeleteAction(
  options: HmasActionOptions,
): TemplateAction<{ id: string }> {
  const client = createHmasClient(options);
  return createTemplateAction({
    id: 'hmas:deployment:delete',
    description:
      'Deletes an H-MAS deployment and its Karmada objects (succeeds if it is already gone)',
    examples,
    schema: {
      input: {
        id: z => z.string({ description: 'H-MAS deployment id' }),
      },
    },
    async handler(ctx) {
      const request = await onBehalfOf(
        options.auth,
        await ctx.getInitiatorCredentials(),
      );
      try {
        await client.deleteDeployment({ path: { id: ctx.input.id } }, request);
        ctx.logger.info(`Deleted deployment ${ctx.input.id}`);
      } catch (error) {
        if (!isError(error) || error.name !== 'NotFoundError') throw error;
        ctx.logger.info(`Deployment ${ctx.input.id} is already gone`);
      }
    },
  });
}
