import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { PRIORITY_CLASS_POLICY_NAME } from '@h-mas/plugin-hmas-common';
import request from 'supertest';
import { DEPLOYMENT_KINDS, llamaOnCpu } from './__testUtils__/deployments';
import { as, start } from './__testUtils__/permissionBackend';

jest.setTimeout(90_000);

const PRIORITY_CLASSES = 'priorityclasses.scheduling.k8s.io';

/**
 * A deployment's pods are refused at admission on a cluster without their PriorityClass
 * (FailedCreate, forever). H-MAS creates its preset classes through Karmada before the first
 * object, and refuses any other class that a cluster of the placement lacks, naming it,
 * before any write.
 */
describe('the PriorityClass of a deployment', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  });
  afterEach(() => karmada.close());

  /** A CPU Only cluster and a GPU General one of the seed fleet, both ready. */
  const twoClusters = () => {
    const items = karmada.sim.store.list(
      'karmada',
      'clusters.cluster.karmada.io',
    ).items;
    const ready = (c: (typeof items)[number]) =>
      (c.status?.conditions ?? []).some(
        (k: { type: string; status: string }) =>
          k.type === 'Ready' && k.status === 'True',
      );
    const pick = (tier: string) =>
      items.find(c => c.metadata.labels?.['gpu-tier'] === tier && ready(c))!
        .metadata.name as string;
    return [pick('none'), pick('general')].sort();
  };

  const objectsNamed = (name: string) =>
    DEPLOYMENT_KINDS.flatMap(
      kind => karmada.sim.store.list('karmada', kind).items,
    ).filter(o => o.metadata.name?.includes(name));

  const batchLow = {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'batch-low' },
    value: 1000,
  };

  it('refuses a class a cluster of the placement lacks, naming the clusters, and writes nothing', async () => {
    const server = await start(karmada);
    const clusters = twoClusters();
    const body = llamaOnCpu('batch', {
      priorityClassName: 'batch-low',
      placement: { mode: 'clusters', clusters },
    });
    const create = () =>
      request(server)
        .post('/api/hmas/deployments')
        .set(as('user:default/rita'))
        .send(body);

    const refused = await create();
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      `Invalid deployment: priorityClassName: PriorityClass batch-low does not exist on clusters ${clusters.join(
        ', ',
      )}; its pods would be refused there. Create it there (or propagate it through Karmada), or choose one of inference-critical, training, experiment`,
    );

    // On one cluster only: the other is still named.
    karmada.sim.store.create(clusters[0], PRIORITY_CLASSES, batchLow);
    const partly = await create();
    expect(partly.status).toBe(400);
    expect(partly.body.error.message).toContain(
      `PriorityClass batch-low does not exist on cluster ${clusters[1]};`,
    );
    expect(objectsNamed('batch')).toEqual([]);
    const listed = await request(server)
      .get('/api/hmas/deployments')
      .set(as('user:default/rita'));
    expect(listed.body.items).toEqual([]);

    // On both: accepted.
    karmada.sim.store.create(clusters[1], PRIORITY_CLASSES, batchLow);
    expect((await create()).status).toBe(201);
  });

  it('creates its preset class on every cluster through Karmada before the first object', async () => {
    const server = await start(karmada);
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        PRIORITY_CLASSES,
        'inference-critical',
      ),
    ).toBeUndefined();
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('chat'));
    expect(created.status).toBe(201);
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        PRIORITY_CLASSES,
        'inference-critical',
      ),
    ).toMatchObject({ value: 1_000_000 });
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        'clusterpropagationpolicies.policy.karmada.io',
        PRIORITY_CLASS_POLICY_NAME,
      ),
    ).toBeDefined();
  });
});
