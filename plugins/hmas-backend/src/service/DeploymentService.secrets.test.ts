import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { KarmadaSimulator } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { Knex } from 'knex';
import { llamaOnCpu } from '../__testUtils__/deployments';
import { pathOf, startClusterSimulator } from '../__testUtils__/karmada';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DeploymentService } from './DeploymentService';

/**
 * Secret env values through the one write path, against the simulator over HTTP on both
 * databases: a value entered as a secret is written to the deployment's own Secret and is
 * nowhere else (no row, no audit entry, no journal, no log line, no returned object); an
 * update writes the Secret first and puts it back on failure; the recovery task finishes an
 * update only if its Secret write landed; rows stored with plaintext secrets are migrated.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ctx = { actor: 'user:default/ada', source: 'api' as const };
const VALUE = 'hf_s3cret-value-0123456789';
const OTHER = 'sk-other-secret-value-987';
const b64 = (v: string) => Buffer.from(v).toString('base64');
const ownRef = (key: string) => ({
  secretKeyRef: { name: 'llama-secrets', key },
});
/** The container env entry of `key` read from the deployment's own Secret. */
const ownEnv = (key: string) => ({ name: key, valueFrom: ownRef(key) });

describe.each(databases.eachSupportedId())(
  'secret env values on %p',
  databaseId => {
    let sim: KarmadaSimulator;
    let knex: Knex;

    beforeEach(async () => {
      sim = await startClusterSimulator();
    });
    afterEach(() => sim.close());

    async function setup() {
      knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseDeploymentStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      const logger = mockServices.logger.mock();
      const service = new DeploymentService({
        karmada: new KarmadaClient({
          url: sim.url,
          token: sim.token,
          retryDelayMs: 5,
        }),
        store,
        logger,
        staleAfterMs: 0,
      });
      return { service, store, audit, logger };
    }

    /** Every row of every H-MAS table, as text. */
    async function databaseText(): Promise<string> {
      const tables = ['hmas_deployments', 'hmas_audit_log'];
      const rows = await Promise.all(tables.map(t => knex(t).select()));
      return JSON.stringify(rows);
    }

    const secret = () =>
      sim.store.tryGet('karmada', 'Secret', 'llama-secrets', 'default');
    const containerEnv = () =>
      sim.store.get('karmada', 'Deployment', 'llama', 'default').spec.template
        .spec.containers[0].env as any[];

    it('writes a secret to its own Secret only, propagated with the Deployment', async () => {
      const { service, store, logger } = await setup();
      const result = await service.create(
        llamaOnCpu('llama', {
          env: { HF_TOKEN: { secret: VALUE }, LOG_LEVEL: 'info' },
        }),
        ctx,
      );
      expect(result.deployment!.spec.env).toEqual({
        HF_TOKEN: ownRef('HF_TOKEN'),
        LOG_LEVEL: 'info',
      });
      expect(secret()!.data).toEqual({ HF_TOKEN: b64(VALUE) });
      expect(containerEnv()).toContainEqual({
        name: 'HF_TOKEN',
        valueFrom: { secretKeyRef: { name: 'llama-secrets', key: 'HF_TOKEN' } },
      });
      const policy = sim.store.get(
        'karmada',
        'PropagationPolicy',
        'llama-propagation',
        'default',
      );
      expect(policy.spec.resourceSelectors).toContainEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        name: 'llama-secrets',
      });
      expect(
        (await store.get(result.deployment!.id))!.objects.map(o => o.kind),
      ).toContain('Secret');

      // The value is nowhere but in the Secret.
      expect(JSON.stringify(result)).not.toContain(VALUE);
      expect(JSON.stringify(result)).not.toContain(b64(VALUE));
      expect(await databaseText()).not.toContain(VALUE);
      expect(await databaseText()).not.toContain(b64(VALUE));
      const logged = JSON.stringify(
        [logger.info, logger.warn, logger.error, logger.debug].map(
          f => (f as jest.Mock).mock.calls,
        ),
      );
      expect(logged).not.toContain(VALUE);

      // Its manifests preview (the portal's Configuration tab): the Secret without data.
      const row = (await store.get(result.deployment!.id))!;
      const preview = await service.manifests(row);
      expect(preview.manifests.find(o => o.kind === 'Secret')).toMatchObject({
        metadata: { name: 'llama-secrets' },
      });
      expect(
        preview.manifests.find(o => o.kind === 'Secret'),
      ).not.toHaveProperty('data');
      expect(preview.yaml).toContain('secretKeyRef');
      expect(JSON.stringify(preview)).not.toContain(b64(VALUE));

      // Delete takes the Secret with it.
      await service.delete(result.deployment!.id, ctx);
      expect(secret()).toBeUndefined();
    });

    it('refuses a plain secret value and a missing existing Secret, writing nothing', async () => {
      const { service, store } = await setup();
      await expect(
        service.create(llamaOnCpu('llama', { env: { HF_TOKEN: VALUE } }), ctx),
      ).rejects.toThrow('env.HF_TOKEN: HF_TOKEN looks like a secret');
      await expect(
        service.create(
          llamaOnCpu('llama', {
            env: { HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'k' } } },
          }),
          ctx,
        ),
      ).rejects.toThrow(
        'env.HF_TOKEN: Secret default/team-hf does not exist in Karmada',
      );
      sim.store.create('karmada', 'Secret', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'team-hf', namespace: 'default' },
        data: { token: b64(VALUE) },
      } as any);
      await expect(
        service.create(
          llamaOnCpu('llama', {
            env: { HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'k' } } },
          }),
          ctx,
        ),
      ).rejects.toThrow('env.HF_TOKEN: Secret default/team-hf has no key k');
      await expect(
        service.create(
          llamaOnCpu('llama', { env: { HF_TOKEN: ownRef('HF_TOKEN') } }),
          ctx,
        ),
      ).rejects.toThrow("the deployment's Secret llama-secrets holds no key");
      expect(await store.list()).toEqual([]);
      expect(sim.store.list('karmada', 'Deployment').items).toEqual([]);

      // An existing Secret with the key: read by reference, not claimed by our policy.
      const { deployment } = await service.create(
        llamaOnCpu('llama', {
          env: {
            HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'token' } },
          },
        }),
        ctx,
      );
      expect(deployment!.objects.map(o => o.kind)).not.toContain('Secret');
      expect(secret()).toBeUndefined();
      expect(
        JSON.stringify(
          sim.store.get(
            'karmada',
            'PropagationPolicy',
            'llama-propagation',
            'default',
          ).spec.resourceSelectors,
        ),
      ).not.toContain('team-hf');
    });

    it('updates: adds the Secret, changes a value, drops a key, deletes it when unread', async () => {
      const { service, store } = await setup();
      const { deployment } = await service.create(
        llamaOnCpu('llama', { env: { LOG_LEVEL: 'info' } }),
        ctx,
      );
      const id = deployment!.id;
      expect(secret()).toBeUndefined();

      let row = await service.update(
        id,
        { env: { LOG_LEVEL: 'info', HF_TOKEN: { secret: VALUE } } },
        ctx,
      );
      expect(secret()!.data).toEqual({ HF_TOKEN: b64(VALUE) });
      expect(row.objects.map(o => o.kind)).toContain('Secret');
      expect(row.spec.env).toEqual({
        LOG_LEVEL: 'info',
        HF_TOKEN: ownRef('HF_TOKEN'),
      });

      // Keep HF_TOKEN by reference, add a second key.
      row = await service.update(
        id,
        { env: { HF_TOKEN: ownRef('HF_TOKEN'), API_KEY: { secret: OTHER } } },
        ctx,
      );
      expect(secret()!.data).toEqual({
        HF_TOKEN: b64(VALUE),
        API_KEY: b64(OTHER),
      });

      // Drop HF_TOKEN: its key leaves the Secret.
      row = await service.update(
        id,
        { env: { API_KEY: ownRef('API_KEY') } },
        ctx,
      );
      expect(secret()!.data).toEqual({ API_KEY: b64(OTHER) });

      // A reference to a key it never held is refused.
      await expect(
        service.update(id, { env: { HF_TOKEN: ownRef('HF_TOKEN') } }, ctx),
      ).rejects.toThrow('holds no key HF_TOKEN');

      // Nothing reads it: the Secret goes, and the row no longer lists it.
      row = await service.update(id, { env: {} }, ctx);
      expect(secret()).toBeUndefined();
      expect(row.objects.map(o => o.kind)).not.toContain('Secret');
      expect(containerEnv().map(e => e.name)).not.toContain('API_KEY');
      expect((await store.get(id))!.operation).toBeUndefined();
      expect(await databaseText()).not.toContain(VALUE);
      expect(await databaseText()).not.toContain(OTHER);
    });

    it('puts the Secret back when the rest of an update fails', async () => {
      const { service, store } = await setup();
      const { deployment } = await service.create(
        llamaOnCpu('llama', { env: { HF_TOKEN: { secret: VALUE } } }),
        ctx,
      );
      const id = deployment!.id;
      const target = deployment!.objects.find(o => o.kind === 'Deployment')!;
      sim.faults.inject({
        status: 500,
        match: { method: 'PATCH', pathPrefix: pathOf(target) },
      });
      await expect(
        service.update(
          id,
          { env: { HF_TOKEN: { secret: OTHER }, API_KEY: { secret: OTHER } } },
          ctx,
        ),
      ).rejects.toThrow('Karmada answered 500');
      sim.faults.clear();
      expect(secret()!.data).toEqual({ HF_TOKEN: b64(VALUE) });
      const row = await store.get(id);
      expect(row!.operation).toBeUndefined();
      expect(row!.spec.env).toEqual({ HF_TOKEN: ownRef('HF_TOKEN') });

      // The first secret of a deployment fails with the rest: the new Secret goes too.
      const { deployment: plain } = await service.create(
        llamaOnCpu('plain', { env: {} }),
        ctx,
      );
      const plainTarget = plain!.objects.find(o => o.kind === 'Deployment')!;
      sim.faults.inject({
        status: 500,
        match: { method: 'PATCH', pathPrefix: pathOf(plainTarget) },
      });
      await expect(
        service.update(plain!.id, { env: { A_TOKEN: { secret: OTHER } } }, ctx),
      ).rejects.toThrow('Karmada answered 500');
      sim.faults.clear();
      expect(
        sim.store.tryGet('karmada', 'Secret', 'plain-secrets', 'default'),
      ).toBeUndefined();
    });

    it('recovery finishes an update whose Secret write landed, and rolls back one whose did not', async () => {
      const { service, store } = await setup();
      const { deployment } = await service.create(
        llamaOnCpu('llama', { env: { LOG_LEVEL: 'info' } }),
        ctx,
      );
      const id = deployment!.id;
      const target = deployment!.objects.find(o => o.kind === 'Deployment')!;

      // The Secret is written, the Deployment patch fails, and so does the end of the
      // rollback (the database is down for that write): as if the process had died there.
      sim.faults.inject({
        status: 500,
        match: { method: 'PATCH', pathPrefix: pathOf(target) },
      });
      const rollback = jest
        .spyOn(store, 'finishOperation')
        .mockRejectedValueOnce(new Error('database down'));
      await expect(
        service.update(id, { env: { HF_TOKEN: { secret: VALUE } } }, ctx),
      ).rejects.toThrow('Karmada answered 500');
      rollback.mockRestore();
      sim.faults.clear();
      // The in-process rollback deleted the new Secret before the database failed it.
      expect(secret()).toBeUndefined();
      expect((await store.get(id))!.operation).toMatchObject({
        kind: 'update',
      });
      // Its Secret is gone, so its values are: recovery puts the change back.
      expect(await service.recover()).toMatchObject({
        abandoned: 1,
        recovered: 1,
      });
      let row = await store.get(id);
      expect(row!.operation).toBeUndefined();
      expect(row!.spec.env).toEqual({ LOG_LEVEL: 'info' });
      expect(containerEnv()).not.toContainEqual(ownEnv('HF_TOKEN'));

      // Now the process dies right after the Secret write: the Deployment patch never
      // happens (the process is gone before it, so nothing rolls back).
      const patches = jest
        .spyOn(service as any, 'applyPatches')
        .mockRejectedValueOnce(new Error('process died'));
      const rollbackSecret = jest
        .spyOn(service as any, 'putBackSecret')
        .mockRejectedValueOnce(new Error('process died'));
      await expect(
        service.update(id, { env: { HF_TOKEN: { secret: VALUE } } }, ctx),
      ).rejects.toThrow('process died');
      patches.mockRestore();
      rollbackSecret.mockRestore();
      expect(secret()!.data).toEqual({ HF_TOKEN: b64(VALUE) });
      expect(containerEnv()).not.toContainEqual(ownEnv('HF_TOKEN'));

      // Its Secret write landed: recovery finishes the change.
      expect(await service.recover()).toMatchObject({
        abandoned: 1,
        recovered: 1,
      });
      row = await store.get(id);
      expect(row!.operation).toBeUndefined();
      expect(row!.spec.env).toEqual({ HF_TOKEN: ownRef('HF_TOKEN') });
      expect(row!.objects.map(o => o.kind)).toContain('Secret');
      expect(containerEnv()).toContainEqual({
        name: 'HF_TOKEN',
        valueFrom: { secretKeyRef: { name: 'llama-secrets', key: 'HF_TOKEN' } },
      });
      expect(await databaseText()).not.toContain(VALUE);
    });

    it('migrates a row stored with a plaintext secret into its own Secret', async () => {
      const { service, store, audit } = await setup();
      const { deployment } = await service.create(
        llamaOnCpu('llama', { env: { LOG_LEVEL: 'info' } }),
        ctx,
      );
      const id = deployment!.id;
      // As a row and a Deployment written before secrets were Secrets look.
      const legacyEnv = { LOG_LEVEL: 'info', HF_TOKEN: VALUE };
      await store.update(id, {
        spec: { ...deployment!.spec, env: legacyEnv },
      });
      const live = sim.store.get('karmada', 'Deployment', 'llama', 'default');
      live.spec.template.spec.containers[0].env.push({
        name: 'HF_TOKEN',
        value: VALUE,
      });
      sim.store.update('karmada', 'Deployment', live);
      expect(await databaseText()).toContain(VALUE);

      const result = await service.recover();
      expect(result.secretsMigrated).toBe(1);
      const row = await store.get(id);
      expect(row!.spec.env).toEqual({
        LOG_LEVEL: 'info',
        HF_TOKEN: ownRef('HF_TOKEN'),
      });
      expect(secret()!.data).toEqual({ HF_TOKEN: b64(VALUE) });
      expect(containerEnv().filter(e => e.name === 'HF_TOKEN')).toEqual([
        {
          name: 'HF_TOKEN',
          valueFrom: {
            secretKeyRef: { name: 'llama-secrets', key: 'HF_TOKEN' },
          },
        },
      ]);
      const entries = await audit.list({ targetKind: 'deployment', limit: 10 });
      expect(entries[0]).toMatchObject({
        source: 'migration',
        action: 'deployment.update',
        outcome: 'succeeded',
      });
      // Only the audit entry of the doctored row's own update could hold it: none does.
      expect(await databaseText()).not.toContain(VALUE);
      // A second pass has nothing to do.
      expect((await service.recover()).secretsMigrated).toBe(0);
    });
  },
);
