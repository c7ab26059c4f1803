import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { PolicyPreset, PresetSpec } from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { NewAuditEntry } from './AuditStore';
import {
  insertAuditEntry,
  isUniqueViolation,
  migrateDatabase,
  toIsoTimestamp,
} from './DatabaseAuditStore';
import { PresetStore } from './PresetStore';

/** @internal */
export type DbPresetRow = {
  id: string;
  name: string;
  spec: string;
  created_by: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

const TABLE = 'hmas_policy_presets';

function toPreset(row: DbPresetRow): PolicyPreset {
  const spec: PresetSpec = JSON.parse(row.spec);
  return {
    ...spec,
    id: row.id,
    createdBy: row.created_by,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

function conflict(name: string) {
  return new ConflictError(`A preset named ${name} already exists`);
}

/**
 * Knex implementation of {@link PresetStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabasePresetStore implements PresetStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePresetStore> {
    return new DatabasePresetStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async list(): Promise<PolicyPreset[]> {
    const rows = await this.db<DbPresetRow>(TABLE).orderBy('name');
    return rows.map(toPreset);
  }

  async get(id: string): Promise<PolicyPreset | undefined> {
    const row = await this.db<DbPresetRow>(TABLE).where({ id }).first();
    return row ? toPreset(row) : undefined;
  }

  async getByName(name: string): Promise<PolicyPreset | undefined> {
    const row = await this.db<DbPresetRow>(TABLE).where({ name }).first();
    return row ? toPreset(row) : undefined;
  }

  async create(
    preset: { id: string; spec: PresetSpec; createdBy: string },
    audit: NewAuditEntry,
  ): Promise<PolicyPreset> {
    try {
      return await this.db.transaction(async tx => {
        await tx<DbPresetRow>(TABLE).insert({
          id: preset.id,
          name: preset.spec.name,
          spec: JSON.stringify(preset.spec),
          created_by: preset.createdBy,
        });
        await insertAuditEntry(tx, audit);
        const row = await tx<DbPresetRow>(TABLE)
          .where({ id: preset.id })
          .first();
        return toPreset(row!);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(preset.spec.name);
      throw e;
    }
  }

  async update(
    id: string,
    spec: PresetSpec,
    audit: NewAuditEntry,
  ): Promise<PolicyPreset | undefined> {
    try {
      return await this.db.transaction(async tx => {
        const changed = await tx<DbPresetRow>(TABLE)
          .where({ id })
          .update({
            name: spec.name,
            spec: JSON.stringify(spec),
            updated_at: this.db.fn.now() as any,
          });
        if (changed === 0) return undefined;
        await insertAuditEntry(tx, audit);
        const row = await tx<DbPresetRow>(TABLE).where({ id }).first();
        return toPreset(row!);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(spec.name);
      throw e;
    }
  }

  async delete(id: string, audit: NewAuditEntry): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx(TABLE).where({ id }).delete();
      if (deleted === 0) return false;
      await insertAuditEntry(tx, audit);
      return true;
    });
  }
}
