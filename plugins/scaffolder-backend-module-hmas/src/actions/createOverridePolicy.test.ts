import { InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasOverridePolicyAction } from './createOverridePolicy';

const spec = {
  resourceSelectors: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  ],
  overrideRules: [
    {
      targetCluster: { clusterNames: ['c1'] },
      overriders: {
        plaintext: [
          {
            path: '/spec/template/spec/schedulerName',
            operator: 'replace',
            value: 'volcano',
          },
        ],
      },
    },
  ],
};

describe('hmas:policy:override:create', () => {
  it('posts an OverridePolicy in the given namespace and outputs what was created', async () => {
    const hmas = fakeHmas(call => ({
      status: 201,
      body: {
        ...(call.body as object),
        metadata: { name: 'web', namespace: 'ml', resourceVersion: '9' },
      },
    }));
    const ctx = actionContext({
      metadata: { name: 'web', namespace: 'ml' },
      spec,
    });

    await createHmasOverridePolicyAction(hmas.options).handler(ctx);

    expect(hmas.calls).toHaveLength(1);
    expect(hmas.calls[0]).toMatchObject({
      method: 'POST',
      url: `${BASE_URL}/policies`,
      body: {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'OverridePolicy',
        metadata: { name: 'web', namespace: 'ml' },
        spec,
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('name', 'web');
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'ml');
    expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '9');
  });

  it('on a retry reads the existing OverridePolicy by its plural and adopts it', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'POST'
        ? errorAnswer(409, 'overridepolicies "web" already exists')
        : {
            status: 200,
            body: { metadata: { name: 'web', namespace: 'default' }, spec },
          },
    );
    const ctx = actionContext({ metadata: { name: 'web' }, spec });

    await createHmasOverridePolicyAction(hmas.options).handler(ctx);

    expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
      `POST ${BASE_URL}/policies`,
      `GET ${BASE_URL}/policies/overridepolicies/default/web`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'web');
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid policy: spec.overrideRules[0].overriders.plaintext[0].path: must start with /',
      ),
    );
    const run = createHmasOverridePolicyAction(hmas.options).handler(
      actionContext({ metadata: { name: 'web' }, spec }),
    );
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'spec.overrideRules[0].overriders.plaintext[0].path: must start with /',
    );
  });
});
