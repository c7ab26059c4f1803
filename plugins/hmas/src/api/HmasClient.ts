import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  DeploymentUsage,
  GpuReadinessReport,
  HealthResponse,
  HmasApiClient,
  KarmadaPolicyObject,
  PolicyInfo,
  PolicyKind,
  policyKinds,
  PolicyPreset,
  PresetSpecInput,
  TeamNamespace,
  TeamNamespaceInput,
  TeamNamespaceUpdate,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';
import { DeploymentWithStatus, HmasApi } from './HmasApi';

/**
 * {@link HmasApi} over the H-MAS API client generated from the backend's OpenAPI description,
 * through the app's discovery and fetch APIs. Writes are marked as coming from the portal's
 * UI for the audit log.
 *
 * @public
 */
export class HmasClient implements HmasApi {
  private readonly api: HmasApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new HmasApiClient({
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    });
  }

  async getHealth(): Promise<HealthResponse> {
    return this.api.getHealth();
  }

  async listAudit(query: Partial<AuditQuery> = {}): Promise<AuditEntry[]> {
    return (await this.listAuditPage(query)).items;
  }

  async listAuditPage(query: Partial<AuditQuery> = {}): Promise<AuditPage> {
    return this.api.listAudit({ query });
  }

  async listZoneGroups(): Promise<ZoneGroup[]> {
    return (await this.api.listClusters()).zones;
  }

  async getCluster(name: string): Promise<ClusterInfo> {
    return this.api.getCluster({ path: { name } });
  }

  async updateClusterLabels(
    name: string,
    patch: Partial<ClusterLabelsPatch>,
  ): Promise<ClusterInfo> {
    return this.api.updateClusterLabels({ path: { name }, body: patch });
  }

  async registerCluster(
    registration: ClusterRegistration,
  ): Promise<ClusterInfo> {
    return this.api.registerCluster({ body: registration });
  }

  async getGpuReadiness(name: string): Promise<GpuReadinessReport> {
    return this.api.getGpuReadiness({ path: { name } });
  }

  async listDeployments(
    filter: {
      owner?: string;
      runtime?: string;
      zone?: string;
      entityRef?: string;
    } = {},
  ): Promise<DeploymentWithStatus[]> {
    // The filter fields of the UI are empty strings when unset.
    const { owner, runtime, zone, entityRef } = filter;
    const { items } = await this.api.listDeployments({
      query: {
        owner: owner || undefined,
        runtime: runtime || undefined,
        zone: zone || undefined,
        entityRef: entityRef || undefined,
      },
    });
    return items;
  }

  async getDeployment(id: string): Promise<DeploymentWithStatus> {
    return this.api.getDeployment({ path: { id } });
  }

  async getDeploymentManifests(
    id: string,
  ): Promise<{ manifests: object[]; yaml: string }> {
    return this.api.getDeploymentManifests({ path: { id } });
  }

  async getDeploymentUsage(
    id: string,
    options: { since?: string } = {},
  ): Promise<DeploymentUsage> {
    return this.api.getDeploymentUsage({
      path: { id },
      query: options.since ? { since: options.since } : {},
    });
  }

  async deleteDeployment(id: string): Promise<void> {
    await this.api.deleteDeployment({ path: { id } });
  }

  async listPolicies(
    kind?: PolicyKind,
    options: { refresh?: boolean } = {},
  ): Promise<PolicyInfo[]> {
    const { items } = await this.api.listPolicies({
      query: {
        kind: kind ? policyKinds[kind].plural : undefined,
        refresh: options.refresh ? 'true' : undefined,
      },
    });
    return items;
  }

  async getPolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<KarmadaPolicyObject> {
    const plural = policyKinds[kind].plural;
    return namespace
      ? this.api.getNamespacedPolicy({
          path: { kind: plural, namespace, name },
        })
      : this.api.getPolicy({ path: { kind: plural, name } });
  }

  async createPolicy(
    policy: KarmadaPolicyObject,
  ): Promise<KarmadaPolicyObject> {
    return this.api.createPolicy({ body: policy });
  }

  async replacePolicy(
    policy: KarmadaPolicyObject,
  ): Promise<KarmadaPolicyObject> {
    const kind = policyKinds[policy.kind].plural;
    const { name, namespace } = policy.metadata;
    return namespace
      ? this.api.replaceNamespacedPolicy({
          path: { kind, namespace, name },
          body: policy,
        })
      : this.api.replacePolicy({ path: { kind, name }, body: policy });
  }

  async deletePolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<void> {
    const plural = policyKinds[kind].plural;
    await (namespace
      ? this.api.deleteNamespacedPolicy({
          path: { kind: plural, namespace, name },
        })
      : this.api.deletePolicy({ path: { kind: plural, name } }));
  }

  async listPresets(): Promise<PolicyPreset[]> {
    return (await this.api.listPresets()).items;
  }

  async createPreset(spec: PresetSpecInput): Promise<PolicyPreset> {
    return this.api.createPreset({ body: spec });
  }

  async updatePreset(id: string, spec: PresetSpecInput): Promise<PolicyPreset> {
    return this.api.updatePreset({ path: { id }, body: spec });
  }

  async deletePreset(id: string): Promise<void> {
    await this.api.deletePreset({ path: { id } });
  }

  async listTeamNamespaces(
    options: { usage?: boolean } = {},
  ): Promise<TeamNamespace[]> {
    const { items } = await this.api.listTeamNamespaces({
      query: options.usage ? { usage: 'true' } : {},
    });
    return items as TeamNamespace[];
  }

  async getTeamNamespace(name: string): Promise<TeamNamespace> {
    return (await this.api.getTeamNamespace({
      path: { name },
    })) as TeamNamespace;
  }

  async createTeamNamespace(spec: TeamNamespaceInput): Promise<TeamNamespace> {
    return (await this.api.createTeamNamespace({
      body: spec,
    })) as TeamNamespace;
  }

  async updateTeamNamespace(
    name: string,
    change: TeamNamespaceUpdate,
  ): Promise<TeamNamespace> {
    return (await this.api.updateTeamNamespace({
      path: { name },
      body: change,
    })) as TeamNamespace;
  }

  async deleteTeamNamespace(name: string): Promise<void> {
    await this.api.deleteTeamNamespace({ path: { name } });
  }
}
