import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { NewAuditEntry } from './AuditStore';
import {
  insertAuditEntry,
  isUniqueViolation,
  migrateDatabase,
  toIsoTimestamp,
} from './DatabaseAuditStore';
import {
  DeploymentFilter,
  DeploymentRow,
  DeploymentStore,
} from './DeploymentStore';

/** @internal */
export type DbDeploymentRow = {
  id: string;
  namespace: string;
  name: string;
  owner: string;
  created_by: string;
  runtime: string;
  model: string;
  zone: string | null;
  entity_ref?: string | null;
  state: string;
  spec: string;
  objects: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

function toRow(r: DbDeploymentRow): DeploymentRow {
  return {
    id: r.id,
    namespace: r.namespace,
    name: r.name,
    owner: r.owner,
    createdBy: r.created_by,
    runtime: r.runtime,
    model: r.model,
    ...(r.zone ? { zone: r.zone } : {}),
    ...(r.entity_ref ? { entityRef: r.entity_ref } : {}),
    state: r.state as DeploymentRow['state'],
    spec: JSON.parse(r.spec),
    objects: JSON.parse(r.objects),
    createdAt: toIsoTimestamp(r.created_at),
    updatedAt: toIsoTimestamp(r.updated_at),
  };
}

/**
 * Knex implementation of {@link DeploymentStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabaseDeploymentStore implements DeploymentStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeploymentStore> {
    return new DatabaseDeploymentStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async insert(
    row: Omit<DeploymentRow, 'createdAt' | 'updatedAt'>,
  ): Promise<DeploymentRow> {
    try {
      await this.db<DbDeploymentRow>('hmas_deployments').insert({
        id: row.id,
        namespace: row.namespace,
        name: row.name,
        owner: row.owner,
        created_by: row.createdBy,
        runtime: row.runtime,
        model: row.model,
        zone: row.zone ?? null,
        entity_ref: row.entityRef ?? null,
        state: row.state,
        spec: JSON.stringify(row.spec),
        objects: JSON.stringify(row.objects),
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(
          `A deployment named ${row.name} already exists in namespace ${row.namespace}`,
        );
      }
      throw e;
    }
    return (await this.get(row.id))!;
  }

  async get(id: string): Promise<DeploymentRow | undefined> {
    const row = await this.db<DbDeploymentRow>('hmas_deployments')
      .where({ id })
      .first();
    return row ? toRow(row) : undefined;
  }

  async list(filter: DeploymentFilter = {}): Promise<DeploymentRow[]> {
    const q = this.db<DbDeploymentRow>('hmas_deployments').orderBy([
      'namespace',
      'name',
    ]);
    if (filter.owner) q.where('owner', filter.owner);
    if (filter.runtime) q.where('runtime', filter.runtime);
    if (filter.zone) q.where('zone', filter.zone);
    if (filter.namespace) q.where('namespace', filter.namespace);
    if (filter.entityRef) q.where('entity_ref', filter.entityRef);
    return (await q).map(toRow);
  }

  async update(
    id: string,
    changes: Partial<Pick<DeploymentRow, 'state' | 'spec' | 'objects'>>,
    audit?: NewAuditEntry,
  ) {
    return this.db.transaction(async tx => {
      const updated = await tx<DbDeploymentRow>('hmas_deployments')
        .where({ id })
        .update({
          ...(changes.state ? { state: changes.state } : {}),
          ...(changes.spec ? { spec: JSON.stringify(changes.spec) } : {}),
          ...(changes.objects
            ? { objects: JSON.stringify(changes.objects) }
            : {}),
          updated_at: this.db.fn.now() as any,
        });
      // Gone meanwhile (a concurrent delete): nothing changed, nothing is audited.
      if (updated === 0) throw new NotFoundError(`No deployment with id ${id}`);
      const entry = audit ? await insertAuditEntry(tx, audit) : undefined;
      const row = await tx<DbDeploymentRow>('hmas_deployments')
        .where({ id })
        .first();
      return { row: toRow(row!), audit: entry };
    });
  }

  async remove(id: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.db.transaction(async tx => {
      const removed = await tx('hmas_deployments').where({ id }).delete();
      if (removed === 0) return false;
      if (audit) await insertAuditEntry(tx, audit);
      return true;
    });
  }
}
