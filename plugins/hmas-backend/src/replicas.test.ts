import { TestDatabases } from '@backstage/backend-test-utils';
import { recordTestReport } from '@h-mas/test-utils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/backendProcess';
import { llamaOnCpu, until } from './__testUtils__/deployments';

/**
 * Two backend processes (Backstage's `createBackend` with the H-MAS plugin) on one PostgreSQL
 * database and one Karmada (the simulator with its controller): scheduled tasks run on one
 * replica at a time, a label edit on one is seen by the other, their binding caches agree on
 * a deployment's status, and a create on one and a delete on the other of the same name behave
 * as on one replica.
 */

jest.setTimeout(300_000);

const TOKEN = 'replica-test-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const spec = llamaOnCpu('shared', { owner: 'group:default/ml-team' });

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const postgres = databases.eachSupportedId();
if (postgres.length === 0) {
  // eslint-disable-next-line no-console
  console.warn(
    '!!! SKIPPED: the replica tests need PostgreSQL 15 (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING); make test finds it on 127.0.0.1:5432',
  );
  describe('two backend replicas on one PostgreSQL', () => {
    it.todo('SKIPPED: PostgreSQL 15 is not reachable');
  });
}

describe.each(postgres.length ? postgres : [])(
  'two backend replicas on one %p',
  databaseId => {
    let karmada: EmbeddedKarmada;
    let a: BackendProcess;
    let b: BackendProcess;
    let dropDatabase: () => Promise<void>;

    /** Recovery passes in flight on the control plane, and the most at once. */
    const recovery = { runs: 0, inFlight: 0, most: 0 };

    beforeAll(async () => {
      karmada = await startEmbeddedKarmada({ modelLoadMs: 200 });
      // Each recovery pass lists OverridePolicies across namespaces (its orphan sweep), and
      // nothing else here does: slowed down, overlapping passes would show.
      karmada.sim.faults.inject({
        match: {
          method: 'GET',
          pathPrefix: '/apis/policy.karmada.io/v1alpha1/overridepolicies',
        },
        latencyMs: 1_500,
        observe: () => {
          recovery.runs++;
          recovery.most = Math.max(recovery.most, ++recovery.inFlight);
          return () => recovery.inFlight--;
        },
      });
      const knex = await databases.init(databaseId);
      const connection = { ...(knex.client.config.connection as object) };
      delete (connection as { database?: string }).database;
      const prefix = `hmas_replicas_${randomUUID().slice(0, 8)}_`;
      dropDatabase = async () => {
        await knex.raw(`DROP DATABASE IF EXISTS "${prefix}hmas" WITH (FORCE)`);
      };
      const config = {
        backend: {
          database: { client: 'pg', connection, prefix },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: TOKEN, subject: 'replica-test' },
              },
            ],
          },
        },
        hmas: {
          karmada: { mode: 'remote', url: karmada.url, token: karmada.token },
          reconciler: {
            schedule: {
              frequency: { milliseconds: 200 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            },
          },
          // Out of the way: the reconciler's LIST of clusters must be the only one.
          clusterCache: {
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 1 },
              initialDelay: { hours: 1 },
            },
          },
          recovery: {
            schedule: {
              frequency: { milliseconds: 200 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            },
          },
        },
      };
      // One after the other: the first runs the migrations.
      a = await startBackendProcess(config);
      b = await startBackendProcess(config);
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await karmada?.close();
      await dropDatabase?.();
    });

    it('runs the recovery task on one replica at a time', async () => {
      // Each replica also runs one pass of its own at start-up (compare-and-set makes that
      // safe beside a scheduled one): count from when those are over.
      await new Promise(r => setTimeout(r, 3_000));
      await until('the start-up passes to end', async () =>
        recovery.inFlight <= 1 ? true : undefined,
      );
      Object.assign(recovery, { runs: 0, most: recovery.inFlight });
      const start = recovery.runs;
      await until('several recovery passes', async () =>
        recovery.runs - start >= 4 ? true : undefined,
      );
      recordTestReport(
        'replicas',
        `Replicas: ${recovery.runs} recovery passes seen, at most ${recovery.most} at once`,
      );
      expect(recovery.most).toBe(1);
    });

    it('runs the label reconciler on one replica at a time', async () => {
      // The reconciler's pass starts with a LIST of the clusters; nothing else lists them
      // now (the cache refresh is scheduled an hour out, and no API call is made).
      const reconciler = { runs: 0, inFlight: 0, most: 0 };
      const observer = karmada.sim.faults.inject({
        match: {
          method: 'GET',
          pathPrefix: '/apis/cluster.karmada.io/v1alpha1/clusters',
        },
        latencyMs: 1_000,
        observe: () => {
          reconciler.runs++;
          reconciler.most = Math.max(reconciler.most, ++reconciler.inFlight);
          return () => reconciler.inFlight--;
        },
      });
      try {
        await until('several reconciler passes', async () =>
          reconciler.runs >= 4 ? true : undefined,
        );
      } finally {
        observer.remove();
      }
      recordTestReport(
        'replicas',
        `Replicas: ${reconciler.runs} reconciler passes seen, at most ${reconciler.most} at once`,
      );
      expect(reconciler.most).toBe(1);
    });

    it('shows a label edit made on one replica on the other', async () => {
      const edit = await request(a.url)
        .patch('/api/hmas/clusters/edge-joined/labels')
        .set(auth)
        .send({ set: { team: 'replicated' } });
      expect(edit.status).toBe(200);
      const zones = (await request(b.url).get('/api/hmas/clusters').set(auth))
        .body.zones as Array<{
        clusters: Array<{ name: string; labels: any }>;
      }>;
      const cluster = zones
        .flatMap(z => z.clusters)
        .find(c => c.name === 'edge-joined');
      expect(cluster?.labels.team).toBe('replicated');
      const one = await request(b.url)
        .get('/api/hmas/clusters/edge-joined')
        .set(auth);
      expect(one.body.labels.team).toBe('replicated');
    });

    it('creates on one and deletes on the other; both report the same status meanwhile', async () => {
      const created = await request(a.url)
        .post('/api/hmas/deployments')
        .set(auth)
        .send(spec);
      expect(created.status).toBe(201);
      const id = created.body.deployment.id;
      // A second create of the name on the other replica is the same 409 as on one.
      const again = await request(b.url)
        .post('/api/hmas/deployments')
        .set(auth)
        .send(spec);
      expect(again.status).toBe(409);
      // Each replica's ResourceBinding cache follows Karmada's watch: both see it ready.
      const status = (server: BackendProcess) =>
        request(server.url)
          .get(`/api/hmas/deployments/${id}`)
          .set(auth)
          .then(r => r.body.status?.phase);
      await until('both replicas to report the deployment ready', async () =>
        (await status(a)) === 'ready' && (await status(b)) === 'ready'
          ? true
          : undefined,
      );

      const deleted = await request(b.url)
        .delete(`/api/hmas/deployments/${id}`)
        .set(auth);
      expect(deleted.status).toBe(204);
      for (const server of [a, b]) {
        expect(
          (await request(server.url).get('/api/hmas/deployments').set(auth))
            .body.items,
        ).toEqual([]);
        expect(
          (
            await request(server.url)
              .get(`/api/hmas/deployments/${id}`)
              .set(auth)
          ).status,
        ).toBe(404);
      }
      expect(
        karmada.sim.store
          .list('karmada', 'Deployment')
          .items.filter(o => o.metadata.name === 'shared'),
      ).toEqual([]);
      const recreated = await request(a.url)
        .post('/api/hmas/deployments')
        .set(auth)
        .send(spec);
      expect(recreated.status).toBe(201);
    });
  },
);
