import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import type { ClusterInfo, DeploymentInfo } from '@h-mas/plugin-hmas-common';

/**
 * The source the scaffolder actions claim in `x-hmas-source`, recorded in the H-MAS audit log.
 *
 * @public
 */
export const HMAS_SCAFFOLDER_SOURCE = 'scaffolder';

/**
 * Options of every H-MAS action factory and of {@link HmasApiClient}.
 *
 * @public
 */
export interface HmasActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** The fetch to call the H-MAS backend with; `globalThis.fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * What `POST /deployments` answers: the row (absent for a dry run) and the manifests.
 *
 * @public
 */
export interface HmasCreateDeploymentResponse {
  deployment?: DeploymentInfo;
  manifests: object[];
  yaml: string;
}

/**
 * A thin client of the H-MAS backend's REST API. Every call is made on behalf of the given
 * credentials, so the backend authorizes, validates and audits it as the task's initiator.
 *
 * @public
 */
export class HmasApiClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HmasActionOptions) {
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** `POST /deployments[?dryRun=true]`. */
  async createDeployment(
    spec: object,
    options: { credentials: BackstageCredentials; dryRun?: boolean },
  ): Promise<HmasCreateDeploymentResponse> {
    const path = options.dryRun ? '/deployments?dryRun=true' : '/deployments';
    const response = await this.request(
      'POST',
      path,
      options.credentials,
      spec,
    );
    return (await response.json()) as HmasCreateDeploymentResponse;
  }

  /** `GET /deployments?namespace=`. */
  async listDeployments(
    filter: { namespace: string },
    options: { credentials: BackstageCredentials },
  ): Promise<DeploymentInfo[]> {
    const query = new URLSearchParams({ namespace: filter.namespace });
    const response = await this.request(
      'GET',
      `/deployments?${query}`,
      options.credentials,
    );
    const body = (await response.json()) as { items: DeploymentInfo[] };
    return body.items;
  }

  /** `DELETE /deployments/:id`. */
  async deleteDeployment(
    id: string,
    options: { credentials: BackstageCredentials },
  ): Promise<void> {
    await this.request(
      'DELETE',
      `/deployments/${encodeURIComponent(id)}`,
      options.credentials,
    );
  }

  /** `PATCH /clusters/:name/labels`. */
  async updateClusterLabels(
    name: string,
    patch: { set?: Record<string, string>; remove?: string[] },
    options: { credentials: BackstageCredentials },
  ): Promise<ClusterInfo> {
    const response = await this.request(
      'PATCH',
      `/clusters/${encodeURIComponent(name)}/labels`,
      options.credentials,
      patch,
    );
    return (await response.json()) as ClusterInfo;
  }

  /** `POST /policies`. */
  async createPolicy(
    policy: object,
    options: { credentials: BackstageCredentials },
  ): Promise<Record<string, unknown>> {
    const response = await this.request(
      'POST',
      '/policies',
      options.credentials,
      policy,
    );
    return (await response.json()) as Record<string, unknown>;
  }

  /** `GET /policies/:plural/:namespace/:name`. */
  async getPolicy(
    ref: { plural: string; namespace?: string; name: string },
    options: { credentials: BackstageCredentials },
  ): Promise<Record<string, unknown>> {
    const path = [ref.plural, ref.namespace, ref.name]
      .filter((p): p is string => Boolean(p))
      .map(encodeURIComponent)
      .join('/');
    const response = await this.request(
      'GET',
      `/policies/${path}`,
      options.credentials,
    );
    return (await response.json()) as Record<string, unknown>;
  }

  /** `POST /clusters`: registers a member cluster with Karmada. */
  async registerCluster(
    registration: object,
    options: { credentials: BackstageCredentials },
  ): Promise<ClusterInfo> {
    const response = await this.request(
      'POST',
      '/clusters',
      options.credentials,
      registration,
    );
    return (await response.json()) as ClusterInfo;
  }

  /** `GET /clusters/:name`. */
  async getCluster(
    name: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ClusterInfo> {
    const response = await this.request(
      'GET',
      `/clusters/${encodeURIComponent(name)}`,
      options.credentials,
    );
    return (await response.json()) as ClusterInfo;
  }

  private async request(
    method: string,
    path: string,
    credentials: BackstageCredentials,
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.options.discovery.getBaseUrl('hmas');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'hmas',
    });
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'x-hmas-source': HMAS_SCAFFOLDER_SOURCE,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchImpl(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await toError(method, path, response);
    return response;
  }
}

/**
 * `ResponseError`'s own message only carries the status; the backend's message (which names
 * the invalid field) is in its cause, so it is lifted into the error the task log shows.
 */
async function toError(
  method: string,
  path: string,
  response: Response,
): Promise<Error> {
  const error = await ResponseError.fromResponse(response);
  const message = `H-MAS API ${method} ${path.split('?')[0]}: ${
    error.cause.message || error.message
  }`;
  switch (error.statusCode) {
    case 400:
      return new InputError(message, error);
    case 403:
      return new NotAllowedError(message, error);
    case 404:
      return new NotFoundError(message, error);
    case 409:
      return new ConflictError(message, error);
    default:
      error.message = `${message} (${error.statusCode} ${error.statusText})`;
      return error;
  }
}
