import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { kubeConfigFor, raw } from '../__testUtils__/kube';

interface Seen {
  type: string;
  name?: string;
  rv?: string;
  object: any;
}

/** Starts a client-node watch and collects its events until `done`. */
async function startWatch(
  sim: KarmadaSimulator,
  path: string,
  query: Record<string, string | number | boolean>,
) {
  const events: Seen[] = [];
  let resolveDone: (err: unknown) => void = () => {};
  const done = new Promise<unknown>(resolve => {
    resolveDone = resolve;
  });
  const controller = await new Watch(kubeConfigFor(sim)).watch(
    path,
    query,
    (type, object) =>
      events.push({
        type,
        name: object?.metadata?.name,
        rv: object?.metadata?.resourceVersion,
        object,
      }),
    err => resolveDone(err),
  );
  return { events, done, stop: () => controller.abort() };
}

async function waitFor(check: () => boolean, timeoutMs = 3000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('watch', () => {
  let sim: KarmadaSimulator;
  let core: CoreV1Api;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      historyLimit: 5,
      bookmarkIntervalMs: 50,
    });
    core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await sim.close();
  });

  it('sends ADDED for current objects, then live changes with new resourceVersions', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'w1' } },
    });
    const w = await startWatch(
      sim,
      '/api/v1/namespaces/default/configmaps',
      {},
    );
    await waitFor(() => w.events.length === 1);
    const before = Number(w.events[0].rv);
    await core.patchNamespacedConfigMap({
      name: 'w1',
      namespace: 'default',
      body: [{ op: 'add', path: '/data', value: { a: '1' } }],
    });
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
    await waitFor(() => w.events.length === 3);
    expect(w.events.map(e => `${e.type} ${e.name}`)).toEqual([
      'ADDED w1',
      'MODIFIED w1',
      'DELETED w1',
    ]);
    expect(Number(w.events[1].rv)).toBeGreaterThan(before);
    expect(Number(w.events[2].rv)).toBeGreaterThan(Number(w.events[1].rv));
    expect(w.events[0].object).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
    w.stop();
  });

  it('resumes from a resourceVersion and turns selector transitions into ADDED/DELETED', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'w2' } },
    });
    const w = await startWatch(sim, '/api/v1/namespaces/default/configmaps', {
      resourceVersion: created.metadata!.resourceVersion!,
      labelSelector: 'watched=yes',
    });
    await core.patchNamespacedConfigMap({
      name: 'w2',
      namespace: 'default',
      body: [
        { op: 'add', path: '/metadata/labels', value: { watched: 'yes' } },
      ],
    });
    await core.patchNamespacedConfigMap({
      name: 'w2',
      namespace: 'default',
      body: [{ op: 'replace', path: '/metadata/labels/watched', value: 'no' }],
    });
    await waitFor(() => w.events.length === 2);
    expect(w.events.map(e => e.type)).toEqual(['ADDED', 'DELETED']);
    w.stop();
  });

  it('sends BOOKMARK events when allowed and ends at timeoutSeconds', async () => {
    const w = await startWatch(sim, '/api/v1/namespaces/default/configmaps', {
      allowWatchBookmarks: true,
      timeoutSeconds: 1,
      resourceVersion: sim.store.resourceVersion,
    });
    await waitFor(() => w.events.some(e => e.type === 'BOOKMARK'));
    const bookmark = w.events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: sim.store.resourceVersion },
    });
    await expect(w.done).resolves.toBeFalsy();
  });

  it('sends a 410 Expired ERROR event for a too-old resourceVersion, then closes', async () => {
    const first = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'old' } },
    });
    for (let i = 0; i < 6; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `filler${i}` } },
      });
    }
    const res = await raw(
      sim,
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${
        first.metadata!.resourceVersion
      }`,
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    const lines = res.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
        message: expect.stringMatching(
          /^too old resource version: \d+ \(\d+\)$/,
        ),
      },
    });
    const w = await startWatch(sim, '/api/v1/namespaces/default/configmaps', {
      resourceVersion: first.metadata!.resourceVersion!,
    });
    await w.done;
    expect(w.events.map(e => [e.type, e.object.code])).toEqual([
      ['ERROR', 410],
    ]);
  });

  it('answers 400 for a malformed resourceVersion and ends watches on close', async () => {
    const bad = await raw(
      sim,
      'GET',
      '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc',
    );
    expect(bad.status).toBe(400);
    const other = await startKarmadaSimulator();
    const w = await startWatch(other, '/api/v1/namespaces', {});
    await waitFor(() => w.events.length === 3);
    await other.close();
    await w.done;
    expect(w.events.map(e => e.name)).toEqual([
      'default',
      'karmada-system',
      'kube-system',
    ]);
  });
});
