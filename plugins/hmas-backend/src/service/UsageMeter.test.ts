import { mockServices } from '@backstage/backend-test-utils';
import type { UsageSample } from '../database/InferenceUsageStore';
import { UsageCall, UsageMeter } from './UsageMeter';

const CHAT = '00000000-0000-4000-8000-0000000000c1';
const AT = new Date('2026-12-08T10:15:20.000Z');

const call = (overrides: Partial<UsageCall> = {}): UsageCall => ({
  deploymentId: CHAT,
  caller: 'user:default/ada',
  at: AT,
  latencyMs: 100,
  error: false,
  promptTokens: 4,
  completionTokens: 6,
  ...overrides,
});

/** A store that keeps what it was given, and fails as often as told first. */
function fakeStore(failures = 0) {
  const written: UsageSample[][] = [];
  let left = failures;
  return {
    written,
    async record(samples: UsageSample[]) {
      if (left > 0) {
        left--;
        throw new Error('database is down');
      }
      written.push(samples.map(s => ({ ...s })));
    },
  };
}

describe('UsageMeter', () => {
  const meters: UsageMeter[] = [];
  const meterOf = (
    store: ReturnType<typeof fakeStore>,
    options: { flushIntervalMs?: number; maxKeys?: number } = {},
  ) => {
    const logger = mockServices.logger.mock();
    const meter = new UsageMeter(
      { store, logger },
      { flushIntervalMs: 3_600_000, ...options },
    );
    meters.push(meter);
    return { meter, logger };
  };
  afterEach(async () => {
    await Promise.all(meters.splice(0).map(m => m.stop()));
  });

  it('adds calls up per deployment, caller and minute, and writes them in one batch', async () => {
    const store = fakeStore();
    const { meter } = meterOf(store);
    meter.record(call());
    meter.record(
      call({
        latencyMs: 300,
        error: true,
        promptTokens: undefined,
        completionTokens: undefined,
        at: new Date('2026-12-08T10:15:59.999Z'),
      }),
    );
    meter.record(call({ caller: 'service:external:notebook' }));
    meter.record(call({ at: new Date('2026-12-08T10:16:00.000Z') }));
    expect(meter.size).toBe(3);
    await meter.flush();
    expect(store.written).toHaveLength(1);
    expect(store.written[0]).toHaveLength(3);
    expect(store.written[0][0]).toEqual({
      deploymentId: CHAT,
      caller: 'user:default/ada',
      periodStart: new Date('2026-12-08T10:15:00.000Z'),
      requests: 2,
      errors: 1,
      latencyMsTotal: 400,
      latencyMsMax: 300,
      promptTokens: 4,
      completionTokens: 6,
      lastCallAt: new Date('2026-12-08T10:15:59.999Z'),
    });
    expect(meter.size).toBe(0);
    // Nothing new: nothing written.
    await meter.flush();
    expect(store.written).toHaveLength(1);
  });

  it('keeps the counts of a failed flush for the next one, added to the newer calls', async () => {
    const store = fakeStore(1);
    const { meter, logger } = meterOf(store);
    meter.record(call());
    await meter.flush();
    expect(store.written).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('database is down'),
    );
    meter.record(call({ latencyMs: 50 }));
    await meter.flush();
    expect(store.written).toHaveLength(1);
    expect(store.written[0]).toEqual([
      expect.objectContaining({
        requests: 2,
        latencyMsTotal: 150,
        promptTokens: 8,
      }),
    ]);
  });

  it('holds at most maxKeys keys while flushes fail, and says how many calls it dropped', async () => {
    const store = fakeStore(2);
    const { meter, logger } = meterOf(store, { maxKeys: 2 });
    meter.record(call({ caller: 'user:default/a' }));
    meter.record(call({ caller: 'user:default/b' }));
    meter.record(call({ caller: 'user:default/c' }));
    // A key already held still counts.
    meter.record(call({ caller: 'user:default/a' }));
    expect(meter.size).toBe(2);
    await meter.flush();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('1 calls were not counted'),
    );
    await meter.flush();
    await meter.flush();
    expect(store.written[0].map(s => [s.caller, s.requests]).sort()).toEqual([
      ['user:default/a', 2],
      ['user:default/b', 1],
    ]);
  });

  it('writes every interval without being asked, and what is left on stop', async () => {
    const store = fakeStore();
    const { meter } = meterOf(store, { flushIntervalMs: 20 });
    meter.record(call());
    await new Promise(r => setTimeout(r, 100));
    expect(store.written).toHaveLength(1);
    meter.record(call());
    await meter.stop();
    expect(store.written).toHaveLength(2);
  });

  it('ignores token counts that are not counts', async () => {
    const store = fakeStore();
    const { meter } = meterOf(store);
    meter.record(call({ promptTokens: -1, completionTokens: 1.5 }));
    meter.record(call({ promptTokens: NaN, completionTokens: 2 }));
    await meter.flush();
    expect(store.written[0][0]).toMatchObject({
      promptTokens: 0,
      completionTokens: 2,
    });
  });
});
