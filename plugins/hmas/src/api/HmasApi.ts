import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  DeploymentInfo,
  DeploymentStatus,
  DeploymentUsage,
  GpuReadinessReport,
  HealthResponse,
  KarmadaPolicyObject,
  PolicyInfo,
  PolicyKind,
  PolicyPreset,
  PresetSpecInput,
  TeamNamespace,
  TeamNamespaceInput,
  TeamNamespaceUpdate,
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
  /** One page of the audit log, with the cursor (`before`) of the next, older page. */
  listAuditPage(query?: Partial<AuditQuery>): Promise<AuditPage>;
  /** Clusters grouped by zone, in zone order. */
  listZoneGroups(): Promise<ZoneGroup[]>;
  getCluster(name: string): Promise<ClusterInfo>;
  updateClusterLabels(
    name: string,
    patch: Partial<ClusterLabelsPatch>,
  ): Promise<ClusterInfo>;
  /** Registers a cluster; the registration dialog sends what it validated. */
  registerCluster(registration: ClusterRegistration): Promise<ClusterInfo>;
  /** The GPU readiness checklist of a cluster, from its nodes (503 when it is not ready). */
  getGpuReadiness(name: string): Promise<GpuReadinessReport>;
  /** Deployments with their status, optionally filtered. */
  listDeployments(filter?: {
    owner?: string;
    runtime?: string;
    zone?: string;
    /** Only deployments serving this catalog entity. */
    entityRef?: string;
  }): Promise<DeploymentWithStatus[]>;
  getDeployment(id: string): Promise<DeploymentWithStatus>;
  /** The manifests a spec produces, without applying them. */
  /** The manifests a stored deployment plans to now (its Configuration and Manifests). */
  getDeploymentManifests(
    id: string,
  ): Promise<{ manifests: object[]; yaml: string }>;
  deleteDeployment(id: string): Promise<void>;
  /**
   * The inference gateway's calls to a deployment since `since` (ISO 8601; default 24 hours
   * ago), in total and per caller.
   */
  getDeploymentUsage(
    id: string,
    options?: { since?: string },
  ): Promise<DeploymentUsage>;
  /**
   * The cached, listable view of the Karmada policies, optionally of one kind; `refresh`
   * re-reads them from Karmada first (policies that deployments created are not cached).
   */
  listPolicies(
    kind?: PolicyKind,
    options?: { refresh?: boolean },
  ): Promise<PolicyInfo[]>;
  /** One policy object, read from Karmada; `namespace` for the namespaced kinds. */
  getPolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<KarmadaPolicyObject>;
  /** Creates a policy; the backend applies Karmada's validation rules first. */
  createPolicy(policy: KarmadaPolicyObject): Promise<KarmadaPolicyObject>;
  /** Replaces a policy; `metadata.resourceVersion` must be the one read. */
  replacePolicy(policy: KarmadaPolicyObject): Promise<KarmadaPolicyObject>;
  deletePolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<void>;
  listPresets(): Promise<PolicyPreset[]>;
  createPreset(spec: PresetSpecInput): Promise<PolicyPreset>;
  updatePreset(id: string, spec: PresetSpecInput): Promise<PolicyPreset>;
  deletePreset(id: string): Promise<void>;
  /** Team namespaces; with `usage`, each one's quota use per member cluster. */
  listTeamNamespaces(options?: { usage?: boolean }): Promise<TeamNamespace[]>;
  /** One team namespace with its quota use per member cluster. */
  getTeamNamespace(name: string): Promise<TeamNamespace>;
  createTeamNamespace(spec: TeamNamespaceInput): Promise<TeamNamespace>;
  updateTeamNamespace(
    name: string,
    change: TeamNamespaceUpdate,
  ): Promise<TeamNamespace>;
  deleteTeamNamespace(name: string): Promise<void>;
}

/** A deployment with its current status. @public */
export type DeploymentWithStatus = DeploymentInfo & {
  status: DeploymentStatus;
};

/** @public */
export const hmasApiRef = createApiRef<HmasApi>({ id: 'plugin.hmas.api' });
