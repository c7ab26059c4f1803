import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  AuditEntry,
  PolicyInfo,
  PolicyKind,
} from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { NewAuditEntry } from './AuditStore';
import { insertAuditEntry, migrateDatabase } from './DatabaseAuditStore';
import { PolicyKey, PolicyStore } from './PolicyStore';

/** @internal */
export type DbPolicyRow = {
  kind: string;
  namespace: string;
  name: string;
  resource_version: string;
  summary: string;
  refreshed_at?: Date | string;
};

const TABLE = 'hmas_policies';
const KEY = ['kind', 'namespace', 'name'];

function toRow(policy: PolicyInfo, db: Knex) {
  return {
    kind: policy.kind,
    namespace: policy.namespace,
    name: policy.name,
    resource_version: policy.resourceVersion,
    summary: JSON.stringify(policy.summary),
    refreshed_at: db.fn.now(),
  };
}

function toPolicyInfo(row: DbPolicyRow): PolicyInfo {
  return {
    kind: row.kind as PolicyKind,
    namespace: row.namespace,
    name: row.name,
    resourceVersion: row.resource_version,
    summary: JSON.parse(row.summary),
  };
}

/**
 * Knex implementation of {@link PolicyStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabasePolicyStore implements PolicyStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePolicyStore> {
    return new DatabasePolicyStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async listPolicies(kind?: PolicyKind): Promise<PolicyInfo[]> {
    const q = this.db<DbPolicyRow>(TABLE).orderBy(KEY);
    if (kind) q.where({ kind });
    return (await q).map(toPolicyInfo);
  }

  async getPolicy(key: PolicyKey): Promise<PolicyInfo | undefined> {
    const row = await this.db<DbPolicyRow>(TABLE).where(key).first();
    return row ? toPolicyInfo(row) : undefined;
  }

  async savePolicy(
    policy: PolicyInfo,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined> {
    return this.db.transaction(async tx => {
      await tx(TABLE).insert(toRow(policy, this.db)).onConflict(KEY).merge();
      return audit ? insertAuditEntry(tx, audit) : undefined;
    });
  }

  async deletePolicy(
    key: PolicyKey,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined> {
    return this.db.transaction(async tx => {
      await tx(TABLE).where(key).delete();
      return audit ? insertAuditEntry(tx, audit) : undefined;
    });
  }

  async replaceKind(kind: PolicyKind, policies: PolicyInfo[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TABLE).where({ kind }).delete();
      // Chunked: SQLite limits the number of bound parameters per statement.
      for (let i = 0; i < policies.length; i += 100) {
        await tx(TABLE).insert(
          policies.slice(i, i + 100).map(p => toRow(p, this.db)),
        );
      }
    });
  }
}
