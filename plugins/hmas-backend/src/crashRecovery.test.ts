import { TestDatabases } from '@backstage/backend-test-utils';
import { recordTestReport } from '@h-mas/test-utils';
import { KarmadaSimulator } from '@h-mas/karmada-sim';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/backendProcess';
import {
  DEPLOYMENT_KINDS,
  llamaOnCpu,
  until,
} from './__testUtils__/deployments';
import { pathOf, startClusterSimulator } from './__testUtils__/karmada';

/**
 * `kill -9` of a real backend process (Backstage's `createBackend` with the H-MAS plugin) at
 * every step of a create and of a delete, while Karmada is slow to answer that step; then a
 * restart on the same database. The restarted backend's recovery task (on Backstage's
 * scheduler) must converge: no object left in Karmada, no row, one audit entry per deletion,
 * and the same request succeeding afterwards.
 */

jest.setTimeout(600_000);

const TOKEN = 'crash-test-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const spec = llamaOnCpu('llama', { owner: 'group:default/ml-team' });
/** How long Karmada sits on the request the backend is killed in; it lands afterwards. */
const STALL_MS = 1_500;

/**
 * `make test` kills at one step of each (the last step of a create, the first of a delete);
 * `make reliability` (HMAS_RELIABILITY=full) at every step.
 */
