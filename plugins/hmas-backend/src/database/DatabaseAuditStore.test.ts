import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { NewAuditEntry } from './AuditStore';
import type { AuditQuery } from '@h-mas/plugin-hmas-common';

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

    it('filters by actor, source, outcome and time, and pages by cursor', async () => {
      const { store } = await createStore();
      await store.append(entry({ summary: 'a' }));
      await store.append(
        entry({ summary: 'b', actor: 'user:default/bob', source: 'api' }),
      );
      await store.append(entry({ summary: 'c', outcome: 'failed' }));
      await store.append(
        entry({ summary: 'd', source: 'scaffolder', outcome: 'rolled-back' }),
      );
      await store.append(entry({ summary: 'e' }));
      const summaries = async (query: Partial<AuditQuery>) =>
        (await store.list({ limit: 100, ...query })).map(e => e.summary);

      expect(await summaries({ actor: 'user:default/bob' })).toEqual(['b']);
      expect(await summaries({ source: 'ui' })).toEqual(['e', 'c', 'a']);
      expect(await summaries({ outcome: 'failed' })).toEqual(['c']);
      expect(await summaries({ outcome: 'succeeded' })).toEqual([
        'e',
        'b',
        'a',
      ]);
      expect(await summaries({ source: 'ui', outcome: 'succeeded' })).toEqual([
        'e',
        'a',
      ]);
      const hour = 3_600_000;
      const iso = (offset: number) =>
        new Date(Date.now() + offset).toISOString();
      expect(await summaries({ since: iso(-hour) })).toHaveLength(5);
      expect(await summaries({ since: iso(hour) })).toEqual([]);
      expect(await summaries({ until: iso(-hour) })).toEqual([]);
      expect(
        await summaries({ since: iso(-hour), until: iso(hour) }),
      ).toHaveLength(5);

      // Pages of two, newest first, until the cursor runs out.
      const seen: string[] = [];
      let before: number | undefined;
      let pages = 0;
      do {
        const page = await store.page({
          limit: 2,
          ...(before ? { before } : {}),
        });
        seen.push(...page.items.map(e => e.summary));
        before = page.nextBefore;
        pages++;
      } while (before);
      expect(seen).toEqual(['e', 'd', 'c', 'b', 'a']);
      expect(pages).toBe(3);
      expect((await store.page({ limit: 5 })).nextBefore).toBeUndefined();
      expect((await store.list({ limit: 100 }))[1].outcome).toBe('rolled-back');
    });
  },
);
