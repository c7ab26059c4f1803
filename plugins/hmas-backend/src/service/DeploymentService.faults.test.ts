/* eslint-disable jest/no-conditional-expect -- a faulted call may legitimately succeed
   (the write took effect) or fail; each branch asserts what its outcome requires, and
   both branches end in the same unconditional check that nothing is left. */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { recordTestReport } from '@h-mas/test-utils';
import { FaultSpec, KarmadaSimulator } from '@h-mas/karmada-sim';
import { DEPLOYMENT_ID_LABEL } from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { DEPLOYMENT_KINDS, llamaOnCpu } from '../__testUtils__/deployments';
import { pathOf, startClusterSimulator } from '../__testUtils__/karmada';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DeploymentService } from './DeploymentService';

/**
 * A fault at every step of create, update and delete, against the simulator over HTTP and
 * both databases: a 5xx, a stall past the request deadline, a conflict, and a dropped
 * connection before and after Karmada applied the write. Whatever the outcome of the call,
 * the retry or the recovery task must converge with no orphan in Karmada and no stray row.
 * The counts are printed at the end.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ctx = { actor: 'user:default/ada', source: 'api' as const };
const TIMEOUT_MS = 250;

const spec = () => llamaOnCpu();

const KINDS = DEPLOYMENT_KINDS;

/** The faults tried at each step; `late` ones let the write land after the client gave up. */
const FAULTS: Array<{ name: string; fault: FaultSpec; late?: boolean }> = [
  { name: '500', fault: { status: 500 } },
  { name: 'stall past the deadline', fault: { latencyMs: 600 }, late: true },
  { name: '409 conflict', fault: { conflict: true } },
  { name: 'dropped before the write', fault: { dropConnection: true } },
  {
    name: 'dropped after the write',
    fault: { dropConnection: true, afterApply: true },
  },
  { name: '503 after the write', fault: { status: 503, afterApply: true } },
];

const counts = {
  tried: 0,
  succeeded: 0,
  failedCleanly: 0,
  recovered: 0,
  orphans: 0,
  strayRows: 0,
};

afterAll(() => {
  recordTestReport(
    'deployment-faults',
    `Lifecycle faults: tried ${counts.tried}, succeeded despite the fault ${counts.succeeded}, failed and rolled back ${counts.failedCleanly}, finished by the recovery task ${counts.recovered}; left behind: ${counts.orphans} orphaned objects, ${counts.strayRows} stray rows`,
  );
});

