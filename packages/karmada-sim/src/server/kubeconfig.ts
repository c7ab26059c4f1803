import { stringify } from 'yaml';
import { CONTROL_PLANE } from '../types';

/** The path prefix under which the control plane proxies a member cluster's API. @public */
export function memberPathPrefix(member: string): string {
  return `/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(
    member,
  )}/proxy`;
}

/**
 * A kubeconfig with one context per cluster: `karmada` for the control plane (the current
 * context) and one named after each member, reaching it through the control plane's proxy.
 * @internal
 */
export function buildKubeconfig(
  url: string,
  token: string,
  members: string[],
): string {
  const user = 'karmada-sim';
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
    users: [{ name: user, user: { token } }],
    contexts: names.map(name => ({
      name,
      context: { cluster: name, user, namespace: 'default' },
    })),
    'current-context': CONTROL_PLANE,
  });
}
