import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { HmasDeploymentQuery } from '@h-mas/plugin-hmas-node';
import type {
  AuditEntry,
  DeploymentInfo,
  DeploymentOperationInfo,
} from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from './AuditStore';

/** States of a deployment's row. @public */
export type DeploymentState = 'creating' | 'active' | 'deleting';

/**
 * A deployment as stored: the validated request (intent) and the Karmada objects that realise
 * it, in create order.
 *
 * @public
 */
export type DeploymentRow = DeploymentInfo;

/** An operation about to start: its kind, id and (for an update) target spec. @public */
export type NewDeploymentOperation = Omit<
  DeploymentOperationInfo,
  'heartbeatAt'
>;

/** Filters of `GET /deployments`. @public */
export interface DeploymentFilter {
  owner?: string;
  runtime?: string;
  zone?: string;
  namespace?: string;
  entityRef?: string;
  /**
   * The conditions of a permission decision (`hmas.deployment.read`), applied in the query:
   * only rows they select are listed.
   */
  permission?: PermissionCriteria<HmasDeploymentQuery>;
}

/**
 * Persistence of deployment intent.
 *
 * @public
 */
export interface DeploymentStore {
  /**
   * Inserts a `creating` row with its create operation journalled; a ConflictError when
   * namespace/name is taken.
   */
  insert(
    row: Omit<DeploymentRow, 'createdAt' | 'updatedAt' | 'operation'>,
    operation?: NewDeploymentOperation,
  ): Promise<DeploymentRow>;
  get(id: string): Promise<DeploymentRow | undefined>;
  list(filter?: DeploymentFilter): Promise<DeploymentRow[]>;
  /**
   * Changes a row and, in the same transaction, appends its audit entry; a NotFoundError (and
   * no audit entry) when the row is gone.
   */
  update(
    id: string,
    changes: Partial<Pick<DeploymentRow, 'state' | 'spec' | 'objects'>>,
    audit?: NewAuditEntry,
  ): Promise<{ row: DeploymentRow; audit?: AuditEntry }>;
  /**
   * Starts an operation on a row (and sets `state` if given). Without `replacing` the row
   * must hold no operation, else a ConflictError naming the one in progress; with
   * `replacing: 'any'` it takes the row over whatever holds it (a delete always may); with
   * an operation id only if that one still holds it (the recovery task's compare-and-set).
   * A NotFoundError when the row is gone.
   */
  beginOperation(
    id: string,
    operation: NewDeploymentOperation,
    options?: { state?: DeploymentState; replacing?: string },
  ): Promise<DeploymentRow>;
  /**
   * Records the step an operation is about to take (and so its heartbeat); `false` when the
   * operation no longer holds the row (taken over, or the row is gone): the caller must stop.
   */
  journal(id: string, operationId: string, step: string): Promise<boolean>;
  /**
   * Ends an operation: applies the changes, clears the journal and appends the audit entry,
   * in one transaction; `undefined` (nothing written) when the operation no longer holds the
   * row.
   */
  finishOperation(
    id: string,
    operationId: string,
    changes: Partial<Pick<DeploymentRow, 'state' | 'spec' | 'objects'>>,
    audit?: NewAuditEntry,
  ): Promise<{ row: DeploymentRow; audit?: AuditEntry } | undefined>;
  /**
   * Removes a row and, in the same transaction, appends its audit entry; `false` (and no
   * audit entry) when the row was already gone, or when `operationId` is given and no longer
   * holds it, so concurrent deletes record one deletion.
   */
  remove(
    id: string,
    audit?: NewAuditEntry,
    operationId?: string,
  ): Promise<boolean>;
  /** Rows whose operation recorded its last step before `heartbeatBefore`, oldest first. */
  listUnfinished(heartbeatBefore: Date): Promise<DeploymentRow[]>;
}
