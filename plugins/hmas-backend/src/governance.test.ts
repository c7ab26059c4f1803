import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import {
  createHmasDeploymentConditionalDecision,
  hmasDeploymentConditions,
} from '@h-mas/plugin-hmas-node';
import request from 'supertest';
import { onBehalfOfHeader } from '@h-mas/test-utils';
import { DEPLOYMENT_KINDS, llamaOnCpu } from './__testUtils__/deployments';
import { as, start } from './__testUtils__/permissionBackend';

jest.setTimeout(90_000);

describe('governance: the shipped permission policy over REST', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 300 });
  });
  afterEach(() => karmada.close());

  const objectsNamed = (name: string) =>
    DEPLOYMENT_KINDS.flatMap(kind =>
      karmada.sim.store
        .list('karmada', kind)
        .items.filter(o => o.metadata.labels?.['h-mas.io/deployment'] === name),
    );
  const clusterLabels = (name: string) =>
    karmada.sim.store
      .list('karmada', 'Cluster')
      .items.find(c => c.metadata.name === name)!.metadata.labels ?? {};

  it('lets owners and their groups manage a deployment, refuses others, and lets admins do anything', async () => {
    const server = await start(karmada);
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .send(llamaOnCpu('team-llama', { owner: 'group:default/ml-research' }));
    expect(created.status).toBe(201);
    const id = created.body.deployment.id;

    // Someone outside the owning group: refused, and nothing changes.
    const patch = await request(server)
      .patch(`/api/hmas/deployments/${id}`)
      .set(as('user:default/sam'))
      .send({ replicas: 2 });
    expect(patch.status).toBe(403);
    expect(patch.body.error.message).toBe(
      'Not allowed to change deployment default/team-llama (owned by group:default/ml-research)',
    );
    const del = await request(server)
      .delete(`/api/hmas/deployments/${id}`)
      .set(as('user:default/sam'));
    expect(del.status).toBe(403);
    expect(objectsNamed('team-llama')).not.toEqual([]);
    const read = await request(server)
      .get(`/api/hmas/deployments/${id}`)
      .set(as('user:default/sam'));
    expect(read.body.spec.replicas ?? 1).toBe(1);

    // Everyone reads.
    const list = await request(server)
      .get('/api/hmas/deployments')
      .set(as('user:default/sam'));
    expect(list.body.items.map((d: any) => d.name)).toEqual(['team-llama']);

    // A member of the owning group who did not create it may change it.
    const byTeammate = await request(server)
      .patch(`/api/hmas/deployments/${id}`)
      .set(as('user:default/rhea'))
      .send({ replicas: 2 });
    expect(byTeammate.status).toBe(200);

    // A platform admin may change and delete anyone's.
    const byAdmin = await request(server)
      .patch(`/api/hmas/deployments/${id}`)
      .set(as('user:default/pat'))
      .send({ replicas: 1 });
    expect(byAdmin.status).toBe(200);
    const gone = await request(server)
      .delete(`/api/hmas/deployments/${id}`)
      .set(as('user:default/pat'));
    expect(gone.status).toBe(204);

    // A deployment that is gone is a 404, not a 403.
    expect(
      (
        await request(server)
          .patch(`/api/hmas/deployments/${id}`)
          .set(as('user:default/sam'))
          .send({ replicas: 2 })
      ).status,
    ).toBe(404);
  });

  it('keeps clusters, policies and presets to platform admins, and audits a service token write as api', async () => {
    const server = await start(karmada);
    const CLUSTER = karmada.sim.store.list('karmada', 'Cluster').items[0]
      .metadata.name!;
    type Caller = ReturnType<typeof callerOf>;
    const callerOf = (user: string) => ({
      patch: (p: string) => request(server).patch(p).set(as(user)),
      post: (p: string) => request(server).post(p).set(as(user)),
    });
    const writes = [
      (r: Caller) =>
        r.patch(`/api/hmas/clusters/${CLUSTER}/labels`).send({
          set: { owner: 'ml' },
        }),
      (r: Caller) =>
        r.post('/api/hmas/clusters').send({
          name: 'new-cluster',
          zone: 'cpu-only',
          apiEndpoint: 'https://10.0.0.9:6443',
        }),
      (r: Caller) =>
        r.post('/api/hmas/policies').send({
          apiVersion: 'policy.karmada.io/v1alpha1',
          kind: 'PropagationPolicy',
          metadata: { name: 'llama', namespace: 'default' },
          spec: {
            resourceSelectors: [
              { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
            ],
            placement: { clusterAffinity: { clusterNames: ['cpu-oregon'] } },
          },
        }),
      (r: Caller) =>
        r.post('/api/hmas/presets').send({
          name: 'spread-two',
          title: 'Spread over two',
          placement: { replicaScheduling: { type: 'Duplicated' } },
        }),
    ];
    for (const write of writes) {
      const refused = await write(callerOf('user:default/rita'));
      expect(refused.status).toBe(403);
      expect(refused.body.error.name).toBe('NotAllowedError');
    }
    expect(clusterLabels(CLUSTER).owner).toBeUndefined();

    // Everyone reads them.
    for (const path of ['/clusters', '/policies', '/presets', '/audit']) {
      const res = await request(server)
        .get(`/api/hmas${path}`)
        .set(as('user:default/rita'));
      expect([path, res.status]).toEqual([path, 200]);
    }

    // The admin writes them.
    const asAdmin = callerOf('user:default/pat');
    expect((await writes[0](asAdmin)).status).toBe(200);
    expect(clusterLabels(CLUSTER).owner).toBe('ml');
    expect((await writes[2](asAdmin)).status).toBe(201);
    expect((await writes[3](asAdmin)).status).toBe(201);

    // A service token (another plugin, or an external-access token of a script) is not a
    // user: Backstage's permissions service allows service-to-service calls without asking
    // the policy (an external token is limited by its accessRestrictions in app-config). Its
    // write is audited as source `api` with the service as actor.
    const service = { Authorization: mockCredentials.service.header() };
    const post = await request(server)
      .post('/api/hmas/deployments')
      .set(service)
      .send(llamaOnCpu('from-script'));
    expect(post.status).toBe(201);
    const audit = await request(server)
      .get('/api/hmas/audit?targetKind=deployment')
      .set(service);
    expect(
      audit.body.items.map((e: any) => [e.targetName, e.actor, e.source]),
    ).toContainEqual([
      'default/from-script',
      mockCredentials.service().principal.subject,
      'api',
    ]);
  });

  it('records the audit source from the credentials, never from a header', async () => {
    const server = await start(karmada);
    await request(server)
      .post('/api/hmas/deployments')
      .set(as('user:default/rita'))
      .set('x-hmas-source', 'scaffolder')
      .send(llamaOnCpu('from-portal'));
    await request(server)
      .post('/api/hmas/deployments')
      .set({
        Authorization: onBehalfOfHeader('user:default/rhea', 'scaffolder'),
      })
      .set('x-hmas-source', 'ui')
      .send(llamaOnCpu('from-scaffolder'));
    const audit = await request(server)
      .get('/api/hmas/audit?targetKind=deployment')
      .set(as('user:default/pat'));
    const sources = Object.fromEntries(
      audit.body.items.map((e: any) => [e.targetName, [e.actor, e.source]]),
    );
    expect(sources['default/from-portal']).toEqual(['user:default/rita', 'ui']);
    expect(sources['default/from-scaffolder']).toEqual([
      'user:default/rhea',
      'scaffolder',
    ]);
  });
});

