import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { HmasDeploymentQuery } from '@h-mas/plugin-hmas-node';
import { NewAuditEntry } from './AuditStore';
import {
  insertAuditEntry,
  isUniqueViolation,
  migrateDatabase,
  toIsoTimestamp,
} from './DatabaseAuditStore';
import type { DeploymentOperationInfo } from '@h-mas/plugin-hmas-common';
import {
  DeploymentFilter,
  DeploymentRow,
  DeploymentState,
  DeploymentStore,
  NewDeploymentOperation,
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
  operation?: string | null;
  operation_id?: string | null;
  operation_step?: string | null;
  operation_target?: string | null;
  operation_heartbeat?: Date | string | number | null;
};

const NO_OPERATION = {
  operation: null,
  operation_id: null,
  operation_step: null,
  operation_target: null,
  operation_heartbeat: null,
};

function operationColumns(operation: NewDeploymentOperation) {
  return {
    operation: operation.kind,
    operation_id: operation.id,
    operation_step: operation.step ?? null,
    operation_target: operation.target
      ? JSON.stringify(operation.target)
      : null,
    operation_heartbeat: new Date(),
  };
}

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
    ...(r.operation && r.operation_id
      ? {
          operation: {
            kind: r.operation as DeploymentOperationInfo['kind'],
            id: r.operation_id,
            ...(r.operation_step ? { step: r.operation_step } : {}),
            ...(r.operation_target
              ? { target: JSON.parse(r.operation_target) }
              : {}),
            heartbeatAt: toIsoTimestamp(r.operation_heartbeat ?? r.updated_at),
          },
        }
      : {}),
  };
}

/** In a write's transaction: appends its audit entry and reads the row as written. */
async function auditAndRead(
  tx: Knex.Transaction,
  id: string,
  audit?: NewAuditEntry,
) {
  const entry = audit ? await insertAuditEntry(tx, audit) : undefined;
  const row = await tx<DbDeploymentRow>('hmas_deployments')
    .where({ id })
    .first();
  return { row: toRow(row!), audit: entry };
}

function changeColumns(
  changes: Partial<Pick<DeploymentRow, 'state' | 'spec' | 'objects'>>,
) {
  return {
    ...(changes.state ? { state: changes.state } : {}),
    ...(changes.spec ? { spec: JSON.stringify(changes.spec) } : {}),
    ...(changes.objects ? { objects: JSON.stringify(changes.objects) } : {}),
  };
}

const CRITERIA_COLUMNS: Record<HmasDeploymentQuery['property'], string> = {
  owner: 'owner',
  namespace: 'namespace',
};

/** Adds a permission decision's conditions to a query (allOf / anyOf / not of rule queries). */
function whereCriteria(
  q: Knex.QueryBuilder,
  criteria: PermissionCriteria<HmasDeploymentQuery>,
): void {
  if (isAndCriteria(criteria)) {
    q.where(b =>
      criteria.allOf.forEach(c => b.andWhere(i => whereCriteria(i, c))),
    );
  } else if (isOrCriteria(criteria)) {
    // anyOf of nothing selects nothing.
    if (criteria.anyOf.length === 0) q.whereRaw('1 = 0');
    else
      q.where(b =>
        criteria.anyOf.forEach(c => b.orWhere(i => whereCriteria(i, c))),
      );
  } else if (isNotCriteria(criteria)) {
    q.whereNot(b => whereCriteria(b, criteria.not));
  } else if (criteria.values.length === 0) {
    q.whereRaw('1 = 0');
  } else {
    q.whereIn(CRITERIA_COLUMNS[criteria.property], criteria.values);
  }
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
    row: Omit<DeploymentRow, 'createdAt' | 'updatedAt' | 'operation'>,
    operation?: NewDeploymentOperation,
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
        ...(operation ? operationColumns(operation) : NO_OPERATION),
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
    if (filter.permission) whereCriteria(q, filter.permission);
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
          ...changeColumns(changes),
          updated_at: this.db.fn.now() as any,
        });
      // Gone meanwhile (a concurrent delete): nothing changed, nothing is audited.
      if (updated === 0) throw new NotFoundError(`No deployment with id ${id}`);
      return auditAndRead(tx, id, audit);
    });
  }

  async beginOperation(
    id: string,
    operation: NewDeploymentOperation,
    options: { state?: DeploymentState; replacing?: string } = {},
  ): Promise<DeploymentRow> {
    const q = this.db<DbDeploymentRow>('hmas_deployments').where({ id });
    if (options.replacing === undefined) q.whereNull('operation_id');
    else if (options.replacing !== 'any') {
      q.where('operation_id', options.replacing);
    }
    const updated = await q.update({
      ...operationColumns(operation),
      ...(options.state ? { state: options.state } : {}),
      updated_at: this.db.fn.now() as any,
    });
    const row = await this.get(id);
    if (!row) throw new NotFoundError(`No deployment with id ${id}`);
    if (updated === 0) {
      const busy = row.operation;
      throw new ConflictError(
        busy
          ? `Deployment ${row.name} is busy: an unfinished ${
              busy.kind
            } holds it${
              busy.step ? ` (${busy.step})` : ''
            }; retry when it has finished`
          : `Deployment ${row.name} changed meanwhile; retry`,
      );
    }
    return row;
  }

  async journal(id: string, operationId: string, step: string) {
    const updated = await this.db<DbDeploymentRow>('hmas_deployments')
      .where({ id, operation_id: operationId })
      .update({ operation_step: step, operation_heartbeat: new Date() });
    return updated > 0;
  }

  async finishOperation(
    id: string,
    operationId: string,
    changes: Partial<Pick<DeploymentRow, 'state' | 'spec' | 'objects'>>,
    audit?: NewAuditEntry,
  ) {
    return this.db.transaction(async tx => {
      const updated = await tx<DbDeploymentRow>('hmas_deployments')
        .where({ id, operation_id: operationId })
        .update({
          ...changeColumns(changes),
          ...NO_OPERATION,
          updated_at: this.db.fn.now() as any,
        });
      if (updated === 0) return undefined;
      return auditAndRead(tx, id, audit);
    });
  }

  async remove(
    id: string,
    audit?: NewAuditEntry,
    operationId?: string,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const q = tx('hmas_deployments').where({ id });
      if (operationId !== undefined) q.where('operation_id', operationId);
      const removed = await q.delete();
      if (removed === 0) return false;
      if (audit) await insertAuditEntry(tx, audit);
      return true;
    });
  }

  async listUnfinished(heartbeatBefore: Date): Promise<DeploymentRow[]> {
    const rows = await this.db<DbDeploymentRow>('hmas_deployments')
      .whereNotNull('operation_id')
      .where('operation_heartbeat', '<', heartbeatBefore)
      .orderBy('operation_heartbeat');
    return rows.map(toRow);
  }
}
