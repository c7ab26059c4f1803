import type {
  TeamNamespace,
  TeamNamespaceSpec,
  TeamNamespaceState,
} from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from './AuditStore';

/**
 * Persistence of team namespaces: the intent, from which the Karmada objects are derived.
 * Every write that ends a change appends its audit entry in the same transaction.
 *
 * @public
 */
export interface TeamNamespaceStore {
  /** Every team namespace, by name. */
  list(): Promise<TeamNamespace[]>;
  get(name: string): Promise<TeamNamespace | undefined>;
  /** The team namespace of a group, if it has one. */
  getByTeam(team: string): Promise<TeamNamespace | undefined>;
  /**
   * Inserts a team namespace in state `creating`; a ConflictError when the name or the team
   * is taken.
   */
  insert(spec: TeamNamespaceSpec, createdBy: string): Promise<TeamNamespace>;
  /**
   * Sets fields (and `updated_at`) of a row, auditing the change when `audit` is given;
   * `undefined` when there is no such row (or it is not in state `from`, when given).
   */
  update(
    name: string,
    change: Partial<
      Pick<TeamNamespace, 'description' | 'quota' | 'priorityClasses'>
    > & { state?: TeamNamespaceState },
    options?: { from?: TeamNamespaceState; audit?: NewAuditEntry },
  ): Promise<TeamNamespace | undefined>;
  /** Deletes a row, auditing it when `audit` is given; false when there was none. */
  delete(name: string, audit?: NewAuditEntry): Promise<boolean>;
}
