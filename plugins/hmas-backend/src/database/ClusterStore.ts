import type { AuditEntry, ClusterInfo } from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from './AuditStore';

/**
 * The cluster cache. Karmada is the source of truth; this keeps the last seen state of every
 * member cluster for fast listing.
 *
 * @public
 */
export interface ClusterStore {
  listClusters(): Promise<ClusterInfo[]>;
  getCluster(name: string): Promise<ClusterInfo | undefined>;
  /**
   * Writes one cluster and, in the same transaction, its audit entry: either both land or
   * neither does.
   */
  saveCluster(
    cluster: ClusterInfo,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined>;
  /** Replaces the whole cache with a fresh LIST from Karmada. */
  replaceAll(clusters: ClusterInfo[]): Promise<void>;
}
