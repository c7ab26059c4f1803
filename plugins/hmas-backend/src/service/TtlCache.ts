/**
 * A bounded map whose entries are answered for `ttlMs` after they were set: the inference
 * gateway's short-lived reads (a deployment by name, its ready clusters, a caller's policy
 * decision), so a burst of calls costs one read. When it holds `maxEntries`, it is emptied
 * before the next entry (a burst of distinct keys costs reads, never memory).
 *
 * @internal
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value set less than `ttlMs` ago, else undefined (and a stale entry is dropped). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at < this.ttlMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: K, value: V): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      this.entries.clear();
    }
    this.entries.set(key, { at: this.now(), value });
  }

  /** Answers a fresh value, else reads one with `load` and keeps it. */
  async through(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    this.set(key, value);
    return value;
  }
}
