import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service, except that a call made on behalf of a user carries the calling
 * plugin as the user principal's actor, as Backstage's real auth service does (an
 * on-behalf-of token authenticates as the user with `actor: plugin:<caller>`). The mock drops
 * the actor, and the permission backend then refuses the conditional query a plugin makes for
 * its user ("Direct user requests without a resourceRef are not allowed").
 */
export function actorAwareMockAuth(pluginId: string): AuthService {
  const mock = mockServices.auth({ pluginId });
  return {
    authenticate: (token, options) => mock.authenticate(token, options),
    getNoneCredentials: () => mock.getNoneCredentials(),
    getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
    isPrincipal: mock.isPrincipal.bind(mock) as AuthService['isPrincipal'],
    getLimitedUserToken: credentials => mock.getLimitedUserToken(credentials),
    listPublicServiceKeys: () => mock.listPublicServiceKeys(),
    async getPluginRequestToken(options) {
      const { principal } = options.onBehalfOf as any;
      if (principal.type === 'user') {
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: {
              subject: principal.actor?.subject ?? `plugin:${pluginId}`,
            },
          }),
        };
      }
      return mock.getPluginRequestToken(options);
    },
  };
}

/** {@link actorAwareMockAuth} as every plugin's auth service of a test backend. */
export const mockAuthWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => actorAwareMockAuth(plugin.getId()),
});

/** An Authorization header of a user's call made by a plugin on their behalf (e.g. the scaffolder). */
export function onBehalfOfHeader(userEntityRef: string, pluginId: string) {
  return `Bearer ${mockCredentials.user.token(userEntityRef, {
    actor: { subject: `plugin:${pluginId}` },
  })}`;
}
