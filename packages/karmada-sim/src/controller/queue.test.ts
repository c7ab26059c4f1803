import { WorkQueue } from './queue';
import { FakeClock } from '../__testUtils__/fleet';

describe('WorkQueue', () => {
  it('de-duplicates keys, never re-enters, and runs keys added during a drain', async () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    let depth = 0;
    const queue: WorkQueue = new WorkQueue({
      clock: clock.now,
      reconcile: key => {
        depth++;
        expect(depth).toBe(1);
        runs.push(key);
        if (key === 'a') {
          queue.add('b');
          queue.add('b');
          queue.drain();
        }
        depth--;
      },
      onError: () => {},
    });
    queue.add('a');
    queue.add('a');
    queue.add('c');
    await queue.settle();
    expect(runs).toEqual(['a', 'c', 'b']);
    queue.stop();
  });

  it('logs a failing key and retries it with backoff on the clock', async () => {
    const clock = new FakeClock();
    const errors: Array<[string, number]> = [];
    let attempts = 0;
    const queue = new WorkQueue({
      clock: clock.now,
      reconcile: () => {
        attempts++;
        if (attempts < 3) throw new Error('boom');
      },
      onError: (key, _e, retryInMs) => errors.push([key, retryInMs]),
    });
    queue.add('k');
    await queue.settle();
    expect(attempts).toBe(1);
    expect(queue.nextDue()).toBe(clock.now().getTime() + 100);
    clock.advance(100);
    await queue.settle();
    expect(attempts).toBe(2);
    clock.advance(199);
    await queue.settle();
    expect(attempts).toBe(2);
    clock.advance(1);
    await queue.settle();
    expect(attempts).toBe(3);
    expect(errors).toEqual([
      ['k', 100],
      ['k', 200],
    ]);
    expect(queue.nextDue()).toBeUndefined();
    queue.stop();
  });

  it('fires timers when the clock reaches them, the earliest request winning', async () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    const queue = new WorkQueue({
      clock: clock.now,
      reconcile: key => runs.push(key),
      onError: () => {},
    });
    const t0 = clock.now().getTime();
    queue.addAt('x', t0 + 1000);
    queue.addAt('x', t0 + 500);
    queue.addAt('x', t0 + 2000);
    await queue.settle();
    expect(runs).toEqual([]);
    clock.advance(500);
    await queue.settle();
    expect(runs).toEqual(['x']);
    expect(queue.nextDue()).toBeUndefined();
    queue.stop();
  });
});
