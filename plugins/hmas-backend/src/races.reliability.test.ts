import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { KarmadaSimulator } from '@h-mas/karmada-sim';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import request from 'supertest';
import { DEPLOYMENT_KINDS, llamaOnCpu } from './__testUtils__/deployments';
import { startClusterSimulator } from './__testUtils__/karmada';
import { hmasPlugin } from './plugin';
import { recordTestReport } from '@h-mas/test-utils';

/**
 * Races over HTTP against the backend plugin, on SQLite and PostgreSQL: 50 label edits with
 * one resourceVersion (one wins, nothing lost), 50 without one (all land), 10 creates of one
 * name (one wins, one set of objects), 10 deletes of one deployment (one audit entry). The
 * counts are printed.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const spec = llamaOnCpu('race');
const KINDS = DEPLOYMENT_KINDS;
const lines: string[] = [];

afterAll(() => {
  recordTestReport('races', `Races:\n  ${lines.join('\n  ')}`);
});

describe.each(databases.eachSupportedId())('races on %p', databaseId => {
  let sim: KarmadaSimulator;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    sim = await startClusterSimulator();
    const knex = await databases.init(databaseId);
    ({ server } = await startTestBackend({
      features: [
        hmasPlugin,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({ url: sim.url, token: sim.token }),
        }),
        mockServices.database.factory({ knex, migrations: { skip: false } }),
      ],
    }));
  });
  afterAll(() => sim.close());

  const statuses = (results: Array<{ status: number }>) =>
    results
      .map(r => r.status)
      .sort()
      .join(',');
  const count = (results: Array<{ status: number }>, status: number) =>
    results.filter(r => r.status === status).length;

  it('50 label edits with one resourceVersion: exactly one wins, and its value is kept', async () => {
    const { body: before } = await request(server).get(
      '/api/hmas/clusters/edge-joined',
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(server)
          .patch('/api/hmas/clusters/edge-joined/labels')
          .send({
            set: { owner: `team-${i}` },
            resourceVersion: before.resourceVersion,
          }),
      ),
    );
    expect(statuses(results)).toBe(
      ['200', ...Array(49).fill('409')].sort().join(','),
    );
    const winner = results.find(r => r.status === 200)!.body.labels.owner;
    const { body: after } = await request(server).get(
      '/api/hmas/clusters/edge-joined',
    );
    expect(after.labels.owner).toBe(winner);
    lines.push(
      `${databaseId}: 50 label edits with one version: ${count(
        results,
        200,
      )} won, ${count(results, 409)} got 409; the winner's value is kept`,
    );
  });

  it('50 label edits without a version: every one lands (the server retries its own read-modify-write)', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(server)
          .patch('/api/hmas/clusters/edge-joined/labels')
          .send({ set: { [`race-${i}`]: 'x' } }),
      ),
    );
    expect(count(results, 200)).toBe(50);
    const { body: after } = await request(server).get(
      '/api/hmas/clusters/edge-joined',
    );
    const lost = Array.from({ length: 50 }, (_, i) => `race-${i}`).filter(
      k => after.labels[k] !== 'x',
    );
    expect(lost).toEqual([]);
    lines.push(
      `${databaseId}: 50 label edits without a version: ${count(
        results,
        200,
      )} landed, ${lost.length} lost`,
    );
  });

  it('10 creates of one name: one wins, the rest get 409, one set of objects', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).post('/api/hmas/deployments').send(spec),
      ),
    );
    expect(statuses(results)).toBe(
      ['201', ...Array(9).fill('409')].sort().join(','),
    );
    const rows = (await request(server).get('/api/hmas/deployments')).body
      .items;
    expect(rows.map((r: any) => [r.name, r.state])).toEqual([
      ['race', 'active'],
    ]);
    const objects = KINDS.flatMap(kind =>
      sim.store
        .list('karmada', kind)
        .items.filter(
          o => o.metadata.labels?.['h-mas.io/deployment'] === 'race',
        ),
    );
    // One of each object of the plan (llama.cpp on CPU has no OverridePolicy).
    expect(objects.map(o => o.kind).sort()).toEqual([
      'Deployment',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'PropagationPolicy',
      'Service',
    ]);
    lines.push(
      `${databaseId}: 10 creates of one name: ${count(
        results,
        201,
      )} created, ${count(results, 409)} got 409; ${rows.length} row, ${
        objects.length
      } objects`,
    );
  });

  it('10 deletes of one deployment: all succeed, one deletion is recorded, nothing is left', async () => {
    const [row] = (await request(server).get('/api/hmas/deployments')).body
      .items;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).delete(`/api/hmas/deployments/${row.id}`),
      ),
    );
    // A delete that finds the row already gone answers 404; one that runs alongside the
    // winner answers 204. Neither is an error, and neither records a second deletion.
    expect(results.every(r => r.status === 204 || r.status === 404)).toBe(true);
    expect(count(results, 204)).toBeGreaterThanOrEqual(1);
    const audit = (
      await request(server).get(
        `/api/hmas/audit?targetKind=deployment&targetName=default%2Frace`,
      )
    ).body.items.filter((e: any) => e.action === 'deployment.delete');
    expect(audit).toHaveLength(1);
    const left = KINDS.flatMap(kind =>
      sim.store
        .list('karmada', kind)
        .items.filter(
          o => o.metadata.labels?.['h-mas.io/deployment'] === 'race',
        ),
    );
    expect(left).toEqual([]);
    expect(
      (await request(server).get('/api/hmas/deployments')).body.items,
    ).toEqual([]);
    lines.push(
      `${databaseId}: 10 deletes: ${count(results, 204)} answered 204, ${count(
        results,
        404,
      )} 404 (already gone); ${audit.length} audit entry, ${
        left.length
      } objects left`,
    );
  });
});
