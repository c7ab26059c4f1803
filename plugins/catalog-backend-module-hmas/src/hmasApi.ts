import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * GETs a path of the H-MAS backend's REST API with the catalog's own service credentials, so
 * the catalog sees exactly what H-MAS serves (one read path).
 */
export async function getFromHmasApi<T>(
  options: { discovery: DiscoveryService; auth: AuthService },
  path: string,
): Promise<T> {
  const baseUrl = await options.discovery.getBaseUrl('hmas');
  const { token } = await options.auth.getPluginRequestToken({
    onBehalfOf: await options.auth.getOwnServiceCredentials(),
    targetPluginId: 'hmas',
  });
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return (await response.json()) as T;
}
