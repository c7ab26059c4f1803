import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDeploymentStore } from './DatabaseDeploymentStore';
import { DatabaseInferenceUsageStore } from './DatabaseInferenceUsageStore';
import { UsageSample } from './InferenceUsageStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CHAT = '00000000-0000-4000-8000-0000000000c1';
const EMBED = '00000000-0000-4000-8000-0000000000e1';
const ADA = 'user:default/ada';
const BOT = 'service:external:notebook';
const MINUTE = new Date('2026-12-08T10:15:00.000Z');
const NEXT_MINUTE = new Date('2026-12-08T10:16:00.000Z');

const sample = (overrides: Partial<UsageSample> = {}): UsageSample => ({
  deploymentId: CHAT,
  caller: ADA,
  periodStart: MINUTE,
  requests: 1,
  errors: 0,
  latencyMsTotal: 100,
  latencyMsMax: 100,
  promptTokens: 5,
  completionTokens: 7,
  lastCallAt: new Date('2026-12-08T10:15:10.000Z'),
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'DatabaseInferenceUsageStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const deployments = await DatabaseDeploymentStore.create({ database });
      for (const [id, name] of [
        [CHAT, 'chat'],
        [EMBED, 'embed'],
      ]) {
        await deployments.insert({
          id,
          namespace: 'ml-team',
          name,
          owner: 'group:default/ml-team',
          createdBy: ADA,
          runtime: 'vllm',
          model: 'm',
          state: 'active',
          spec: { name },
          objects: [],
        });
      }
      const store = await DatabaseInferenceUsageStore.create({ database });
      return { knex, deployments, store };
    }

    it('adds samples of one key in one row: sums, the larger maximum, the later call', async () => {
      const { knex, store } = await createStores();
      await store.record([sample()]);
      await store.record([
        sample({
          requests: 2,
          errors: 1,
          latencyMsTotal: 300.5,
          latencyMsMax: 250.25,
          promptTokens: 10,
          completionTokens: 0,
          lastCallAt: new Date('2026-12-08T10:15:40.000Z'),
        }),
      ]);
      // A smaller maximum and an earlier call change neither.
      await store.record([
        sample({
          latencyMsTotal: 50,
          latencyMsMax: 50,
          lastCallAt: new Date('2026-12-08T10:15:01.000Z'),
        }),
      ]);
      const [{ n }] = await knex('hmas_inference_usage').count({ n: '*' });
      expect(Number(n)).toBe(1);

      const usage = await store.summary(CHAT, {
        since: new Date('2026-12-08T10:15:30.000Z'),
      });
      expect(usage.since).toBe('2026-12-08T10:15:00.000Z');
      expect(Date.parse(usage.until)).toBeGreaterThan(Date.now() - 60_000);
      expect(usage.callers).toEqual([
        {
          caller: ADA,
          requests: 4,
          errors: 1,
          latencyMsAvg: 112.625,
          latencyMsMax: 250.25,
          promptTokens: 20,
          completionTokens: 14,
          lastCallAt: '2026-12-08T10:15:40.000Z',
        },
      ]);
      const { caller, ...totals } = usage.callers[0];
      expect(usage.totals).toEqual(totals);
    });

    it('sums callers over minutes, sorts them by requests, and keeps deployments apart', async () => {
      const { store } = await createStores();
      await store.record([
        sample(),
        sample({ periodStart: NEXT_MINUTE, latencyMsMax: 400 }),
        sample({ caller: BOT, requests: 5, latencyMsTotal: 500 }),
        sample({
          caller: BOT,
          periodStart: NEXT_MINUTE,
          requests: 1,
          errors: 1,
          promptTokens: 0,
          completionTokens: 0,
          lastCallAt: new Date('2026-12-08T10:16:59.000Z'),
        }),
        sample({ deploymentId: EMBED, requests: 9 }),
      ]);
      const usage = await store.summary(CHAT, { since: MINUTE });
      expect(usage.callers.map(c => [c.caller, c.requests, c.errors])).toEqual([
        [BOT, 6, 1],
        [ADA, 2, 0],
      ]);
      expect(usage.callers[1]).toMatchObject({
        latencyMsAvg: 100,
        latencyMsMax: 400,
        promptTokens: 10,
        completionTokens: 14,
      });
      expect(usage.totals).toEqual({
        requests: 8,
        errors: 1,
        latencyMsAvg: 100,
        latencyMsMax: 400,
        promptTokens: 15,
        completionTokens: 21,
        lastCallAt: '2026-12-08T10:16:59.000Z',
      });
      // Minutes before `since` are not counted.
      const later = await store.summary(CHAT, { since: NEXT_MINUTE });
      // Equal requests: by caller.
      expect(later.callers.map(c => [c.caller, c.requests])).toEqual([
        [BOT, 1],
        [ADA, 1],
      ]);
      expect((await store.summary(EMBED, { since: MINUTE })).totals).toEqual(
        expect.objectContaining({ requests: 9 }),
      );
    });

    it('answers zeros and no callers for a deployment without calls', async () => {
      const { store } = await createStores();
      const usage = await store.summary(EMBED, { since: MINUTE });
      expect(usage.callers).toEqual([]);
      expect(usage.totals).toEqual({
        requests: 0,
        errors: 0,
        latencyMsAvg: 0,
        latencyMsMax: 0,
        promptTokens: 0,
        completionTokens: 0,
      });
    });

    it('deletes the rows of a deleted deployment, and drops later samples of it', async () => {
      const { knex, deployments, store } = await createStores();
      await store.record([sample(), sample({ deploymentId: EMBED })]);
      expect(await deployments.remove(CHAT)).toBe(true);
      const left = await knex('hmas_inference_usage').select('deployment_id');
      expect(left).toEqual([{ deployment_id: EMBED }]);
      // Counts of calls made before the delete, flushed after it: dropped, and the others of
      // the batch are still written.
      await store.record([
        sample({ periodStart: NEXT_MINUTE }),
        sample({ deploymentId: EMBED, periodStart: NEXT_MINUTE }),
      ]);
      expect((await store.summary(CHAT, { since: MINUTE })).callers).toEqual(
        [],
      );
      expect(
        (await store.summary(EMBED, { since: MINUTE })).totals.requests,
      ).toBe(2);
    });

    it('counts every increment of concurrent writers', async () => {
      const { store } = await createStores();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.record([
            sample({ latencyMsMax: i }),
            sample({ caller: BOT, latencyMsMax: i }),
          ]),
        ),
      );
      const usage = await store.summary(CHAT, { since: MINUTE });
      expect(usage.callers.map(c => [c.caller, c.requests])).toEqual([
        [BOT, 10],
        [ADA, 10],
      ]);
      expect(usage.totals.latencyMsMax).toBe(9);
    });
  },
);
