import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  DeploymentUsage,
  InferenceCallerUsage,
  InferenceUsageTotals,
} from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { migrateDatabase, toIsoTimestamp } from './DatabaseAuditStore';
import { InferenceUsageStore, UsageSample } from './InferenceUsageStore';

const TABLE = 'hmas_inference_usage';

/** Most ids in one `where in` (SQLite allows 999 bound values in a statement). */
const IDS_PER_QUERY = 500;

/** @internal */
export type DbInferenceUsageRow = {
  deployment_id: string;
  caller: string;
  period_start: Date | string | number;
  requests: number;
  errors: number;
  latency_ms_total: number;
  latency_ms_max: number;
  prompt_tokens: number | string;
  completion_tokens: number | string;
  last_call_at: Date | string | number;
  updated_at: Date | string | number;
};

/** The sums of one caller as `summary` selects them (PostgreSQL sums bigints as text). */
type DbCallerSums = {
  caller: string;
  requests: number | string;
  errors: number | string;
  latency_ms_total: number | string;
  latency_ms_max: number | string;
  prompt_tokens: number | string;
  completion_tokens: number | string;
  last_call_at: Date | string | number | null;
};

/** The start of the UTC minute of a time. */
export function minuteOf(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 60_000) * 60_000);
}

/** A sample's row order: rows are written in one order, so that two writers cannot deadlock. */
function byKey(a: UsageSample, b: UsageSample): number {
  return (
    a.deploymentId.localeCompare(b.deploymentId) ||
    a.caller.localeCompare(b.caller) ||
    a.periodStart.getTime() - b.periodStart.getTime()
  );
}

/** Milliseconds to the microsecond. */
const round = (ms: number) => Math.round(ms * 1000) / 1000;

function toCallerUsage(row: DbCallerSums): InferenceCallerUsage {
  const requests = Number(row.requests);
  return {
    caller: row.caller,
    requests,
    errors: Number(row.errors),
    latencyMsAvg: requests ? round(Number(row.latency_ms_total) / requests) : 0,
    latencyMsMax: round(Number(row.latency_ms_max)),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    // Every row has one: a caller is listed because it has rows.
    lastCallAt: toIsoTimestamp(row.last_call_at!),
  };
}

/** The totals of every caller: sums, and the latest of the maxima. */
function totalsOf(rows: DbCallerSums[]): InferenceUsageTotals {
  const sum = (name: keyof DbCallerSums) =>
    rows.reduce((n, row) => n + Number(row[name]), 0);
  const requests = sum('requests');
  const last = rows
    .filter(row => row.last_call_at !== null)
    .map(row => toIsoTimestamp(row.last_call_at!))
    .sort()
    .at(-1);
  return {
    requests,
    errors: sum('errors'),
    latencyMsAvg: requests ? round(sum('latency_ms_total') / requests) : 0,
    latencyMsMax: round(
      Math.max(0, ...rows.map(row => Number(row.latency_ms_max))),
    ),
    promptTokens: sum('prompt_tokens'),
    completionTokens: sum('completion_tokens'),
    ...(last ? { lastCallAt: last } : {}),
  };
}

/**
 * Knex implementation of {@link InferenceUsageStore}, on SQLite and PostgreSQL. Timestamps
 * are bound as Dates on both (SQLite stores them as epoch milliseconds), so comparisons are
 * of like with like.
 *
 * @internal
 */
export class DatabaseInferenceUsageStore implements InferenceUsageStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseInferenceUsageStore> {
    return new DatabaseInferenceUsageStore(
      await migrateDatabase(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async record(samples: UsageSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.transaction(async tx => {
      // A deployment deleted since its calls has no rows any more (they cascade): its
      // samples would break the foreign key, and are dropped instead.
      const ids = [...new Set(samples.map(s => s.deploymentId))];
      const existing = new Set<string>();
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const rows = await tx('hmas_deployments')
          .whereIn('id', ids.slice(i, i + IDS_PER_QUERY))
          .select<{ id: string }[]>('id');
        for (const row of rows) existing.add(row.id);
      }
      const now = new Date();
      const column = (name: string) => `${TABLE}.${name}`;
      const add = (name: string, value: number) =>
        tx.raw('?? + ?', [column(name), value]);
      // SQLite has no GREATEST.
      const greatest = (name: string, value: number | Date) =>
        tx.raw('CASE WHEN ?? < ? THEN ? ELSE ?? END', [
          column(name),
          value,
          value,
          column(name),
        ]);
      for (const s of samples
        .filter(x => existing.has(x.deploymentId))
        .sort(byKey)) {
        await tx<DbInferenceUsageRow>(TABLE)
          .insert({
            deployment_id: s.deploymentId,
            caller: s.caller,
            period_start: s.periodStart,
            requests: s.requests,
            errors: s.errors,
            latency_ms_total: s.latencyMsTotal,
            latency_ms_max: s.latencyMsMax,
            prompt_tokens: s.promptTokens,
            completion_tokens: s.completionTokens,
            last_call_at: s.lastCallAt,
            updated_at: now,
          })
          .onConflict(['deployment_id', 'caller', 'period_start'])
          .merge({
            requests: add('requests', s.requests),
            errors: add('errors', s.errors),
            latency_ms_total: add('latency_ms_total', s.latencyMsTotal),
            latency_ms_max: greatest('latency_ms_max', s.latencyMsMax),
            prompt_tokens: add('prompt_tokens', s.promptTokens),
            completion_tokens: add('completion_tokens', s.completionTokens),
            last_call_at: greatest('last_call_at', s.lastCallAt),
            updated_at: now,
          } as any);
      }
    });
  }

  async summary(
    deploymentId: string,
    options: { since: Date },
  ): Promise<DeploymentUsage> {
    const since = minuteOf(options.since);
    const until = new Date();
    const rows = await this.db(TABLE)
      .where('deployment_id', deploymentId)
      .where('period_start', '>=', since)
      .groupBy('caller')
      .select<DbCallerSums[]>(
        'caller',
        this.db.raw('sum(requests) as requests'),
        this.db.raw('sum(errors) as errors'),
        this.db.raw('sum(latency_ms_total) as latency_ms_total'),
        this.db.raw('max(latency_ms_max) as latency_ms_max'),
        this.db.raw('sum(prompt_tokens) as prompt_tokens'),
        this.db.raw('sum(completion_tokens) as completion_tokens'),
        this.db.raw('max(last_call_at) as last_call_at'),
      );
    const callers = rows
      .map(toCallerUsage)
      .sort(
        (a, b) => b.requests - a.requests || a.caller.localeCompare(b.caller),
      );
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      totals: totalsOf(rows),
      callers,
    };
  }
}
