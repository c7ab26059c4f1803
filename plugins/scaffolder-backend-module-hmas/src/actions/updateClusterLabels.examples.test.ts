import { clusterLabelsPatchSchema } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasClusterLabelsUpdateAction } from './updateClusterLabels';
import { examples } from './updateClusterLabels.examples';

describe('hmas:cluster:labels:update examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasClusterLabelsUpdateAction(hmas.options).examples).toBe(
      examples,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const input = exampleInput(example);
      const hmas = fakeHmas(() => ({
        status: 200,
        body: {
          name: input.name,
          zone: 'gpu-high',
          labels: { 'gpu-tier': 'high' },
        },
      }));
      const ctx = actionContext(input);

      await createHmasClusterLabelsUpdateAction(hmas.options).handler(ctx);

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `PATCH ${BASE_URL}/clusters/${input.name}/labels`,
      ]);
      expect(
        clusterLabelsPatchSchema.safeParse(hmas.calls[0].body).error,
      ).toBeUndefined();
      expect(ctx.output).toHaveBeenCalledWith('zone', 'gpu-high');
    },
  );
});
