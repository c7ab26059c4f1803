import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { teamNamespaceSpecSchema } from '@h-mas/plugin-hmas-common';
import { NewAuditEntry } from './AuditStore';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { DatabaseTeamNamespaceStore } from './DatabaseTeamNamespaceStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const spec = (name: string, team = `group:default/${name}`) =>
  teamNamespaceSpecSchema.parse({
    name,
    team,
    description: `Team ${name}`,
    quota: { gpu: 4, memory: '64Gi' },
    priorityClasses: ['inference-critical', 'experiment'],
  });

const audit = (action: string, targetName: string): NewAuditEntry => ({
  actor: 'user:default/admin',
  source: 'api',
  action,
  targetKind: 'namespace',
  targetName,
  summary: `${action} ${targetName}`,
});

describe.each(databases.eachSupportedId())(
  'DatabaseTeamNamespaceStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return {
        store: await DatabaseTeamNamespaceStore.create({ database }),
        audit: await DatabaseAuditStore.create({ database }),
      };
    }

    it('inserts a namespace as creating and reads it by name and by team', async () => {
      const { store } = await createStores();
      const created = await store.insert(spec('vision'), 'user:default/admin');
      expect(created).toEqual({
        ...spec('vision'),
        state: 'creating',
        createdBy: 'user:default/admin',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      await store.insert(spec('audio'), 'user:default/admin');
      expect((await store.list()).map(n => n.name)).toEqual([
        'audio',
        'vision',
      ]);
      expect(await store.getByTeam('group:default/vision')).toEqual(created);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('refuses a second namespace of the same name or team, naming which', async () => {
      const { store } = await createStores();
      await store.insert(spec('vision'), 'user:default/admin');
      await expect(
        store.insert(spec('vision', 'group:default/other'), 'x'),
      ).rejects.toThrow(
        new ConflictError('A team namespace named vision already exists'),
      );
      await expect(
        store.insert(spec('vision-2', 'group:default/vision'), 'x'),
      ).rejects.toThrow(
        new ConflictError('group:default/vision already has a team namespace'),
      );
      expect(await store.list()).toHaveLength(1);
    });

    it('changes fields and state with its audit entry, only from the state given', async () => {
      const { store, audit: auditStore } = await createStores();
      await store.insert(spec('vision'), 'user:default/admin');
      expect(
        await store.update(
          'vision',
          { state: 'deleting' },
          { from: 'active', audit: audit('namespace.update', 'vision') },
        ),
      ).toBeUndefined();
      const active = await store.update(
        'vision',
        { state: 'active', quota: { pods: 3 }, priorityClasses: ['training'] },
        { from: 'creating', audit: audit('namespace.create', 'vision') },
      );
      expect(active).toMatchObject({
        state: 'active',
        quota: { pods: 3 },
        priorityClasses: ['training'],
        description: 'Team vision',
      });
      const cleared = await store.update('vision', { description: '' });
      expect(cleared!.description).toBeUndefined();
      const entries = await auditStore.list({
        targetKind: 'namespace',
        limit: 50,
      });
      expect(entries.map(e => e.action)).toEqual(['namespace.create']);
    });

    it('deletes a row with its audit entry; a missing row is false and audits nothing', async () => {
      const { store, audit: auditStore } = await createStores();
      await store.insert(spec('vision'), 'user:default/admin');
      expect(
        await store.delete('vision', audit('namespace.delete', 'vision')),
      ).toBe(true);
      expect(
        await store.delete('vision', audit('namespace.delete', 'vision')),
      ).toBe(false);
      expect(await store.list()).toEqual([]);
      expect(
        (await auditStore.list({ targetKind: 'namespace', limit: 50 })).map(
          e => e.action,
        ),
      ).toEqual(['namespace.delete']);
    });
  },
);
