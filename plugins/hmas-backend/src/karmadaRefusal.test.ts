import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import request from 'supertest';
import { llamaOnCpu } from './__testUtils__/deployments';
import { as, start } from './__testUtils__/permissionBackend';

jest.setTimeout(90_000);

/**
 * H-MAS reaching Karmada with a token that may only read (the simulator's read-only token,
 * kube's RBAC 403 on every write): the portal answers 403 naming Karmada's refusal, and a
 * refused multi-step write leaves neither rows nor objects behind. Reads keep working.
 */
describe('when Karmada refuses H-MAS its writes', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  });
  afterEach(() => karmada.close());

  it('answers 403 with Karmada’s reason and changes nothing', async () => {
    const server = await start(karmada, undefined, karmada.readOnlyToken);

    const clusters = await request(server)
      .get('/api/hmas/clusters')
      .set(as('user:default/pat'));
    expect(clusters.status).toBe(200);

    const before = karmada.sim.store.tryGet(
      'karmada',
      'clusters.cluster.karmada.io',
      'cpu-oregon',
    )!.metadata.labels;
    const labels = await request(server)
      .patch('/api/hmas/clusters/cpu-oregon/labels')
      .set(as('user:default/pat'))
      .send({ set: { team: 'ml' } });
    expect(labels.status).toBe(403);
    expect(labels.body.error.name).toBe('NotAllowedError');
    expect(labels.body.error.message).toContain('Karmada refused');
    expect(labels.body.error.message).toContain('is forbidden: User');
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        'clusters.cluster.karmada.io',
        'cpu-oregon',
      )!.metadata.labels,
    ).toEqual(before);

    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('refused'));
    expect(created.status).toBe(403);
    expect(created.body.error.message).toContain('Karmada refused');
    const listed = await request(server)
      .get('/api/hmas/deployments')
      .set(as('user:default/rita'));
    expect(listed.body.items).toEqual([]);
    expect(
      ['Deployment', 'Service', 'PropagationPolicy', 'PersistentVolumeClaim']
        .flatMap(kind => karmada.sim.store.list('karmada', kind).items)
        .filter(o => o.metadata.name?.startsWith('refused')),
    ).toEqual([]);
  });
});
