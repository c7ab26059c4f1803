import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditEntry,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  DeploymentSpec,
  GpuReadinessReport,
  HealthResponse,
  KarmadaPolicyObject,
  PolicyInfo,
  PolicyKind,
  policyKinds,
  PolicyPreset,
  PresetSpecInput,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';
import { DeploymentWithStatus, HmasApi } from './HmasApi';

/** `/policies/<plural>[/<namespace>]/<name>`, each segment encoded. */
function policyPath(kind: PolicyKind, name: string, namespace?: string) {
  const segments = [policyKinds[kind].plural, namespace, name].filter(
    (s): s is string => Boolean(s),
  );
  return `/policies/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * {@link HmasApi} over HTTP, through the app's discovery and fetch APIs. Writes are marked as
 * coming from the portal's UI for the audit log.
 *
 * @public
 */
export class HmasClient implements HmasApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<HealthResponse> {
    return this.request('GET', '/health');
  }

  async listAudit(query: Partial<AuditQuery> = {}): Promise<AuditEntry[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    const body = await this.request<{ items: AuditEntry[] }>(
      'GET',
      `/audit${qs ? `?${qs}` : ''}`,
    );
    return body.items;
  }

  async listZoneGroups(): Promise<ZoneGroup[]> {
    return (await this.request<{ zones: ZoneGroup[] }>('GET', '/clusters'))
      .zones;
  }

  async getCluster(name: string): Promise<ClusterInfo> {
    return this.request('GET', `/clusters/${encodeURIComponent(name)}`);
  }

  async updateClusterLabels(
    name: string,
    patch: Partial<ClusterLabelsPatch>,
  ): Promise<ClusterInfo> {
    return this.request(
      'PATCH',
      `/clusters/${encodeURIComponent(name)}/labels`,
      patch,
    );
  }

  async registerCluster(
    registration: Partial<ClusterRegistration>,
  ): Promise<ClusterInfo> {
    return this.request('POST', '/clusters', registration);
  }

  async getGpuReadiness(name: string): Promise<GpuReadinessReport> {
    return this.request(
      'GET',
      `/clusters/${encodeURIComponent(name)}/gpu-readiness`,
    );
  }

  async listDeployments(
    filter: {
      owner?: string;
      runtime?: string;
      zone?: string;
      entityRef?: string;
    } = {},
  ): Promise<DeploymentWithStatus[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value) params.set(key, value);
    }
    const qs = params.toString();
    return (
      await this.request<{ items: DeploymentWithStatus[] }>(
        'GET',
        `/deployments${qs ? `?${qs}` : ''}`,
      )
    ).items;
  }

  async getDeployment(id: string): Promise<DeploymentWithStatus> {
    return this.request('GET', `/deployments/${encodeURIComponent(id)}`);
  }

  async previewDeployment(
    spec: DeploymentSpec,
  ): Promise<{ manifests: object[]; yaml: string }> {
    return this.request('POST', '/deployments?dryRun=true', spec);
  }

  async deleteDeployment(id: string): Promise<void> {
    await this.request(
      'DELETE',
      `/deployments/${encodeURIComponent(id)}`,
      undefined,
      true,
    );
  }

  async listPolicies(
    kind?: PolicyKind,
    options: { refresh?: boolean } = {},
  ): Promise<PolicyInfo[]> {
    const params = new URLSearchParams();
    if (kind) params.set('kind', policyKinds[kind].plural);
    if (options.refresh) params.set('refresh', 'true');
    const qs = params.toString() ? `?${params}` : '';
    return (
      await this.request<{ items: PolicyInfo[] }>('GET', `/policies${qs}`)
    ).items;
  }

  async getPolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<KarmadaPolicyObject> {
    return this.request('GET', policyPath(kind, name, namespace));
  }

  async createPolicy(
    policy: KarmadaPolicyObject,
  ): Promise<KarmadaPolicyObject> {
    return this.request('POST', '/policies', policy);
  }

  async replacePolicy(
    policy: KarmadaPolicyObject,
  ): Promise<KarmadaPolicyObject> {
    return this.request(
      'PUT',
      policyPath(policy.kind, policy.metadata.name, policy.metadata.namespace),
      policy,
    );
  }

  async deletePolicy(
    kind: PolicyKind,
    name: string,
    namespace?: string,
  ): Promise<void> {
    await this.request(
      'DELETE',
      policyPath(kind, name, namespace),
      undefined,
      true,
    );
  }

  async listPresets(): Promise<PolicyPreset[]> {
    return (await this.request<{ items: PolicyPreset[] }>('GET', '/presets'))
      .items;
  }

  async createPreset(spec: PresetSpecInput): Promise<PolicyPreset> {
    return this.request('POST', '/presets', spec);
  }

  async updatePreset(id: string, spec: PresetSpecInput): Promise<PolicyPreset> {
    return this.request('PUT', `/presets/${encodeURIComponent(id)}`, spec);
  }

  async deletePreset(id: string): Promise<void> {
    await this.request(
      'DELETE',
      `/presets/${encodeURIComponent(id)}`,
      undefined,
      true,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    noContent = false,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('hmas');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? { headers: { 'x-hmas-source': 'ui' } }
        : {
            headers: {
              'content-type': 'application/json',
              'x-hmas-source': 'ui',
            },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (noContent) return undefined as T;
    return (await response.json()) as T;
  }
}
