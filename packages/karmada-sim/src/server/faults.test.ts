import { CoreV1Api } from '@kubernetes/client-node';
import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';

describe('fault injection', () => {
  let sim: KarmadaSimulator;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({ members: ['member1'] });
  });

  afterEach(() => sim.faults.clear());

  afterAll(async () => {
    await sim.close();
  });

  it('fails a limited number of matching requests with a Status', async () => {
    const fault = sim.faults.inject({
      match: { method: 'GET', pathPrefix: '/api/v1/namespaces' },
      status: 503,
      times: 2,
    });
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const e = await failure(core.listNamespace());
    expect(e.code).toBe(503);
    expect(statusOf(e)).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      code: 503,
    });
    expect((await raw(sim, 'GET', '/api/v1/namespaces')).status).toBe(503);
    expect(fault.hits).toBe(2);
    expect(sim.faults.list()).toHaveLength(0);
    await expect(core.listNamespace()).resolves.toMatchObject({
      kind: 'NamespaceList',
    });
    // Not matching: a different method.
    sim.faults.inject({ match: { method: 'POST' }, status: 500 });
    expect((await raw(sim, 'GET', '/api/v1/namespaces')).status).toBe(200);
    const post = await raw(sim, 'POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'x' } },
    });
    expect(post.status).toBe(500);
    expect(post.body.reason).toBe('InternalError');
  });

  it('adds latency', async () => {
    sim.faults.inject({ latencyMs: 150, times: 1 });
    const start = Date.now();
    expect((await raw(sim, 'GET', '/version')).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  });

  it('applies a write and then loses or fails its reply (afterApply)', async () => {
    sim.faults.inject({
      match: { method: 'POST' },
      afterApply: true,
      dropConnection: true,
      times: 1,
    });
    await expect(
      raw(sim, 'POST', '/api/v1/namespaces', {
        body: { metadata: { name: 'lost-reply' } },
      }),
    ).rejects.toThrow();
    expect(
      sim.store.tryGet('karmada', 'Namespace', 'lost-reply'),
    ).toBeDefined();

    sim.faults.inject({
      match: { method: 'POST' },
      afterApply: true,
      status: 503,
      times: 1,
    });
    const failed = await raw(sim, 'POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'failed-reply' } },
    });
    expect(failed.status).toBe(503);
    expect(failed.body.message).toContain('after the write');
    expect(
      sim.store.tryGet('karmada', 'Namespace', 'failed-reply'),
    ).toBeDefined();
    // Without afterApply a failed write is not applied.
    sim.faults.inject({ match: { method: 'POST' }, status: 503, times: 1 });
    await raw(sim, 'POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'not-applied' } },
    });
    expect(
      sim.store.tryGet('karmada', 'Namespace', 'not-applied'),
    ).toBeUndefined();
  });

  it('lets a test observe matching requests and how many overlap', async () => {
    let inFlight = 0;
    let most = 0;
    let seen = 0;
    sim.faults.inject({
      match: { pathPrefix: '/version' },
      latencyMs: 100,
      observe: () => {
        seen++;
        most = Math.max(most, ++inFlight);
        return () => inFlight--;
      },
    });
    await Promise.all([
      raw(sim, 'GET', '/version'),
      raw(sim, 'GET', '/version'),
    ]);
    await raw(sim, 'GET', '/version');
    expect({ seen, most, inFlight }).toEqual({ seen: 3, most: 2, inFlight: 0 });
  });

  it('drops connections', async () => {
    sim.faults.inject({ dropConnection: true, times: 1 });
    await expect(raw(sim, 'GET', '/version')).rejects.toThrow();
    expect((await raw(sim, 'GET', '/version')).status).toBe(200);
  });

  it('answers Conflict for writes, per cluster', async () => {
    const fault = sim.faults.inject({
      match: { cluster: 'member1', method: 'PUT' },
      conflict: true,
    });
    const member = kubeConfigFor(sim, 'member1').makeApiClient(CoreV1Api);
    const cm = await member.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'c' } },
    });
    const e = await failure(
      member.replaceNamespacedConfigMap({
        name: 'c',
        namespace: 'default',
        body: cm,
      }),
    );
    expect(e.code).toBe(409);
    expect(statusOf(e).reason).toBe('Conflict');
    const control = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const cp = await control.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'c' } },
    });
    await expect(
      control.replaceNamespacedConfigMap({
        name: 'c',
        namespace: 'default',
        body: cp,
      }),
    ).resolves.toBeDefined();
    fault.remove();
    await expect(
      member.replaceNamespacedConfigMap({
        name: 'c',
        namespace: 'default',
        body: cm,
      }),
    ).resolves.toBeDefined();
  });
});
