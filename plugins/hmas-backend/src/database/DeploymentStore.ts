import type { AuditEntry, DeploymentInfo } from '@h-mas/plugin-hmas-common';
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

/** Filters of `GET /deployments`. @public */
export interface DeploymentFilter {
  owner?: string;
  runtime?: string;
  zone?: string;
  namespace?: string;
  entityRef?: string;
}

/**
 * Persistence of deployment intent.
 *
 * @public
 */
export interface DeploymentStore {
  /** Inserts a `creating` row; a ConflictError when namespace/name is taken. */
  insert(
    row: Omit<DeploymentRow, 'createdAt' | 'updatedAt'>,
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
   * Removes a row and, in the same transaction, appends its audit entry; `false` (and no
   * audit entry) when the row was already gone, so concurrent deletes record one deletion.
   */
  remove(id: string, audit?: NewAuditEntry): Promise<boolean>;
}