describe.each(databases.eachSupportedId())(
  'deployment lifecycle under faults on %p',
  databaseId => {
    let sim: KarmadaSimulator;

    beforeEach(async () => {
      sim = await startClusterSimulator();
    });
    afterEach(() => sim.close());

    async function setup() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseDeploymentStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      const service = new DeploymentService({
        karmada: new KarmadaClient({
          url: sim.url,
          token: sim.token,
          timeoutMs: TIMEOUT_MS,
          retryDelayMs: 5,
        }),
        store,
        logger: mockServices.logger.mock(),
        // Every unfinished operation counts as abandoned: the tests call recover() only
        // when no call is in flight.
        staleAfterMs: 0,
      });
      return { service, store, audit };
    }

    /** Objects in Karmada of deployment `llama` (by name label or id label). */
    function objects(): string[] {
      return KINDS.flatMap(kind =>
        sim.store
          .list('karmada', kind)
          .items.filter(
            o =>
              o.metadata.labels?.['h-mas.io/deployment'] === 'llama' ||
              o.metadata.labels?.[DEPLOYMENT_ID_LABEL],
          )
          .map(o => `${kind}/${o.metadata.name}`),
      ).sort();
    }

    const settle = () => new Promise(r => setTimeout(r, 700));

    /** Nothing of the deployment remains: no object, no row. Counts what does. */
    async function expectNothingLeft(
      store: DatabaseDeploymentStore,
      label: string,
    ) {
      const left = objects();
      const rows = await store.list();
      counts.orphans += left.length;
      counts.strayRows += rows.length;
      expect({ label, left, rows: rows.map(r => r.name) }).toEqual({
        label,
        left: [],
        rows: [],
      });
    }

    it('create: a fault at every step either succeeds or leaves nothing, and a retry converges', async () => {
      const { service, store } = await setup();
      const planned = (await service.create(spec(), { ...ctx, dryRun: true }))
        .manifests;
      for (const [step, object] of planned.entries()) {
        for (const { name, fault, late } of FAULTS) {
          const label = `step ${step} (${object.kind}), ${name}`;
          counts.tried++;
          sim.faults.clear();
          sim.faults.inject({
            ...fault,
            match: { method: 'POST', pathPrefix: pathOf(object) },
            times: 1,
          });
          const outcome = await service.create(spec(), ctx).then(
            r => r.deployment,
            (e: Error) => e,
          );
          if (late) await settle();
          // A write that took effect is read back, not reported as a failure (or a 409).
          if (fault.afterApply) {
            expect({ label, outcome: String(outcome) }).toEqual({
              label,
              outcome: '[object Object]',
            });
          }
          if (outcome instanceof Error) {
            // The call failed: its rollback (or, for a write that landed after the deadline,
            // the recovery task's orphan sweep) leaves nothing.
            const recovery = await service.recover();
            if (recovery.orphansDeleted > 0) counts.recovered++;
            else counts.failedCleanly++;
            await expectNothingLeft(store, label);
          } else {
            counts.succeeded++;
            expect({ label, state: outcome!.state }).toEqual({
              label,
              state: 'active',
            });
            expect(outcome!.operation).toBeUndefined();
            expect(objects()).toHaveLength(planned.length);
            await service.delete(outcome!.id, ctx);
          }
          // Converges: the same request now succeeds and deletes cleanly.
          sim.faults.clear();
          const again = await service.create(spec(), ctx);
          expect(objects()).toHaveLength(planned.length);
          await service.delete(again.deployment!.id, ctx);
          await expectNothingLeft(store, `${label}, after the retry`);
        }
      }
    });

    it('update: a fault at the patch either succeeds, or puts everything back, or the recovery task finishes it', async () => {
      const { service, store } = await setup();
      const { deployment } = await service.create(spec(), ctx);
      const target = deployment!.objects.find(o => o.kind === 'Deployment')!;
      const replicasInKarmada = () =>
        sim.store.get('karmada', 'Deployment', 'llama', 'default').spec
          .replicas;
      let replicas = 1;
      for (const { name, fault } of FAULTS) {
        // One fault per try: the client's retry of the merge patch gets through.
        for (const times of [1, 3]) {
          const label = `${name} x${times}`;
          counts.tried++;
          sim.faults.clear();
          sim.faults.inject({
            ...fault,
            match: { method: 'PATCH', pathPrefix: pathOf(target) },
            times,
          });
          const want = replicas + 1;
          const outcome = await service
            .update(deployment!.id, { replicas: want }, ctx)
            .then(
              r => r,
              (e: Error) => e,
            );
          // Let a stalled patch land before judging (a stall that outlives every try is
          // a known gap: see the package README).
          if (fault.latencyMs) await settle();
          sim.faults.clear();
          let row = await store.get(deployment!.id);
          if (outcome instanceof Error) {
            if (row!.operation) {
              // Its rollback met the fault too (a conflict is not retried): the journal
              // keeps the update and the recovery task finishes it.
              expect(row!.operation).toMatchObject({ kind: 'update' });
              await service.recover();
              counts.recovered++;
              row = await store.get(deployment!.id);
            } else {
              counts.failedCleanly++;
            }
          } else {
            counts.succeeded++;
          }
          // Whatever happened, Karmada and the row agree, and nothing is pending.
          replicas = Number(row!.spec.replicas ?? 1);
          expect({ label, replicas: replicasInKarmada() }).toEqual({
            label,
            replicas,
          });
          expect(row!.operation).toBeUndefined();
          if (!(outcome instanceof Error)) expect(replicas).toBe(want);
        }
      }

      // The patch fails, and so does the end of its rollback (the database is down for that
      // write): the journal keeps the update and the recovery task finishes it once Karmada
      // answers again. (Karmada alone cannot fail a rollback here: a patch is conditional on
      // the version read, so one that never landed needs no putting back.)
      counts.tried++;
      sim.faults.clear();
      sim.faults.inject({
        status: 500,
        match: { method: 'PATCH', pathPrefix: pathOf(target) },
      });
      const finish = jest
        .spyOn(store, 'finishOperation')
        .mockRejectedValueOnce(new Error('database down'));
      await expect(
        service.update(deployment!.id, { replicas: replicas + 1 }, ctx),
      ).rejects.toThrow('Karmada answered 500');
      finish.mockRestore();
      expect((await store.get(deployment!.id))!.operation).toMatchObject({
        kind: 'update',
        target: { replicas: replicas + 1 },
      });
      await expect(
        service.update(deployment!.id, { replicas: 9 }, ctx),
      ).rejects.toThrow(/is busy: an unfinished update holds it/);
      sim.faults.clear();
      expect(await service.recover()).toMatchObject({
        abandoned: 1,
        recovered: 1,
      });
      counts.recovered++;
      expect(replicasInKarmada()).toBe(replicas + 1);
      const row = await store.get(deployment!.id);
      expect(row!.spec.replicas).toBe(replicas + 1);
      expect(row!.operation).toBeUndefined();
      await service.delete(deployment!.id, ctx);
      await expectNothingLeft(store, 'update');
    });

    it('delete: a fault at every step either succeeds or leaves a deleting row that the recovery task finishes, with one audit entry each', async () => {
      const { service, store, audit } = await setup();
      let deletions = 0;
      const planned = (await service.create(spec(), { ...ctx, dryRun: true }))
        .manifests;
      for (const object of [...planned].reverse()) {
        for (const { name, fault } of FAULTS) {
          const label = `${object.kind}, ${name}`;
          counts.tried++;
          sim.faults.clear();
          const { deployment } = await service.create(spec(), ctx);
          // Unlimited: every try of the DELETE (and its read-back) meets the fault.
          sim.faults.inject({
            ...fault,
            match: {
              method: 'DELETE',
              pathPrefix: `${pathOf(object)}/${object.metadata.name}`,
            },
          });
          const outcome = await service.delete(deployment!.id, ctx).then(
            () => undefined,
            (e: Error) => e,
          );
          deletions++;
          if (fault.latencyMs) await settle();
          sim.faults.clear();
          if (outcome instanceof Error) {
            const row = await store.get(deployment!.id);
            expect({ label, state: row?.state }).toEqual({
              label,
              state: 'deleting',
            });
            expect(row!.operation?.kind).toBe('delete');
            await service.recover();
            counts.recovered++;
          } else {
            counts.succeeded++;
          }
          await expectNothingLeft(store, label);
        }
      }
      const entries = (await audit.list({ limit: 500 })).filter(
        e => e.action === 'deployment.delete',
      );
      expect(entries).toHaveLength(deletions);
    });

    it('a stuck create is listed with its operation and can be deleted', async () => {
      const { service, store } = await setup();
      // Karmada fails the second create and every delete: the create fails, and so does its
      // rollback.
      const planned = (await service.create(spec(), { ...ctx, dryRun: true }))
        .manifests;
      sim.faults.inject({
        match: { method: 'POST', pathPrefix: pathOf(planned[1]) },
        status: 503,
      });
      sim.faults.inject({ match: { method: 'DELETE' }, status: 503 });
      await expect(service.create(spec(), ctx)).rejects.toThrow(
        'Karmada answered 503',
      );
      const [stuck] = await service.list();
      expect(stuck).toMatchObject({
        name: 'llama',
        state: 'creating',
        operation: {
          kind: 'create',
          step: expect.stringMatching(/^roll back: /),
        },
      });
      await expect(service.get(stuck.id)).resolves.toMatchObject({
        state: 'creating',
      });
      sim.faults.clear();
      await service.delete(stuck.id, ctx);
      await expectNothingLeft(store, 'stuck create');
    });
  },
);
