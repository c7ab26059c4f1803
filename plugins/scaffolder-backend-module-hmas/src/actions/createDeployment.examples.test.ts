import { deploymentSpecSchema } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasDeploymentAction } from './createDeployment';
import { examples } from './createDeployment.examples';

describe('hmas:deployment:create examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasDeploymentAction(hmas.options).examples).toBe(examples);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const input = exampleInput(example);
      const hmas = fakeHmas(call => {
        const body = call.body as { name: string; namespace?: string };
        return {
          status: 201,
          body: {
            deployment: {
              id: 'd-1',
              name: body.name,
              namespace: body.namespace ?? 'default',
            },
            manifests: [],
            yaml: 'kind: Deployment\n',
          },
        };
      });
      const ctx = actionContext(input);

      await createHmasDeploymentAction(hmas.options).handler(ctx);

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `POST ${BASE_URL}/deployments`,
      ]);
      // The backend strips presetId and validates the rest with the shared schema.
      const { presetId: _presetId, ...spec } = hmas.calls[0].body as Record<
        string,
        unknown
      >;
      expect(deploymentSpecSchema.safeParse(spec).error).toBeUndefined();
      expect(ctx.output).toHaveBeenCalledWith(
        'endpoint',
        `http://${input.name}.${
          input.namespace ?? 'default'
        }.svc.cluster.local`,
      );
    },
  );
});
