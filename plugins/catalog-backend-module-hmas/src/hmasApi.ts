import { AuthService } from '@backstage/backend-plugin-api';
import { HmasApiRequestOptions } from '@h-mas/plugin-hmas-common';

/**
 * Options of a call to the H-MAS API with the catalog's own service credentials, so the
 * catalog sees exactly what H-MAS serves (one read path).
 *
 * @internal
 */
export async function asCatalog(
  auth: AuthService,
): Promise<HmasApiRequestOptions> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: 'hmas',
  });
  return { token };
}
