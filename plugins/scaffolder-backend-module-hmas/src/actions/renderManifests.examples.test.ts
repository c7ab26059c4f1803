import { deploymentSpecSchema } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasManifestsRenderAction } from './renderManifests';
import { examples } from './renderManifests.examples';

describe('hmas:manifests:render examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasManifestsRenderAction(hmas.options).examples).toBe(
      examples,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const hmas = fakeHmas(() => ({
        status: 200,
        body: {
          manifests: [{ kind: 'Deployment' }],
          yaml: 'kind: Deployment\n',
        },
      }));
      const ctx = actionContext(exampleInput(example));

      await createHmasManifestsRenderAction(hmas.options).handler(ctx);

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `POST ${BASE_URL}/deployments?dryRun=true`,
      ]);
      expect(
        deploymentSpecSchema.safeParse(hmas.calls[0].body).error,
      ).toBeUndefined();
      expect(ctx.output).toHaveBeenCalledWith('yaml', 'kind: Deployment\n');
    },
  );
});
