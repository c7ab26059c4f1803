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
import {
  HmasApiClient,
  HmasApiRequestOptions,
} from '@h-mas/plugin-hmas-common';

/**
 * Options of every H-MAS action factory.
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
 * The H-MAS API client (generated from the backend's OpenAPI description) as the actions use
 * it: every call is marked as the scaffolder's, and an error answer becomes the Backstage
 * error of its status (400 `InputError`, 403, 404, 409) whose message names the call and
 * carries the backend's message (which names the invalid field), so the task log shows it.
 *
 * @internal
 */
export function createHmasClient(options: HmasActionOptions): HmasApiClient {
  const fetchImpl: typeof fetch =
    options.fetch ?? ((...args) => globalThis.fetch(...args));
  return new HmasApiClient({
    discoveryApi: options.discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const response = await fetchImpl(input, init);
        if (!response.ok) {
          const base = new URL(await options.discovery.getBaseUrl('hmas'));
          const { pathname } = new URL(String(input));
          const path = pathname.startsWith(base.pathname)
            ? pathname.slice(base.pathname.length)
            : pathname;
          throw await toError(init?.method ?? 'GET', path, response);
        }
        return response;
      },
    },
  });
}

/**
 * Options of a call made on behalf of the task's initiator, so the backend authorizes,
 * validates and audits it as them.
 *
 * @internal
 */
export async function onBehalfOf(
  auth: AuthService,
  credentials: BackstageCredentials,
): Promise<HmasApiRequestOptions> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: 'hmas',
  });
  return { token };
}

/**
 * `ResponseError`'s own message only carries the status; the backend's message is in its
 * cause, so it is lifted into the error the task log shows.
 */
async function toError(
  method: string,
  path: string,
  response: Response,
): Promise<Error> {
  const error = await ResponseError.fromResponse(response);
  const message = `H-MAS API ${method} ${path}: ${
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
