import type { AuditEntry, AuditQuery } from '@h-mas/plugin-hmas-common';

/**
 * An audit entry about to be written; the store assigns `id` and `createdAt`.
 *
 * @public
 */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt'>;

/**
 * Persistence of the audit log.
 *
 * @public
 */
export interface AuditStore {
  /** Appends one entry and returns it as stored. */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first, filtered by target when the query names one. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
}