describe('governance: the audit log of failed writes, filtered and paged on the server', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 300 });
  });
  afterEach(() => karmada.close());

  it('audits a write that failed after it was attempted, and not one refused before writing', async () => {
    const server = await start(karmada);
    const preset = {
      name: 'spread-two',
      title: 'Spread over two',
      placement: { replicaScheduling: { type: 'Duplicated' } },
    };
    const asAdmin = () => as('user:default/pat');
    const post = () =>
      request(server).post('/api/hmas/presets').set(asAdmin()).send(preset);
    expect((await post()).status).toBe(201);
    // Refused before anything is written: a conflict and bad input are not audited.
    expect((await post()).status).toBe(409);
    const bad = await request(server)
      .post('/api/hmas/presets')
      .set(asAdmin())
      .send({ ...preset, name: 'Bad_Name' });
    expect(bad.status).toBe(400);
    // Attempted and failed: Karmada is gone.
    await karmada.close();
    const again = await request(server)
      .post('/api/hmas/clusters')
      .set(asAdmin())
      .send({
        name: 'new-cluster',
        zone: 'cpu-only',
        apiEndpoint: 'https://10.0.0.9:6443',
      });
    expect(again.status).toBeGreaterThanOrEqual(500);

    const audit = async (query: string) =>
      (
        await request(server)
          .get(`/api/hmas/audit?${query}`)
          .set(as('user:default/rita'))
      ).body;
    const failed = await audit('outcome=failed');
    expect(failed.items).toEqual([
      expect.objectContaining({
        action: 'cluster.create',
        targetKind: 'cluster',
        targetName: 'new-cluster',
        actor: 'user:default/pat',
        source: 'ui',
        outcome: 'failed',
        summary: `failed: ${again.body.error.message}`,
        details: {
          error: {
            name: again.body.error.name,
            message: again.body.error.message,
          },
        },
      }),
    ]);
    expect(
      (await audit('outcome=succeeded&targetKind=preset')).items.map(
        (e: any) => e.action,
      ),
    ).toEqual(['preset.create']);
    const byRita = await audit(
      `actor=${encodeURIComponent('user:default/rita')}`,
    );
    expect([byRita.items, byRita.error?.message]).toEqual([[], undefined]);
    const bad400 = await request(server)
      .get('/api/hmas/audit?outcome=maybe')
      .set(as('user:default/rita'));
    expect(bad400.status).toBe(400);

    // Paged newest first by the cursor.
    const first = await audit('limit=1');
    expect(first.items.map((e: any) => e.action)).toEqual(['cluster.create']);
    const second = await audit(`limit=1&before=${first.nextBefore}`);
    expect(second.items.map((e: any) => e.action)).toEqual(['preset.create']);
    expect(second.nextBefore).toBeUndefined();
  });
});

