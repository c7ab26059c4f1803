import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import request from 'supertest';
import { hmasPlugin } from './plugin';
import { DEPLOYMENT_KINDS } from './__testUtils__/deployments';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const llama = {
  name: 'llama-cpu',
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  model: {
    modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    sizeGb: 4.9,
  },
  placement: { mode: 'zone', zone: 'cpu-only' },
};

describe('deployments REST API against the embedded Karmada simulator', () => {
  let karmada: EmbeddedKarmada;

  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 300 });
  });
  afterEach(() => karmada.close());

  async function start(features: any[] = []) {
    const { server } = await startTestBackend({
      features: [
        hmasPlugin,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({ url: karmada.url, token: karmada.token }),
        }),
        ...features,
      ],
    });
    return server;
  }

  const objectsNamed = (name: string) =>
    DEPLOYMENT_KINDS.flatMap(kind =>
      karmada.sim.store
        .list('karmada', kind)
        .items.filter(o => o.metadata.labels?.['h-mas.io/deployment'] === name),
    );

  it('previews with dryRun and writes nothing', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/hmas/deployments?dryRun=true')
      .send(llama);
    expect(res.status).toBe(200);
    expect(res.body.deployment).toBeUndefined();
    expect(res.body.yaml).toContain('kind: PropagationPolicy');
    expect(res.body.yaml).toContain('--port');
    expect(objectsNamed('llama-cpu')).toEqual([]);
  });

  it.each([
    [{ ...llama, runtime: 'vllm', gpuMode: undefined }, 'placement.zone'],
    [{ ...llama, replicas: 0 }, 'replicas'],
    [{ ...llama, env: { 'BAD-NAME': 'x' } }, 'env.BAD-NAME'],
    [{ ...llama, resources: { memory: 'lots' } }, 'resources.memory'],
  ])('refuses %j with 400 naming the field', async (body, field) => {
    const server = await start();
    const res = await request(server).post('/api/hmas/deployments').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(field);
    expect(
      (await request(server).get('/api/hmas/deployments')).body.items,
    ).toEqual([]);
  });

  it('propagates the Secret of a secret env value with the Deployment, and returns it nowhere', async () => {
    const server = await start();
    const value = 'hf_rest-secret-value-7';
    const body = { ...llama, env: { HF_TOKEN: { secret: value } } };
    const plain = await request(server)
      .post('/api/hmas/deployments')
      .send({ ...llama, env: { HF_TOKEN: value } });
    expect([plain.status, plain.body.error?.message]).toEqual([
      400,
      expect.stringContaining('env.HF_TOKEN: HF_TOKEN looks like a secret'),
    ]);
    const dryRun = await request(server)
      .post('/api/hmas/deployments?dryRun=true')
      .send(body);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.yaml).toContain('kind: Secret');
    const created = await request(server)
      .post('/api/hmas/deployments')
      .send(body);
    expect(created.status).toBe(201);
    const list = await request(server).get('/api/hmas/deployments');
    const one = await request(server).get(
      `/api/hmas/deployments/${created.body.deployment.id}`,
    );
    const encoded = Buffer.from(value).toString('base64');
    for (const res of [dryRun, created, list, one]) {
      expect(res.text).not.toContain(value);
      expect(res.text).not.toContain(encoded);
    }
    expect(one.body.spec.env).toEqual({
      HF_TOKEN: {
        secretKeyRef: { name: 'llama-cpu-secrets', key: 'HF_TOKEN' },
      },
    });

    // Karmada places the Deployment; the Secret goes to the same members, with its value.
    const membersWith = (kind: string, name: string) =>
      karmada.sim.store
        .members()
        .filter(m => karmada.sim.store.tryGet(m, kind, name, 'default'));
    const deadline = Date.now() + 20_000;
    while (
      membersWith('Deployment', 'llama-cpu').length === 0 &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    const placed = membersWith('Deployment', 'llama-cpu');
    expect(placed.length).toBeGreaterThan(0);
    while (
      membersWith('Secret', 'llama-cpu-secrets').length < placed.length &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(membersWith('Secret', 'llama-cpu-secrets')).toEqual(placed);
    for (const member of placed) {
      expect(
        karmada.sim.store.get(member, 'Secret', 'llama-cpu-secrets', 'default')
          .data,
      ).toEqual({ HF_TOKEN: encoded });
    }
  });

  it('records one deletion when 10 deletes of one deployment race', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/hmas/deployments')
      .send(llama);
    expect(created.status).toBe(201);
    const id = created.body.deployment.id;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).delete(`/api/hmas/deployments/${id}`),
      ),
    );
    // Each answers "done" (204) or, arriving after the row was gone, "no such deployment".
    for (const r of results) expect([204, 404]).toContain(r.status);
    expect(results.some(r => r.status === 204)).toBe(true);
    expect(objectsNamed('llama-cpu')).toEqual([]);
    expect(
      (await request(server).get(`/api/hmas/deployments/${id}`)).status,
    ).toBe(404);
    const audit = await request(server).get(
      '/api/hmas/audit?targetKind=deployment&targetName=default%2Fllama-cpu',
    );
    expect([audit.status, audit.body.error?.message]).toEqual([200, undefined]);
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'deployment.delete',
      'deployment.create',
    ]);
  });

  it('creates, reports progress until the model is loaded, scales and deletes', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/hmas/deployments')
      .send(llama);
    expect(created.status).toBe(201);
    const id = created.body.deployment.id;
    expect(created.body.deployment).toMatchObject({
      name: 'llama-cpu',
      state: 'active',
      owner: 'user:default/mock',
    });

    const list = await request(server).get(
      '/api/hmas/deployments?runtime=llamacpp',
    );
    expect(list.body.items.map((d: any) => d.id)).toEqual([id]);
    expect(list.body.items[0].status).toMatchObject({
      phase: expect.stringMatching(
        /^(pending|scheduled|applied|loading-model|ready)$/,
      ),
      replicas: 1,
    });

    const phases: string[] = [];
    let ready: any;
    for (let i = 0; i < 100 && !ready; i++) {
      const res = await request(server).get(`/api/hmas/deployments/${id}`);
      expect(res.status).toBe(200);
      const { phase } = res.body.status;
      if (phases[phases.length - 1] !== phase) phases.push(phase);
      if (phase === 'ready') ready = res.body.status;
      else await new Promise(r => setTimeout(r, 50));
    }
    expect(ready).toMatchObject({
      readyReplicas: 1,
      clusters: [
        expect.objectContaining({
          cluster: 'cpu-oregon',
          replicas: 1,
          readyReplicas: 1,
          health: 'Healthy',
        }),
      ],
    });
    expect(phases[phases.length - 1]).toBe('ready');
    expect(phases).toContain('loading-model');

    const scaled = await request(server)
      .patch(`/api/hmas/deployments/${id}`)
      .send({ replicas: 2 });
    expect(scaled.status).toBe(200);
    expect(scaled.body.spec.replicas).toBe(2);
    const bad = await request(server)
      .patch(`/api/hmas/deployments/${id}`)
      .send({ replicas: 0 });
    expect(bad.status).toBe(400);

    expect(
      (await request(server).delete(`/api/hmas/deployments/${id}`)).status,
    ).toBe(204);
    expect(objectsNamed('llama-cpu')).toEqual([]);
    expect(
      (await request(server).get(`/api/hmas/deployments/${id}`)).status,
    ).toBe(404);
  });

  it('deploys with a policy preset: divided by available replicas, failover after 60 s', async () => {
    const server = await start();
    const bad = await request(server)
      .post('/api/hmas/presets')
      .send({
        name: 'bad-failover',
        title: 'Bad failover',
        placement: { replicaScheduling: { type: 'Duplicated' } },
        failover: { purgeMode: 'Directly', gracePeriodSeconds: 30 },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('failover.gracePeriodSeconds');

    const preset = await request(server)
      .post('/api/hmas/presets')
      .send({
        name: 'gpu-general-divided-failover-60',
        title: 'GPU General, divided, failover after 60 s',
        placement: {
          zone: 'gpu-general',
          replicaScheduling: {
            type: 'Divided',
            weighting: { mode: 'dynamic' },
          },
        },
        failover: { tolerationSeconds: 60 },
      });
    expect(preset.status).toBe(201);

    const created = await request(server)
      .post('/api/hmas/deployments')
      .send({
        ...llama,
        name: 'llama-gpu',
        gpuMode: 'gpu',
        replicas: 2,
        placement: { mode: 'zone', zone: 'gpu-general' },
        presetId: preset.body.id,
      });
    expect(created.status).toBe(201);
    expect(created.body.deployment.spec.presetId).toBe(preset.body.id);
    const policy: any = karmada.sim.store.get(
      'karmada',
      'PropagationPolicy',
      'llama-gpu-propagation',
      'default',
    );
    expect(policy.spec.propagateDeps).toBe(true);
    expect(
      policy.spec.failover.application.decisionConditions.tolerationSeconds,
    ).toBe(60);
    expect(policy.spec.placement.replicaScheduling).toMatchObject({
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
      weightPreference: { dynamicWeight: 'AvailableReplicas' },
    });

    const wrongZone = await request(server)
      .post('/api/hmas/deployments')
      .send({ ...llama, name: 'llama-wrong', presetId: preset.body.id });
    expect(wrongZone.status).toBe(400);
    expect(wrongZone.body.error.message).toContain('placement.zone');
    const unknown = await request(server)
      .post('/api/hmas/deployments')
      .send({
        ...llama,
        name: 'llama-unknown',
        presetId: '00000000-0000-4000-8000-000000000000',
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('presetId');
  });

  it('checks the read and create permissions and validates ids', async () => {
    // Two backends (two permission services) on one database.
    const database = mockServices.database.factory({
      knex: await databases.init('SQLITE_3'),
      migrations: { skip: false },
    });
    const open = await start([database]);
    const created = await request(open)
      .post('/api/hmas/deployments')
      .send(llama);
    expect(created.status).toBe(201);
    const server = await start([
      database,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    // A list shows what the caller may read: with read denied, nothing (as the catalog does).
    const list = await request(server).get('/api/hmas/deployments');
    expect([list.status, list.body.items]).toEqual([200, []]);
    expect(
      (
        await request(server).get(
          `/api/hmas/deployments/${created.body.deployment.id}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post('/api/hmas/deployments')
          .send({ ...llama, name: 'llama-two' })
      ).status,
    ).toBe(403);
    const bad = await request(open).get('/api/hmas/deployments/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('must be a deployment id');
  });
});
