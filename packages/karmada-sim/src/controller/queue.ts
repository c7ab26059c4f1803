/**
 * A keyed, de-duplicating work queue with timers on an injectable clock: the loop that
 * drives the controller, as client-go's rate-limited work queue drives a real one.
 */

/** What the queue calls for each key; a throw is logged and retried with backoff. @internal */
export type Reconcile = (key: string) => void;

/** @internal */
export interface WorkQueueOptions {
  clock: () => Date;
  reconcile: Reconcile;
  onError: (key: string, error: unknown, retryInMs: number) => void;
  /** Reconciles one drain runs before yielding to the event loop. */
  batch?: number;
  /** Longest retry delay; default 30 s. */
  maxBackoffMs?: number;
}

const BASE_BACKOFF_MS = 100;
// A loop that keeps finding work after this many reconciles is a bug: say so.
const SETTLE_LIMIT = 50_000;

/**
 * Keys wait in insertion order and appear once however often they are added; a key
 * added while it is being reconciled runs again afterwards. Never re-entrant: keys added
 * during a drain join the same drain.
 * @internal
 */
export class WorkQueue {
  private readonly keys = new Set<string>();
  private readonly timers = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private running = false;
  private stopped = false;
  private immediate: NodeJS.Immediate | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private timeoutDue = Infinity;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Number of keys waiting. */
  get length(): number {
    return this.keys.size;
  }

  /** Queues a key and makes sure a drain runs soon. */
  add(key: string): void {
    if (this.stopped) return;
    this.keys.add(key);
    this.kick();
  }

  /** Queues `key` when the clock reaches `at` (epoch ms); the earliest request wins. */
  addAt(key: string, at: number): void {
    if (this.stopped) return;
    const current = this.timers.get(key);
    if (current !== undefined && current <= at) return;
    this.timers.set(key, at);
    this.arm();
  }

  /** Moves every timer that is due into the queue; returns how many fired. */
  fireDue(): number {
    const now = this.options.clock().getTime();
    let fired = 0;
    for (const [key, at] of [...this.timers]) {
      if (at > now) continue;
      this.timers.delete(key);
      this.keys.add(key);
      fired++;
    }
    return fired;
  }

  /** Epoch ms of the next timer, if any. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const at of this.timers.values()) {
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** Runs queued keys (and timers that come due) until the queue is empty. */
  drain(limit = SETTLE_LIMIT): number {
    if (this.running || this.stopped) return 0;
    this.running = true;
    let done = 0;
    try {
      this.fireDue();
      while (this.keys.size > 0 && done < limit) {
        const key: string = this.keys.values().next().value!;
        this.keys.delete(key);
        this.run(key);
        done++;
        if (this.keys.size === 0) this.fireDue();
      }
    } finally {
      this.running = false;
    }
    this.arm();
    return done;
  }

  /**
   * Resolves once the queue is empty and no timer is due by the clock. Throws if work
   * keeps coming (a reconcile loop that never converges).
   */
  async settle(): Promise<void> {
    let total = 0;
    for (;;) {
      await new Promise<void>(resolve => setImmediate(resolve));
      if (this.stopped) return;
      this.fireDue();
      if (this.keys.size === 0) return;
      total += this.drain(SETTLE_LIMIT - total);
      if (total >= SETTLE_LIMIT) {
        throw new Error(
          `controller did not settle after ${total} reconciles; still queued: ${[
            ...this.keys,
          ]
            .slice(0, 10)
            .join(', ')}`,
        );
      }
    }
  }

  /** Drops every key and timer; later adds are ignored. */
  stop(): void {
    this.stopped = true;
    this.keys.clear();
    this.timers.clear();
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timeout) clearTimeout(this.timeout);
    this.immediate = undefined;
    this.timeout = undefined;
  }

  private run(key: string) {
    try {
      this.options.reconcile(key);
      this.failures.delete(key);
    } catch (error) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      const delay = Math.min(
        BASE_BACKOFF_MS * 2 ** (n - 1),
        this.options.maxBackoffMs ?? 30_000,
      );
      this.options.onError(key, error, delay);
      const now = this.options.clock().getTime();
      const current = this.timers.get(key);
      if (current === undefined || current > now + delay) {
        this.timers.set(key, now + delay);
      }
    }
  }

  private kick() {
    if (this.immediate || this.running || this.stopped) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      const done = this.drain(this.options.batch ?? 2000);
      if (done > 0 && this.keys.size > 0) this.kick();
    });
  }

  /** Keeps one real timer, unref'd, for the earliest due key; a fake clock is checked again when it fires. */
  private arm() {
    if (this.stopped) return;
    const next = this.nextDue();
    if (next === undefined) {
      if (this.timeout) clearTimeout(this.timeout);
      this.timeout = undefined;
      this.timeoutDue = Infinity;
      return;
    }
    if (this.timeout && this.timeoutDue <= next) return;
    if (this.timeout) clearTimeout(this.timeout);
    const delay = Math.min(
      Math.max(next - this.options.clock().getTime(), 1),
      2 ** 31 - 1,
    );
    this.timeoutDue = next;
    this.timeout = setTimeout(() => {
      this.timeout = undefined;
      this.timeoutDue = Infinity;
      if (this.fireDue() > 0) this.kick();
      this.arm();
    }, delay);
    this.timeout.unref();
  }
}
