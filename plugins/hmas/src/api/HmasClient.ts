import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEntry,
  AuditQuery,
  HealthResponse,
} from '@h-mas/plugin-hmas-common';
import { HmasApi } from './HmasApi';

/**
 * {@link HmasApi} over HTTP, through the app's discovery and fetch APIs.
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
    return this.get('/health');
  }

  async listAudit(query: Partial<AuditQuery> = {}): Promise<AuditEntry[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    const body = await this.get<{ items: AuditEntry[] }>(
      `/audit${qs ? `?${qs}` : ''}`,
    );
    return body.items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('hmas');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
