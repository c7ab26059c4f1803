import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { PresetSpec, presetSpecSchema } from '@h-mas/plugin-hmas-common';
import { NewAuditEntry } from './AuditStore';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { DatabasePresetStore } from './DatabasePresetStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';

function spec(name: string, tolerationSeconds = 60): PresetSpec {
  return presetSpecSchema.parse({
    name,
    title: `Preset ${name}`,
    placement: {
      zone: 'gpu-general',
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
    },
    failover: { tolerationSeconds },
  });
}

function audit(action: string, targetName: string): NewAuditEntry {
  return {
    actor: 'user:default/ada',
    source: 'api',
    action,
    targetKind: 'preset',
    targetName,
    summary: `${action} ${targetName}`,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabasePresetStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return {
        presets: await DatabasePresetStore.create({ database }),
        audit: await DatabaseAuditStore.create({ database }),
      };
    }

    it('creates, reads and lists presets by name, with their audit entries', async () => {
      const { presets, audit: auditStore } = await createStores();
      const created = await presets.create(
        { id: ID_B, spec: spec('b'), createdBy: 'user:default/ada' },
        audit('preset.create', 'b'),
      );
      expect(created).toEqual({
        ...spec('b'),
        id: ID_B,
        createdBy: 'user:default/ada',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      await presets.create(
        { id: ID_A, spec: spec('a'), createdBy: 'user:default/bo' },
        audit('preset.create', 'a'),
      );
      expect((await presets.list()).map(p => p.name)).toEqual(['a', 'b']);
      expect(await presets.get(ID_B)).toEqual(created);
      expect(await presets.getByName('a')).toMatchObject({ id: ID_A });
      expect(await presets.get(ID_A.replace('a', 'c'))).toBeUndefined();
      const entries = await auditStore.list({
        targetKind: 'preset',
        limit: 10,
      });
      expect(entries.map(e => e.targetName)).toEqual(['a', 'b']);
    });

    it('refuses a taken name with a ConflictError and writes no audit entry', async () => {
      const { presets, audit: auditStore } = await createStores();
      await presets.create(
        { id: ID_A, spec: spec('a'), createdBy: 'user:default/ada' },
        audit('preset.create', 'a'),
      );
      await expect(
        presets.create(
          { id: ID_B, spec: spec('a'), createdBy: 'user:default/ada' },
          audit('preset.create', 'a'),
        ),
      ).rejects.toThrow(ConflictError);
      await presets.create(
        { id: ID_B, spec: spec('b'), createdBy: 'user:default/ada' },
        audit('preset.create', 'b'),
      );
      await expect(
        presets.update(ID_B, spec('a'), audit('preset.update', 'a')),
      ).rejects.toThrow(ConflictError);
      expect(await presets.list()).toHaveLength(2);
      expect(await auditStore.list({ limit: 10 })).toHaveLength(2);
    });

    it('updates a preset and records it', async () => {
      const { presets, audit: auditStore } = await createStores();
      await presets.create(
        { id: ID_A, spec: spec('a'), createdBy: 'user:default/ada' },
        audit('preset.create', 'a'),
      );
      const updated = await presets.update(
        ID_A,
        spec('renamed', 120),
        audit('preset.update', 'renamed'),
      );
      expect(updated).toMatchObject({
        id: ID_A,
        name: 'renamed',
        failover: { tolerationSeconds: 120 },
        createdBy: 'user:default/ada',
      });
      expect(await presets.getByName('a')).toBeUndefined();
      expect(
        await presets.update(ID_B, spec('x'), audit('preset.update', 'x')),
      ).toBeUndefined();
      expect((await auditStore.list({ limit: 10 })).map(e => e.action)).toEqual(
        ['preset.update', 'preset.create'],
      );
    });

    it('deletes a preset and records it; a missing one is false', async () => {
      const { presets, audit: auditStore } = await createStores();
      await presets.create(
        { id: ID_A, spec: spec('a'), createdBy: 'user:default/ada' },
        audit('preset.create', 'a'),
      );
      expect(await presets.delete(ID_A, audit('preset.delete', 'a'))).toBe(
        true,
      );
      expect(await presets.get(ID_A)).toBeUndefined();
      expect(await presets.delete(ID_A, audit('preset.delete', 'a'))).toBe(
        false,
      );
      expect((await auditStore.list({ limit: 10 })).map(e => e.action)).toEqual(
        ['preset.delete', 'preset.create'],
      );
    });

    it('writes nothing when the audit insert fails', async () => {
      const { presets, audit: auditStore } = await createStores();
      const broken = {
        ...audit('preset.create', 'a'),
        summary: null as unknown as string, // violates NOT NULL
      };
      await expect(
        presets.create(
          { id: ID_A, spec: spec('a'), createdBy: 'user:default/ada' },
          broken,
        ),
      ).rejects.toThrow();
      expect(await presets.list()).toEqual([]);

      await presets.create(
        { id: ID_A, spec: spec('a'), createdBy: 'user:default/ada' },
        audit('preset.create', 'a'),
      );
      await expect(
        presets.update(ID_A, spec('a', 5), broken),
      ).rejects.toThrow();
      expect((await presets.get(ID_A))?.failover?.tolerationSeconds).toBe(60);
      await expect(presets.delete(ID_A, broken)).rejects.toThrow();
      expect(await presets.get(ID_A)).toBeDefined();
      expect(await auditStore.list({ limit: 10 })).toHaveLength(1);
    });
  },
);
