import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import request from 'supertest';
import { llamaOnCpu, until } from './__testUtils__/deployments';
import { as, start } from './__testUtils__/permissionBackend';

jest.setTimeout(120_000);

const ML = {
  name: 'ml-research',
  team: 'group:default/ml-research',
  description: 'ML research',
  quota: { pods: 2 },
  priorityClasses: ['inference-critical', 'experiment'],
};

/**
 * Team namespaces over REST with the shipped permission policy and the simulator: the
 * platform team defines them, everyone reads them, a researcher's deployment goes to their
 * team's namespace within its quota, and another team's is refused.
 */
describe('team namespaces over REST', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  });
  afterEach(() => karmada.close());

  const namespaceInKarmada = (name: string) =>
    karmada.sim.store.tryGet('karmada', 'Namespace', name);

  it('lets only the platform team define, change and delete them, and everyone read them', async () => {
    const server = await start(karmada);
    const refused = await request(server)
      .post('/api/hmas/namespaces')
      .set(as('user:default/rita'))
      .send(ML);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Not allowed to define team namespaces',
    );
    expect(namespaceInKarmada('ml-research')).toBeUndefined();

    const bad = await request(server)
      .post('/api/hmas/namespaces')
      .set(as('user:default/pat'))
      .send({ ...ML, quota: { pods: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('quota/pods must be >= 1');

    const created = await request(server)
      .post('/api/hmas/namespaces')
      .set(as('user:default/pat'))
      .send(ML);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...ML, state: 'active' });
    expect(namespaceInKarmada('ml-research')).toBeDefined();

    const listed = await request(server)
      .get('/api/hmas/namespaces?usage=true')
      .set(as('user:default/sam'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n: { name: string }) => n.name)).toEqual([
      'ml-research',
    ]);
    expect(listed.body.items[0].usage.map((u: any) => u.cluster)).toContain(
      'cpu-oregon',
    );

    for (const [method, user] of [
      ['patch', 'user:default/rita'],
      ['delete', 'user:default/sam'],
    ] as const) {
      const res = await request(server)
        [method]('/api/hmas/namespaces/ml-research')
        .set(as(user))
        .send(method === 'patch' ? { quota: { pods: 50 } } : undefined);
      expect(res.status).toBe(403);
    }
    const changed = await request(server)
      .patch('/api/hmas/namespaces/ml-research')
      .set(as('user:default/pat'))
      .send({ quota: { pods: 3 } });
    expect(changed.status).toBe(200);
    expect(changed.body.quota).toEqual({ pods: 3 });

    const missing = await request(server)
      .get('/api/hmas/namespaces/nope')
      .set(as('user:default/rita'));
    expect(missing.status).toBe(404);

    const deleted = await request(server)
      .delete('/api/hmas/namespaces/ml-research')
      .set(as('user:default/pat'));
    expect(deleted.status).toBe(204);
    expect(namespaceInKarmada('ml-research')).toBeUndefined();

    const audit = await request(server)
      .get('/api/hmas/audit?targetKind=namespace')
      .set(as('user:default/pat'));
    expect(
      audit.body.items.map((e: any) => [e.action, e.actor, e.outcome]),
    ).toEqual([
      ['namespace.delete', 'user:default/pat', 'succeeded'],
      ['namespace.update', 'user:default/pat', 'succeeded'],
      // Refused and invalid requests wrote nothing, so they are not audited.
      ['namespace.create', 'user:default/pat', 'succeeded'],
    ]);
  });

  it("places a researcher's deployment in their team namespace within its quota and refuses another team", async () => {
    const server = await start(karmada);
    await request(server)
      .post('/api/hmas/namespaces')
      .set(as('user:default/pat'))
      .send(ML)
      .expect(201);

    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('rita-chat'));
    expect(created.status).toBe(201);
    expect(created.body.deployment).toMatchObject({
      namespace: 'ml-research',
      owner: 'group:default/ml-research',
    });
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        'Deployment',
        'rita-chat',
        'ml-research',
      ),
    ).toBeDefined();

    const intruder = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/sam'))
      .send(llamaOnCpu('sam-chat', { namespace: 'ml-research' }));
    expect(intruder.status).toBe(403);
    expect(intruder.body.error.message).toBe(
      'Not allowed to deploy into team namespace ml-research: it belongs to group:default/ml-research',
    );

    await until('the quota counts rita-chat', async () => {
      const ns = await request(server)
        .get('/api/hmas/namespaces/ml-research')
        .set(as('user:default/rita'));
      return (
        ns.body.usage.find((u: any) => u.cluster === 'cpu-oregon')?.used
          .pods === '1'
      );
    });
    const over = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rhea'))
      .send(llamaOnCpu('rhea-chat', { replicas: 2 }));
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe(
      'Invalid deployment: replicas: exceeds quota team-quota of team namespace ml-research: 2 replica(s) request pods=2; headroom left: cpu-oregon: pods=1',
    );
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        'Deployment',
        'rhea-chat',
        'ml-research',
      ),
    ).toBeUndefined();

    // A team namespace that holds a deployment is not deleted.
    const held = await request(server)
      .delete('/api/hmas/namespaces/ml-research')
      .set(as('user:default/pat'));
    expect(held.status).toBe(409);
  });
});
