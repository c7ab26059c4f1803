import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { KarmadaSimulator } from '@h-mas/karmada-sim';
import {
  karmadaConnectionServiceRef,
  KarmadaClient,
} from '@h-mas/plugin-hmas-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { onBehalfOfHeader } from '@h-mas/test-utils';
import { startClusterSimulator } from './__testUtils__/karmada';
import { hmasPlugin } from './plugin';

jest.setTimeout(60_000);

describe('hmas backend plugin over HTTP', () => {
  let sim: KarmadaSimulator;
  let karmada: KarmadaClient;

  beforeEach(async () => {
    sim = await startClusterSimulator();
    karmada = new KarmadaClient({ url: sim.url, token: sim.token });
  });
  afterEach(() => sim.close());

  async function start(options: { deny?: boolean } = {}) {
    const { server } = await startTestBackend({
      features: [
        hmasPlugin,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({ url: sim.url, token: sim.token }),
        }),
        mockServices.rootConfig.factory({
          data: { hmas: { karmada: { mode: 'embedded' } } },
        }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
    return server;
  }

  it('answers /health without credentials and reports the Karmada mode', async () => {
    const res = await request(await start()).get('/api/hmas/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'ok',
      karmada: { mode: 'embedded' },
    });
  });

  it('lists clusters grouped by zone and reads one', async () => {
    const server = await start();
    const list = await request(server).get('/api/hmas/clusters');
    expect(list.status).toBe(200);
    expect(list.body.zones.map((z: any) => z.title)).toEqual([
      'GPU High Performance',
      'GPU General',
      'CPU Only',
      'Unclassified',
    ]);
    const one = await request(server).get('/api/hmas/clusters/cpu-oregon');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: 'cpu-oregon', zone: 'cpu-only' });
    expect((await request(server).get('/api/hmas/clusters/nope')).status).toBe(
      404,
    );
    const bad = await request(server).get('/api/hmas/clusters/Bad_Name');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Invalid cluster name');
  });

  it('lands every one of 30 concurrent label edits without a version: no lost update', async () => {
    const server = await start();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(server)
          .patch('/api/hmas/clusters/edge-joined/labels')
          .send({ set: { [`team-${i}`]: 'ml' } }),
      ),
    );
    expect(results.map(r => r.status)).toEqual(results.map(() => 200));
    const labels = (await karmada.getCluster('edge-joined')).metadata.labels!;
    for (let i = 0; i < 30; i++) expect(labels[`team-${i}`]).toBe('ml');
  });

  it('lets exactly one of 10 concurrent edits with the same version win; the rest get 409', async () => {
    const server = await start();
    const { body: before } = await request(server).get(
      '/api/hmas/clusters/edge-joined',
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(server)
          .patch('/api/hmas/clusters/edge-joined/labels')
          .send({
            set: { owner: `team-${i}` },
            resourceVersion: before.resourceVersion,
          }),
      ),
    );
    const statuses = results.map(r => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const winner = results.find(r => r.status === 200)!.body.labels.owner;
    expect(
      (await karmada.getCluster('edge-joined')).metadata.labels!.owner,
    ).toBe(winner);
  });

  it('changes labels, records the UI as the source, and answers 409 on a stale version', async () => {
    const server = await start();
    const { body: before } = await request(server).get(
      '/api/hmas/clusters/edge-joined',
    );
    const res = await request(server)
      .patch('/api/hmas/clusters/edge-joined/labels')
      .send({
        set: { 'gpu-tier': 'general' },
        resourceVersion: before.resourceVersion,
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      zone: 'gpu-general',
      labels: { 'gpu-tier': 'general', 'cluster-type': 'standard' },
    });

    const stale = await request(server)
      .patch('/api/hmas/clusters/edge-joined/labels')
      .send({
        set: { 'gpu-tier': 'high' },
        resourceVersion: before.resourceVersion,
      });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('changed since it was read');

    const audit = await request(server).get(
      '/api/hmas/audit?targetKind=cluster&targetName=edge-joined',
    );
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      source: 'ui',
      actor: 'user:default/mock',
    });

    const list = await request(server).get('/api/hmas/clusters');
    const general = list.body.zones.find((z: any) => z.zone === 'gpu-general');
    expect(general.clusters.map((c: any) => c.name)).toContain('edge-joined');
  });

  it.each([
    [{ set: { 'bad key': 'x' } }, 'set.bad key: Key name must consist of'],
    [{ set: { ok: 'bad value' } }, 'set.ok: Value must consist of'],
    [{}, 'Nothing to change'],
    [
      { set: { a: '1' }, labels: {} },
      "Unrecognized key(s) in object: 'labels'",
    ],
  ])(
    'refuses label change %j with 400 naming the field and changes nothing',
    async (body, message) => {
      const server = await start();
      const res = await request(server)
        .patch('/api/hmas/clusters/edge-joined/labels')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(
        (await karmada.getCluster('edge-joined')).metadata.labels ?? {},
      ).toEqual({});
      expect((await request(server).get('/api/hmas/audit')).body.items).toEqual(
        [],
      );
    },
  );

  it('registers a cluster (201) and refuses bad registrations naming the fields', async () => {
    const server = await start();
    const bad = await request(server)
      .post('/api/hmas/clusters')
      .send({ name: 'Bad_Name', apiEndpoint: 'nope', zone: 'gpu-ultra' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('name: must be a DNS-1123 label');
    expect(bad.body.error.message).toContain('apiEndpoint: must be a URL');
    expect(bad.body.error.message).toContain('zone: Invalid enum value');
    expect(
      (await karmada.listClusters()).items.map(c => c.metadata.name),
    ).not.toContain('Bad_Name');

    const ok = await request(server).post('/api/hmas/clusters').send({
      name: 'new-cpu',
      apiEndpoint: 'https://new-cpu.example:6443',
      zone: 'cpu-only',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      name: 'new-cpu',
      zone: 'cpu-only',
      syncMode: 'Push',
    });
    const again = await request(server).post('/api/hmas/clusters').send({
      name: 'new-cpu',
      apiEndpoint: 'https://new-cpu.example:6443',
      zone: 'cpu-only',
    });
    expect(again.status).toBe(409);
  });

  it('records the source the credentials say, whatever x-hmas-source claims', async () => {
    const server = await start();
    const edit = (authorization: string, team: string) =>
      request(server)
        .patch('/api/hmas/clusters/edge-joined/labels')
        .set('authorization', authorization)
        .set('x-hmas-source', 'reconciler')
        .send({ set: { team } });
    await edit(mockCredentials.user.header('user:default/ada'), 'ml');
    await edit(onBehalfOfHeader('user:default/ada', 'scaffolder'), 'infra');
    await edit(mockCredentials.service.header(), 'ops');
    const audit = await request(server).get(
      '/api/hmas/audit?targetKind=cluster&targetName=edge-joined',
    );
    expect(
      audit.body.items.map((e: any) => [
        e.summary.match(/team=(\w+)/)?.[1],
        e.actor,
        e.source,
      ]),
    ).toEqual([
      ['ops', mockCredentials.service().principal.subject, 'api'],
      ['infra', 'user:default/ada', 'scaffolder'],
      ['ml', 'user:default/ada', 'ui'],
    ]);
  });

  it('checks the cluster permissions', async () => {
    const server = await start({ deny: true });
    expect((await request(server).get('/api/hmas/clusters')).status).toBe(403);
    expect(
      (await request(server).get('/api/hmas/clusters/cpu-oregon')).status,
    ).toBe(403);
    const patch = await request(server)
      .patch('/api/hmas/clusters/edge-joined/labels')
      .send({ set: { 'gpu-tier': 'general' } });
    expect(patch.status).toBe(403);
    expect(patch.body.error.name).toBe('NotAllowedError');
    const post = await request(server)
      .post('/api/hmas/clusters')
      .send({ name: 'x', apiEndpoint: 'https://x.example', zone: 'none' });
    expect(post.status).toBe(403);
    expect((await request(server).get('/api/hmas/audit')).status).toBe(403);
    expect(
      (await karmada.getCluster('edge-joined')).metadata.labels ?? {},
    ).toEqual({});
  });

  it('requires credentials', async () => {
    const res = await request(await start())
      .get('/api/hmas/clusters')
      .set('authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  });

  it('reports an unreachable Karmada as 503', async () => {
    const server = await start();
    sim.faults.inject({ status: 503 });
    const res = await request(server).get('/api/hmas/clusters/cpu-oregon');
    expect(res.status).toBe(503);
  });
});
