import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
} from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { AuditStore, NewAuditEntry } from './AuditStore';

const migrationsDir = resolvePackagePath(
  '@h-mas/plugin-hmas-backend',
  'migrations',
);

/** @internal */
export type DbAuditRow = {
  id: number | string;
  created_at: Date | string | number;
  actor: string;
  source: string;
  action: string;
  target_kind: string;
  target_name: string;
  summary: string;
  outcome?: string;
  details: string | null;
};

/**
 * Runs the plugin's migrations unless the database service says not to.
 *
 * @internal
 */
export async function migrateDatabase(database: DatabaseService) {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/**
 * Whether a database error is a unique-constraint violation, on SQLite and PostgreSQL alike.
 *
 * @internal
 */
export function isUniqueViolation(e: unknown): boolean {
  const text = String((e as Error)?.message ?? e);
  return /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(
    text,
  );
}

/** @internal */
export function toIsoTimestamp(value: Date | string | number): string {
  // SQLite returns what knex.fn.now() stored as text ("YYYY-MM-DD HH:MM:SS") or epoch millis,
  // PostgreSQL a Date; all are UTC.
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = /^\d{4}-\d\d-\d\d \d/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(text).toISOString();
}

/**
 * Inserts one audit entry with the given knex or transaction, so that stores can write it in
 * the same transaction as the change it records.
 *
 * @internal
 */
export async function insertAuditEntry(
  db: Knex | Knex.Transaction,
  entry: NewAuditEntry,
): Promise<AuditEntry> {
  const [row] = await db<DbAuditRow>('hmas_audit_log')
    .insert({
      actor: entry.actor,
      source: entry.source,
      action: entry.action,
      target_kind: entry.targetKind,
      target_name: entry.targetName,
      summary: entry.summary,
      outcome: entry.outcome ?? 'succeeded',
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .returning('*');
  return toAuditEntry(row);
}

function toAuditEntry(row: DbAuditRow): AuditEntry {
  return {
    id: Number(row.id),
    createdAt: toIsoTimestamp(row.created_at),
    actor: row.actor,
    source: row.source as AuditEntry['source'],
    action: row.action,
    targetKind: row.target_kind as AuditEntry['targetKind'],
    targetName: row.target_name,
    summary: row.summary,
    outcome: (row.outcome ?? 'succeeded') as AuditEntry['outcome'],
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
  };
}

/**
 * Knex implementation of {@link AuditStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabaseAuditStore implements AuditStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAuditStore> {
    return new DatabaseAuditStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return insertAuditEntry(this.db, entry);
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    return (await this.page(query)).items;
  }

  async page(query: AuditQuery): Promise<AuditPage> {
    // One row more than the page tells whether there is a next one.
    const q = this.db<DbAuditRow>('hmas_audit_log')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.targetKind) q.where('target_kind', query.targetKind);
    if (query.targetName) q.where('target_name', query.targetName);
    if (query.actor) q.where('actor', query.actor);
    if (query.source) q.where('source', query.source);
    if (query.outcome) q.where('outcome', query.outcome);
    if (query.before) q.where('id', '<', query.before);
    if (query.since) q.where('created_at', '>=', this.timestamp(query.since));
    if (query.until) q.where('created_at', '<', this.timestamp(query.until));
    const rows = (await q).map(toAuditEntry);
    const items = rows.slice(0, query.limit);
    return rows.length > query.limit
      ? { items, nextBefore: items[items.length - 1].id }
      : { items };
  }

  /**
   * A timestamp as the database compares it with `created_at`: a Date for PostgreSQL; for
   * SQLite the text `YYYY-MM-DD HH:MM:SS` (UTC) that `CURRENT_TIMESTAMP` stores.
   */
  private timestamp(iso: string): Date | string {
    const date = new Date(iso);
    if (this.db.client.config.client === 'pg') return date;
    return date.toISOString().slice(0, 19).replace('T', ' ');
  }
}
