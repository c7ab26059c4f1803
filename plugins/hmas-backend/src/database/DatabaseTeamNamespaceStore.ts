import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  TeamNamespace,
  TeamNamespaceSpec,
  TeamNamespaceState,
} from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { NewAuditEntry } from './AuditStore';
import {
  insertAuditEntry,
  isUniqueViolation,
  migrateDatabase,
  toIsoTimestamp,
} from './DatabaseAuditStore';
import { TeamNamespaceStore } from './TeamNamespaceStore';

/** @internal */
export type DbTeamNamespaceRow = {
  name: string;
  team: string;
  description: string | null;
  quota: string;
  priority_classes: string;
  state: string;
  created_by: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

const TABLE = 'hmas_team_namespaces';

function toTeamNamespace(row: DbTeamNamespaceRow): TeamNamespace {
  return {
    name: row.name,
    team: row.team,
    ...(row.description ? { description: row.description } : {}),
    quota: JSON.parse(row.quota),
    priorityClasses: JSON.parse(row.priority_classes),
    state: row.state as TeamNamespaceState,
    createdBy: row.created_by,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/**
 * Knex implementation of {@link TeamNamespaceStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabaseTeamNamespaceStore implements TeamNamespaceStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTeamNamespaceStore> {
    return new DatabaseTeamNamespaceStore(
      await migrateDatabase(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async list(): Promise<TeamNamespace[]> {
    const rows = await this.db<DbTeamNamespaceRow>(TABLE).orderBy('name');
    return rows.map(toTeamNamespace);
  }

  async get(name: string): Promise<TeamNamespace | undefined> {
    const row = await this.db<DbTeamNamespaceRow>(TABLE)
      .where({ name })
      .first();
    return row ? toTeamNamespace(row) : undefined;
  }

  async getByTeam(team: string): Promise<TeamNamespace | undefined> {
    const row = await this.db<DbTeamNamespaceRow>(TABLE)
      .where({ team })
      .first();
    return row ? toTeamNamespace(row) : undefined;
  }

  async insert(
    spec: TeamNamespaceSpec,
    createdBy: string,
  ): Promise<TeamNamespace> {
    try {
      await this.db<DbTeamNamespaceRow>(TABLE).insert({
        name: spec.name,
        team: spec.team,
        description: spec.description ?? null,
        quota: JSON.stringify(spec.quota),
        priority_classes: JSON.stringify(spec.priorityClasses),
        state: 'creating',
        created_by: createdBy,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const taken = await this.get(spec.name);
      throw new ConflictError(
        taken
          ? `A team namespace named ${spec.name} already exists`
          : `${spec.team} already has a team namespace`,
      );
    }
    return (await this.get(spec.name))!;
  }

  async update(
    name: string,
    change: Partial<
      Pick<TeamNamespace, 'description' | 'quota' | 'priorityClasses'>
    > & { state?: TeamNamespaceState },
    options: { from?: TeamNamespaceState; audit?: NewAuditEntry } = {},
  ): Promise<TeamNamespace | undefined> {
    return this.db.transaction(async tx => {
      const patch: Partial<DbTeamNamespaceRow> = {
        updated_at: this.db.fn.now() as any,
      };
      if (change.description !== undefined) {
        patch.description = change.description || null;
      }
      if (change.quota) patch.quota = JSON.stringify(change.quota);
      if (change.priorityClasses) {
        patch.priority_classes = JSON.stringify(change.priorityClasses);
      }
      if (change.state) patch.state = change.state;
      const query = tx<DbTeamNamespaceRow>(TABLE).where({ name });
      if (options.from) query.andWhere({ state: options.from });
      const changed = await query.update(patch);
      if (changed === 0) return undefined;
      if (options.audit) await insertAuditEntry(tx, options.audit);
      const row = await tx<DbTeamNamespaceRow>(TABLE).where({ name }).first();
      return toTeamNamespace(row!);
    });
  }

  async delete(name: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx(TABLE).where({ name }).delete();
      if (deleted === 0) return false;
      if (audit) await insertAuditEntry(tx, audit);
      return true;
    });
  }
}
