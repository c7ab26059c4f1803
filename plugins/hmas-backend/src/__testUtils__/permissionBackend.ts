import type { JsonObject } from '@backstage/config';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { EmbeddedKarmada } from '@h-mas/karmada-sim';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import hmasPolicyModule, {
  hmasPolicyDecision,
} from '@h-mas/plugin-permission-backend-module-hmas-policy';
import { mockAuthWithActors } from '@h-mas/test-utils';
import { hmasPlugin } from '../plugin';

/** Who belongs to which group, as the catalog would say. */
export const GROUPS: Record<string, string[]> = {
  'user:default/rita': ['group:default/ml-research'],
  'user:default/rhea': ['group:default/ml-research'],
  'user:default/sam': ['group:default/vision'],
  'user:default/pat': ['group:default/platform-team'],
};

/** The catalog's answer to "who is this user", from {@link GROUPS}. */
export const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: { auth: coreServices.auth },
  factory: ({ auth }) => ({
    async getUserInfo(credentials) {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new Error('not a user');
      }
      const ref = credentials.principal.userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: [ref, ...GROUPS[ref]] };
    },
  }),
});

/**
 * A permission policy module: the portal's shipped policy, except where `override` answers
 * a decision for a request (it answers undefined to leave it to the shipped policy).
 */
export function portalPolicyExcept(
  moduleId: string,
  override: (
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ) => PolicyDecision | undefined,
) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            async handle(request, user) {
              return (
                override(request, user) ??
                hmasPolicyDecision(request, user?.info) ?? {
                  result: AuthorizeResult.ALLOW,
                }
              );
            },
          });
        },
      });
    },
  });
}

/** The headers of a request as `user`. */
export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

/**
 * The real permission backend and permissions service (no mock), the H-MAS backend, and a
 * policy: the one the portal ships unless `policy` replaces it.
 */
export async function start(
  karmada: EmbeddedKarmada,
  policy?: any,
  /** The token H-MAS reaches Karmada with; default the admin's (`karmada.readOnlyToken` may only read). */
  token: string = karmada.token,
  extra: {
    /** Config of the `hmas` key. */
    hmas?: JsonObject;
    /** More features, e.g. `mockServices.database.factory(...)` for another database. */
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      ...(extra.features ?? []),
      hmasPlugin,
      permissionPlugin,
      policy ?? hmasPolicyModule,
      permissionsServiceFactory,
      mockAuthWithActors,
      userInfo,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          ...(extra.hmas ? { hmas: extra.hmas } : {}),
        },
      }),
      createServiceFactory({
        service: karmadaConnectionServiceRef,
        deps: {},
        factory: () => ({ url: karmada.url, token }),
      }),
    ],
  });
  return server;
}
