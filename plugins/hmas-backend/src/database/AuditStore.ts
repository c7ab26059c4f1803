import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
} from '@h-mas/plugin-hmas-common';

/**
 * An audit entry about to be written; the store assigns `id` and `createdAt`, and the
 * outcome is `succeeded` unless it says otherwise.
 *
 * @public
 */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt' | 'outcome'> & {
  outcome?: AuditEntry['outcome'];
};

/**
 * Persistence of the audit log.
 *
 * @public
 */
export interface AuditStore {
  /** Appends one entry and returns it as stored. */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first, filtered by the query (every filter it names); one page's items. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** {@link AuditStore.list} with the cursor of the next page. */
  page(query: AuditQuery): Promise<AuditPage>;
}
