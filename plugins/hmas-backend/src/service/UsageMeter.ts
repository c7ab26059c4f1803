import type { LoggerService } from '@backstage/backend-plugin-api';
import { minuteOf } from '../database/DatabaseInferenceUsageStore';
import type {
  InferenceUsageStore,
  UsageSample,
} from '../database/InferenceUsageStore';

/** How often the meter writes its counts by default. */
export const DEFAULT_USAGE_FLUSH_INTERVAL_MS = 5_000;

/**
 * The most keys (deployment, caller, minute) the meter holds. Normally a flush empties it, so
 * it holds the keys of one interval; while the database refuses flushes the counts wait here
 * and new keys beyond this many are dropped (counted in a warning), so a long outage costs at
 * most about 2 MB of memory, not an unbounded amount.
 */
export const DEFAULT_USAGE_MAX_KEYS = 10_000;

/** One call through the inference gateway. @internal */
export interface UsageCall {
  deploymentId: string;
  caller: string;
  /** When the reply ended. */
  at: Date;
  latencyMs: number;
  error: boolean;
  /** As the model server reported them; absent when it did not. */
  promptTokens?: number;
  completionTokens?: number;
}

const keyOf = (
  s: Pick<UsageSample, 'deploymentId' | 'caller' | 'periodStart'>,
) => `${s.deploymentId}\n${s.caller}\n${s.periodStart.getTime()}`;

/** Adds `b` to `a`, in place. */
function merge(a: UsageSample, b: UsageSample) {
  a.requests += b.requests;
  a.errors += b.errors;
  a.latencyMsTotal += b.latencyMsTotal;
  a.latencyMsMax = Math.max(a.latencyMsMax, b.latencyMsMax);
  a.promptTokens += b.promptTokens;
  a.completionTokens += b.completionTokens;
  if (b.lastCallAt > a.lastCallAt) a.lastCallAt = b.lastCallAt;
}

/** A token count as reported, or 0 when it is not a count. */
const tokens = (n: number | undefined) =>
  Number.isSafeInteger(n) && n! >= 0 ? n! : 0;

/**
 * The inference gateway's usage meter: calls are added up in memory per deployment, caller and
 * UTC minute, and written every `flushIntervalMs` (one upsert per key, in one transaction) and
 * on {@link UsageMeter.stop}. A flush that fails is logged and its counts wait for the next
 * (bounded by `maxKeys`); a crash loses at most one interval of counts.
 *
 * @internal
 */
export class UsageMeter {
  private pending = new Map<string, UsageSample>();
  private readonly timer: NodeJS.Timeout;
  private readonly maxKeys: number;
  private flushing: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly deps: {
      store: Pick<InferenceUsageStore, 'record'>;
      logger: Pick<LoggerService, 'warn'>;
    },
    options: { flushIntervalMs?: number; maxKeys?: number } = {},
  ) {
    this.maxKeys = options.maxKeys ?? DEFAULT_USAGE_MAX_KEYS;
    this.timer = setInterval(
      () => void this.flush(),
      options.flushIntervalMs ?? DEFAULT_USAGE_FLUSH_INTERVAL_MS,
    );
    // The meter never keeps the process alive.
    this.timer.unref();
  }

  /** Counts one call; written by the next flush. */
  record(call: UsageCall): void {
    this.add({
      deploymentId: call.deploymentId,
      caller: call.caller,
      periodStart: minuteOf(call.at),
      requests: 1,
      errors: call.error ? 1 : 0,
      latencyMsTotal: Math.max(0, call.latencyMs),
      latencyMsMax: Math.max(0, call.latencyMs),
      promptTokens: tokens(call.promptTokens),
      completionTokens: tokens(call.completionTokens),
      lastCallAt: call.at,
    });
  }

  /** The number of keys waiting for a flush. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Writes the counts so far; resolves when they are written or, when the store failed, put
   * back for the next flush (it never rejects). Flushes run one after the other.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private add(sample: UsageSample) {
    const key = keyOf(sample);
    const known = this.pending.get(key);
    if (known) {
      merge(known, sample);
    } else if (this.pending.size < this.maxKeys) {
      this.pending.set(key, sample);
    } else {
      this.dropped += sample.requests;
    }
  }

  private async flushOnce() {
    const batch = this.pending;
    this.pending = new Map();
    if (this.dropped > 0) {
      this.deps.logger.warn(
        `Inference usage: ${this.dropped} calls were not counted, because ${this.maxKeys} counts were already waiting to be written`,
      );
      this.dropped = 0;
    }
    if (batch.size === 0) return;
    try {
      await this.deps.store.record([...batch.values()]);
    } catch (e) {
      this.deps.logger.warn(
        `Could not write the inference usage of ${
          batch.size
        } deployment, caller and minute keys; they are kept for the next write: ${
          (e as Error)?.message ?? e
        }`,
      );
      // Counts of calls made since are added to the older ones, not replace them.
      for (const sample of batch.values()) this.add(sample);
    }
  }
}
