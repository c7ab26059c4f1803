import { InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasClusterLabelsUpdateAction } from './updateClusterLabels';

describe('hmas:cluster:labels:update', () => {
  it('patches the labels through the H-MAS API and outputs the zone and labels', async () => {
    const labels = { 'gpu-tier': 'high', 'cluster-type': 'gpu' };
    const hmas = fakeHmas(() => ({
      status: 200,
      body: { name: 'gpu-cluster-1', zone: 'gpu-high', labels },
    }));
    const ctx = actionContext({
      name: 'gpu-cluster-1',
      set: { 'gpu-tier': 'high' },
      remove: ['gpu-type'],
    });

    await createHmasClusterLabelsUpdateAction(hmas.options).handler(ctx);

    expect(hmas.calls).toEqual([
      {
        method: 'PATCH',
        url: `${BASE_URL}/clusters/gpu-cluster-1/labels`,
        headers: {
          authorization: await hmas.expectedAuthorization(),
          'content-type': 'application/json',
        },
        body: { set: { 'gpu-tier': 'high' }, remove: ['gpu-type'] },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('zone', 'gpu-high');
    expect(ctx.output).toHaveBeenCalledWith('labels', labels);
  });

  it('sends empty set and remove when the template leaves them out', async () => {
    const hmas = fakeHmas(() => ({
      status: 200,
      body: { name: 'c1', zone: 'unclassified', labels: {} },
    }));

    await createHmasClusterLabelsUpdateAction(hmas.options).handler(
      actionContext({ name: 'c1', remove: ['gpu-tier'] }),
    );

    expect(hmas.calls[0].body).toEqual({ set: {}, remove: ['gpu-tier'] });
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid label change: set.gpu-tier: Unknown gpu-tier "ultra"',
      ),
    );
    const ctx = actionContext({ name: 'c1', set: { 'gpu-tier': 'ultra' } });

    const run = createHmasClusterLabelsUpdateAction(hmas.options).handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow('set.gpu-tier: Unknown gpu-tier "ultra"');
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
