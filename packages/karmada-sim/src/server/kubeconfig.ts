import { stringify } from 'yaml';
import { CONTROL_PLANE } from '../types';
import { READ_ONLY_USER } from './authz';

/** The path prefix under which the control plane proxies a member cluster's API. @public */
export function memberPathPrefix(member: string): string {
  return `/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(
    member,
  )}/proxy`;
}

/**
 * A kubeconfig with one context per cluster: `karmada` for the control plane (the current
 * context) and one named after each member, reaching it through the control plane's proxy;
 * with a read-only token also `karmada-readonly` (the control plane as the read-only user).
 * @internal
 */
export function buildKubeconfig(
  url: string,
  token: string,
  members: string[],
  readOnlyToken?: string,
): string {
  const user = 'karmada-sim';
  const readOnlyUser = 'karmada-sim-readonly';
  const names = [CONTROL_PLANE, ...members];
  const server = (name: string) =>
    name === CONTROL_PLANE ? url : `${url}${memberPathPrefix(name)}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: names.map(name => ({
      name,
      cluster: {
        server: server(name),
        // client-node refuses plain http unless TLS verification is off; kubectl ignores it.
        ...(url.startsWith('http:')
          ? { 'insecure-skip-tls-verify': true }
          : {}),
      },
    })),
    users: [
      { name: user, user: { token } },
      ...(readOnlyToken
        ? [
            {
              name: readOnlyUser,
              // kubectl sends no token over plain http; `as` (Impersonate-User) it does send.
              user: { token: readOnlyToken, as: READ_ONLY_USER.name },
            },
          ]
        : []),
    ],
    contexts: [
      ...names.map(name => ({
        name,
        context: { cluster: name, user, namespace: 'default' },
      })),
      // The control plane as the read-only user: get, list and watch only.
      ...(readOnlyToken
        ? [
            {
              name: `${CONTROL_PLANE}-readonly`,
              context: {
                cluster: CONTROL_PLANE,
                user: readOnlyUser,
                namespace: 'default',
              },
            },
          ]
        : []),
    ],
    'current-context': CONTROL_PLANE,
  });
}
