import { ConflictError, InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasPropagationPolicyAction } from './createPropagationPolicy';

const spec = {
  resourceSelectors: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  ],
  placement: { clusterAffinity: { clusterNames: ['c1'] } },
};

describe('hmas:policy:propagation:create', () => {
  it('posts a PropagationPolicy in the default namespace and outputs what was created', async () => {
    const hmas = fakeHmas(call => ({
      status: 201,
      body: {
        ...(call.body as object),
        metadata: { name: 'web', namespace: 'default', resourceVersion: '42' },
      },
    }));
    const ctx = actionContext({ metadata: { name: 'web' }, spec });

    await createHmasPropagationPolicyAction(hmas.options).handler(ctx);

    expect(hmas.calls).toEqual([
      {
        method: 'POST',
        url: `${BASE_URL}/policies`,
        headers: {
          authorization: await hmas.expectedAuthorization(),
          'x-hmas-source': 'scaffolder',
          'content-type': 'application/json',
        },
        body: {
          apiVersion: 'policy.karmada.io/v1alpha1',
          kind: 'PropagationPolicy',
          metadata: { name: 'web', namespace: 'default' },
          spec,
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'web');
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'default');
    expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '42');
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid policy: spec.failover.application.gracePeriodSeconds: must be greater than 0',
      ),
    );
    const ctx = actionContext({ metadata: { name: 'web' }, spec });

    const run = createHmasPropagationPolicyAction(hmas.options).handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'spec.failover.application.gracePeriodSeconds: must be greater than 0',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('reports a 503 with the status and the backend’s message', async () => {
    const hmas = fakeHmas(() => errorAnswer(503, 'Karmada is unreachable'));

    await expect(
      createHmasPropagationPolicyAction(hmas.options).handler(
        actionContext({ metadata: { name: 'web' }, spec }),
      ),
    ).rejects.toThrow(
      'H-MAS API POST /policies: Karmada is unreachable (503 Service Unavailable)',
    );
  });

  it('on a retry adopts the policy its earlier attempt created', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'POST'
        ? errorAnswer(409, 'propagationpolicies "web" already exists')
        : {
            status: 200,
            body: {
              kind: 'PropagationPolicy',
              metadata: {
                name: 'web',
                namespace: 'default',
                resourceVersion: '7',
              },
              spec,
            },
          },
    );
    const ctx = actionContext({ metadata: { name: 'web' }, spec });

    await createHmasPropagationPolicyAction(hmas.options).handler(ctx);

    expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
      `POST ${BASE_URL}/policies`,
      `GET ${BASE_URL}/policies/propagationpolicies/default/web`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '7');
  });

  it('on a conflict with a different policy of that name fails and outputs nothing', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'POST'
        ? errorAnswer(409, 'propagationpolicies "web" already exists')
        : {
            status: 200,
            body: {
              metadata: { name: 'web', namespace: 'default' },
              spec: {
                ...spec,
                placement: { clusterAffinity: { clusterNames: ['c2'] } },
              },
            },
          },
    );
    const ctx = actionContext({ metadata: { name: 'web' }, spec });

    const run = createHmasPropagationPolicyAction(hmas.options).handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      'PropagationPolicy default/web already exists with a different spec',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
