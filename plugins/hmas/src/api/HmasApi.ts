import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  DeploymentInfo,
  DeploymentSpec,
  DeploymentStatus,
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
  /** Deployments with their status, optionally filtered. */
  listDeployments(filter?: {
    owner?: string;
    runtime?: string;
    zone?: string;
  }): Promise<DeploymentWithStatus[]>;
  getDeployment(id: string): Promise<DeploymentWithStatus>;
  /** The manifests a spec produces, without applying them. */
  previewDeployment(
    spec: DeploymentSpec,
  ): Promise<{ manifests: object[]; yaml: string }>;
  deleteDeployment(id: string): Promise<void>;
}

/** A deployment with its current status. @public */
export type DeploymentWithStatus = DeploymentInfo & {
  status: DeploymentStatus;
};

/** @public */
export const hmasApiRef = createApiRef<HmasApi>({ id: 'plugin.hmas.api' });
