import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { NewAuditEntry } from './AuditStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const entry = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  actor: 'user:default/ada',
  source: 'ui',
  action: 'cluster.labels.update',
  targetKind: 'cluster',
  targetName: 'gpu-a',
  summary: 'set gpu-tier=general',
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'DatabaseAuditStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return { knex, store: await DatabaseAuditStore.create({ database }) };
    }

    it('appends entries and returns them newest first with ids and timestamps', async () => {
      const { store } = await createStore();
      const before = Date.now();
      const first = await store.append(
        entry({ details: { set: { 'gpu-tier': 'general' } } }),
      );
      const second = await store.append(entry({ targetName: 'cpu-b' }));

      expect(second.id).toBeGreaterThan(first.id);
      expect(first.details).toEqual({ set: { 'gpu-tier': 'general' } });
      expect(second.details).toBeUndefined();
      const created = Date.parse(first.createdAt);
      expect(created).toBeGreaterThanOrEqual(before - 60_000);
      expect(created).toBeLessThanOrEqual(Date.now() + 60_000);

      const all = await store.list({ limit: 100 });
      expect(all.map(e => e.targetName)).toEqual(['cpu-b', 'gpu-a']);
    });

    it('filters by target and limits the page', async () => {
      const { store } = await createStore();
      await store.append(entry());
      await store.append(
        entry({ targetKind: 'deployment', targetName: 'gpu-a' }),
      );
      await store.append(entry({ summary: 'second change' }));

      const cluster = await store.list({
        targetKind: 'cluster',
        targetName: 'gpu-a',
        limit: 100,
      });
      expect(cluster.map(e => e.summary)).toEqual([
        'second change',
        'set gpu-tier=general',
      ]);
      expect(await store.list({ limit: 1 })).toHaveLength(1);
      expect(await store.list({ targetKind: 'policy', limit: 100 })).toEqual(
        [],
      );
    });
  },
);
