import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEntry,
  AuditQuery,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  DeploymentSpec,
  HealthResponse,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';
import { DeploymentWithStatus, HmasApi } from './HmasApi';

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

  async listDeployments(
    filter: { owner?: string; runtime?: string; zone?: string } = {},
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
