import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  HealthResponse,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';

/**
 * Client of the H-MAS backend (`/api/hmas`).
 *
 * @public
 */
export interface HmasApi {
  getHealth(): Promise<HealthResponse>;
  listAudit(query?: Partial<AuditQuery>): Promise<AuditEntry[]>;
  /** Clusters grouped by zone, in zone order. */
  listZoneGroups(): Promise<ZoneGroup[]>;
  getCluster(name: string): Promise<ClusterInfo>;
  updateClusterLabels(
    name: string,
    patch: Partial<ClusterLabelsPatch>,
  ): Promise<ClusterInfo>;
  registerCluster(
    registration: Partial<ClusterRegistration>,
  ): Promise<ClusterInfo>;
}

/** @public */
export const hmasApiRef = createApiRef<HmasApi>({ id: 'plugin.hmas.api' });
