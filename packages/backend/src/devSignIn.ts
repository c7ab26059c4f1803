import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import type { Request } from 'express';

/**
 * The cookie that picks which example user the guest sign-in signs in as (development only;
 * one of `hmas.devSignIn.users`). The e2e tests sign in as a researcher and as a platform
 * admin in one portal with it.
 */
export const HMAS_DEV_USER_COOKIE = 'hmas-dev-user';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The development portal's guest sign-in, as Backstage's guest provider (development only,
 * `auth.providers.guest.userEntityRef`, the catalog user or else a token of the ref alone),
 * with one addition: the cookie {@link HMAS_DEV_USER_COOKIE} may name another user among
 * `hmas.devSignIn.users`, so a browser can be a researcher or a platform admin without
 * restarting the backend.
 */
export const authModuleHmasDevSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'hmas-dev-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const users =
          config.getOptionalStringArray('hmas.devSignIn.users') ?? [];
        const authenticator = createProxyAuthenticator({
          defaultProfileTransform: async () => ({ profile: {} }),
          initialize({ config: guest }) {
            return {
              disabled:
                process.env.NODE_ENV !== 'development' &&
                guest.getOptionalBoolean(
                  'dangerouslyAllowOutsideDevelopment',
                ) !== true,
              defaultUser:
                guest.getOptionalString('userEntityRef') ??
                'user:development/guest',
            };
          },
          async authenticate({ req }, ctx) {
            if (ctx.disabled) {
              throw new NotAllowedError(
                'The guest sign-in is for development only',
              );
            }
            const wanted = cookie(req, HMAS_DEV_USER_COOKIE);
            if (wanted && !users.includes(wanted)) {
              throw new NotAllowedError(
                `${wanted} is not one of hmas.devSignIn.users`,
              );
            }
            return { result: { userEntityRef: wanted ?? ctx.defaultUser } };
          },
        });
        providers.registerProvider({
          providerId: 'guest',
          factory: createProxyAuthProviderFactory({
            authenticator,
            async signInResolver({ result }, ctx) {
              const entityRef = result.userEntityRef;
              try {
                return await ctx.signInWithCatalogUser({ entityRef });
              } catch {
                // Before the catalog has read examples/org.yaml: the user's ref alone.
                return ctx.issueToken({
                  claims: { sub: entityRef, ent: [entityRef] },
                });
              }
            },
          }),
        });
      },
    });
  },
});
