import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import request from 'supertest';
import { llamaOnCpu } from './__testUtils__/deployments';
import { as, start } from './__testUtils__/permissionBackend';

jest.setTimeout(90_000);

const STORAGE_CLASSES = 'storageclasses.storage.k8s.io';

/**
 * A created model cache names its StorageClass: Karmada retains only a claim's volumeName
 * when it re-applies the template, so a class the member defaulted at create would be
 * dropped, and the member refuses that update. Without a configured class the backend reads
 * the members' default classes and names the placed clusters' one default.
 */
describe('the StorageClass of a created model cache', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  });
  afterEach(() => karmada.close());

  const cpuCluster = () =>
    karmada.sim.store
      .list('karmada', 'clusters.cluster.karmada.io')
      .items.find(c => c.metadata.labels?.['gpu-tier'] === 'none')!.metadata
      .name as string;

  it('names the placed clusters’ default class in the claim Karmada propagates', async () => {
    const server = await start(karmada);
    const defaults = karmada.sim.store
      .list(cpuCluster(), STORAGE_CLASSES)
      .items.filter(
        sc =>
          sc.metadata.annotations?.[
            'storageclass.kubernetes.io/is-default-class'
          ] === 'true',
      )
      .map(sc => sc.metadata.name);
    expect(defaults).toEqual(['standard']);
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('cache'));
    expect(created.status).toBe(201);
    const pvc = karmada.sim.store.tryGet(
      'karmada',
      'persistentvolumeclaims',
      'hmas-cache-model-cache',
      created.body.deployment.namespace,
    );
    expect(pvc?.spec?.storageClassName).toBe('standard');
  });

  it('refuses a placement on a cluster without a default class, naming it, and writes nothing', async () => {
    const cluster = cpuCluster();
    for (const sc of karmada.sim.store.list(cluster, STORAGE_CLASSES).items) {
      karmada.sim.store.delete(cluster, STORAGE_CLASSES, sc.metadata.name!);
    }
    const server = await start(karmada);
    const refused = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('cache'));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      `Invalid deployment: storage: ${cluster} has no default StorageClass, so the model cache would stay Pending there; set hmas.deployments.storageClassName (or per zone under hmas.deployments.zones) to a class every cluster has`,
    );
    expect(
      karmada.sim.store
        .list('karmada', 'persistentvolumeclaims')
        .items.filter(o => o.metadata.name?.includes('cache')),
    ).toEqual([]);
  });
});
