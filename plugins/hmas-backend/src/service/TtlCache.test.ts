import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('answers a value until its time is up, then reads again', async () => {
    let now = 1_000;
    const cache = new TtlCache<string, number>(2_000, 10, () => now);
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.through('a', load)).toBe(1);
    now += 1_999;
    expect(await cache.through('a', load)).toBe(1);
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.through('a', load)).toBe(2);
  });

  it('keeps keys apart', async () => {
    const cache = new TtlCache<string, string>(1_000);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      'A',
      'B',
      undefined,
    ]);
  });

  it('empties itself when full instead of growing', () => {
    const cache = new TtlCache<number, number>(1_000, 3);
    for (const k of [1, 2, 3]) cache.set(k, k);
    // Setting a known key does not empty it.
    cache.set(3, 30);
    expect(cache.get(1)).toBe(1);
    cache.set(4, 4);
    expect([cache.get(1), cache.get(2), cache.get(3), cache.get(4)]).toEqual([
      undefined,
      undefined,
      undefined,
      4,
    ]);
  });

  it('keeps nothing with a time of 0 (caching off)', async () => {
    const cache = new TtlCache<string, number>(0);
    let reads = 0;
    await cache.through('a', async () => ++reads);
    await cache.through('a', async () => ++reads);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const cache = new TtlCache<string, number>(1_000);
    await expect(
      cache.through('a', async () => {
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    expect(await cache.through('a', async () => 7)).toBe(7);
  });
});