describe('governance: a policy that answers with conditions', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 300 });
  });
  afterEach(() => karmada.close());

  /** Reads are limited to namespace `vision`; everything else is allowed. */
  const visionOnly = createBackendModule({
    pluginId: 'permission',
    moduleId: 'test-vision-only',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            async handle(req) {
              if (req.permission.name === 'hmas.deployment.read') {
                return createHmasDeploymentConditionalDecision(
                  req.permission as any,
                  hmasDeploymentConditions.hasDeploymentNamespace({
                    namespaces: ['vision'],
                  }),
                );
              }
              return { result: AuthorizeResult.ALLOW };
            },
          });
        },
      });
    },
  });

  it('filters lists by the conditions in the database and applies them to one deployment', async () => {
    const server = await start(karmada, visionOnly);
    karmada.sim.store.create('karmada', 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'vision' },
    });
    const ids: Record<string, string> = {};
    for (const namespace of ['vision', 'default']) {
      const res = await request(server)
        .post('/api/hmas/deployments')
        .set(as('user:default/sam'))
        .send(llamaOnCpu(`llama-${namespace}`, { namespace }));
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      ids[namespace] = res.body.deployment.id;
    }
    const list = await request(server)
      .get('/api/hmas/deployments')
      .set(as('user:default/sam'));
    expect(list.body.items.map((d: any) => d.name)).toEqual(['llama-vision']);
    expect(
      (
        await request(server)
          .get(`/api/hmas/deployments/${ids.vision}`)
          .set(as('user:default/sam'))
      ).status,
    ).toBe(200);
    const hidden = await request(server)
      .get(`/api/hmas/deployments/${ids.default}`)
      .set(as('user:default/sam'));
    expect(hidden.status).toBe(403);

    // Other plugins and the frontend get the same answer from the permission backend, which
    // has this plugin apply the conditions to the rows it loads (an unknown id is no row).
    const condition = (resourceRef: string) => ({
      resourceRef,
      resourceType: 'hmas-deployment',
      conditions: {
        rule: 'HAS_NAMESPACE',
        resourceType: 'hmas-deployment',
        params: { namespaces: ['vision'] },
      },
    });
    const applied = await request(server)
      .post('/api/hmas/.well-known/backstage/permissions/apply-conditions')
      .set({ Authorization: mockCredentials.service.header() })
      .send({
        items: [
          { id: 'a', ...condition(ids.vision) },
          { id: 'b', ...condition(ids.default) },
          { id: 'c', ...condition('not-a-deployment') },
        ],
      });
    expect(applied.status).toBe(200);
    expect(applied.body.items).toEqual([
      { id: 'a', result: AuthorizeResult.ALLOW },
      { id: 'b', result: AuthorizeResult.DENY },
      { id: 'c', result: AuthorizeResult.DENY },
    ]);
  });
});