const FULL = process.env.HMAS_RELIABILITY === 'full';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'kill -9 of the backend, then a restart, on %p',
  databaseId => {
    let sim: KarmadaSimulator;
    let backend: BackendProcess | undefined;
    let database: Record<string, unknown>;
    let cleanup: () => Promise<void> = async () => {};

    beforeAll(async () => {
      sim = await startClusterSimulator();
      if (databaseId === 'SQLITE_3') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmas-crash-db-'));
        database = { client: 'better-sqlite3', connection: { directory: dir } };
        cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      } else {
        // A database of its own (prefix), on the same server TestDatabases uses.
        const knex = await databases.init(databaseId);
        const connection = { ...(knex.client.config.connection as object) };
        delete (connection as { database?: string }).database;
        const prefix = `hmas_crash_${randomUUID().slice(0, 8)}_`;
        database = { client: 'pg', connection, prefix };
        cleanup = async () => {
          await knex.raw(
            `DROP DATABASE IF EXISTS "${prefix}hmas" WITH (FORCE)`,
          );
        };
      }
    });
    afterAll(async () => {
      await backend?.stop();
      await sim?.close();
      await cleanup();
    });

    const start = () =>
      startBackendProcess({
        backend: {
          database,
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: TOKEN, subject: 'crash-test' },
              },
            ],
          },
        },
        hmas: {
          karmada: {
            mode: 'remote',
            url: sim.url,
            token: sim.token,
            requestTimeoutMs: 10_000,
            retryDelayMs: 10,
          },
          recovery: {
            staleAfterMs: 500,
            schedule: {
              frequency: { milliseconds: 500 },
              timeout: { seconds: 10 },
              initialDelay: { seconds: 0 },
            },
          },
        },
      });

    /** Objects in Karmada of deployment `llama`. */
    const objects = () =>
      DEPLOYMENT_KINDS.flatMap(kind =>
        sim.store
          .list('karmada', kind)
          .items.filter(
            o => o.metadata.labels?.['h-mas.io/deployment'] === 'llama',
          )
          .map(o => `${kind}/${o.metadata.name}`),
      );
    const deployments = async (b: BackendProcess) =>
      (await request(b.url).get('/api/hmas/deployments').set(auth)).body
        .items as Array<{ id: string; state: string }>;

    async function converged(b: BackendProcess) {
      try {
        await until('nothing left in Karmada or the database', async () => {
          const rows = await deployments(b);
          return rows.length === 0 && objects().length === 0;
        });
      } catch (e) {
        // Say what is left, and what the backend said about it.
        const rows = await deployments(b).catch(err => String(err));
        throw new Error(
          `${(e as Error).message}\nleft in Karmada: ${JSON.stringify(
            objects(),
          )}\nrows: ${JSON.stringify(rows)}\nbackend log:\n${b
            .output()
            .split('\n')
            .filter(l => /recover|rolled|error|warn|task/i.test(l))
            .slice(-40)
            .join('\n')}`,
        );
      }
    }

    it('converges after a kill during a create and during a delete (at every step with HMAS_RELIABILITY=full)', async () => {
      backend = await start();
      const dryRun = await request(backend.url)
        .post('/api/hmas/deployments?dryRun=true')
        .set(auth)
        .send(spec);
      expect(dryRun.status).toBe(200);
      const planned = dryRun.body.manifests as Array<{
        apiVersion: string;
        kind: string;
        metadata: { name: string; namespace: string };
      }>;
      let deletions = 0;

      const createSteps = FULL ? planned : planned.slice(-1);
      const deleteSteps = FULL
        ? [...planned].reverse()
        : [...planned].reverse().slice(0, 1);
      if (!FULL) {
        recordTestReport(
          'crash-recovery',
          `QUICK SUBSET: kill -9 at one step of create and one of delete; \`make reliability\` kills at all ${planned.length} steps of each`,
        );
      }

      // Create: killed while Karmada sits on the POST of step k.
      for (const object of createSteps) {
        const fault = sim.faults.inject({
          match: { method: 'POST', pathPrefix: pathOf(object) },
          latencyMs: STALL_MS,
          times: 1,
        });
        const victim = backend;
        request(victim.url)
          .post('/api/hmas/deployments')
          .set(auth)
          .send(spec)
          .catch(() => undefined);
        await until(
          `the create to reach ${object.kind}`,
          async () => fault.hits > 0,
        );
        await victim.kill();
        backend = await start();
        await converged(backend);

        const again = await request(backend.url)
          .post('/api/hmas/deployments')
          .set(auth)
          .send(spec);
        expect({ step: object.kind, status: again.status }).toEqual({
          step: object.kind,
          status: 201,
        });
        expect(objects()).toHaveLength(planned.length);
        const del = await request(backend.url)
          .delete(`/api/hmas/deployments/${again.body.deployment.id}`)
          .set(auth);
        expect(del.status).toBe(204);
        deletions++;
        await converged(backend);
      }

      // Delete: killed while Karmada sits on the DELETE of step k (newest first).
      for (const object of deleteSteps) {
        const created = await request(backend.url)
          .post('/api/hmas/deployments')
          .set(auth)
          .send(spec);
        expect(created.status).toBe(201);
        const fault = sim.faults.inject({
          match: {
            method: 'DELETE',
            pathPrefix: `${pathOf(object)}/${object.metadata.name}`,
          },
          latencyMs: STALL_MS,
          times: 1,
        });
        const victim = backend;
        request(victim.url)
          .delete(`/api/hmas/deployments/${created.body.deployment.id}`)
          .set(auth)
          .catch(() => undefined);
        await until(
          `the delete to reach ${object.kind}`,
          async () => fault.hits > 0,
        );
        await victim.kill();
        deletions++;
        backend = await start();
        // Visible while unfinished; then finished by the recovery task.
        await converged(backend);
      }

      const audit = await request(backend.url)
        .get('/api/hmas/audit?targetKind=deployment&limit=200')
        .set(auth);
      const actions = (audit.body.items as Array<{ action: string }>).map(
        e => e.action,
      );
      expect(actions.filter(a => a === 'deployment.delete')).toHaveLength(
        deletions,
      );
      expect(
        actions.filter(a => a === 'deployment.create.rollback'),
      ).toHaveLength(createSteps.length);
      const left = objects().length;
      const rows = (await deployments(backend)).length;
      recordTestReport(
        'crash-recovery',
        `kill -9 on ${databaseId}: ${createSteps.length} kills in create, ${deleteSteps.length} in delete; ${createSteps.length} creates rolled back, ${deletions} deletions recorded once each; orphans left: ${left}, stray rows: ${rows}`,
      );
    });
  },
);
