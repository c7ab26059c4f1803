/**
 * Legacy (non-aggregated) discovery documents, built from the resource registry.
 */

import { groupVersion, resourcesFor, type ResourceDef } from '../resources';

/** The version the simulated servers report on `/version`. @internal */
export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-karmada-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
  log: ['get'],
};

function subresourceKind(
  r: ResourceDef,
  sub: string,
): {
  kind: string;
  group?: string;
  version?: string;
} {
  if (sub === 'scale')
    return { kind: 'Scale', group: 'autoscaling', version: 'v1' };
  if (sub === 'proxy') return { kind: 'ClusterProxyOptions' };
  return { kind: r.kind };
}

/** `GET /api`. @internal */
export function apiVersions(host: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: host },
    ],
  };
}

function groupsOf(cluster: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resourcesFor(cluster)) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]) {
  const list = versions.map(v => ({
    groupVersion: `${name}/${v}`,
    version: v,
  }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** `GET /apis`. @internal */
export function apiGroupList(cluster: string) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupsOf(cluster)].map(([name, versions]) =>
      apiGroup(name, versions),
    ),
  };
}

/** `GET /apis/{group}`, or undefined when the group is not served. @internal */
export function apiGroupDoc(cluster: string, group: string) {
  const versions = groupsOf(cluster).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

/**
 * `GET /api/v1` or `/apis/{group}/{version}`: every resource followed by its subresources,
 * because client-node's `KubernetesObjectApi` takes the first entry with a matching kind.
 * @internal
 */
export function apiResourceList(
  cluster: string,
  group: string,
  version: string,
) {
  const served = resourcesFor(cluster).filter(
    r => r.group === group && r.version === version,
  );
  if (!served.length) return undefined;
  const resources: Array<Record<string, unknown>> = [];
  for (const r of served) {
    resources.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.group.endsWith('karmada.io') ? { categories: ['karmada-io'] } : {}),
    });
    for (const sub of r.subresources) {
      resources.push({
        name: `${r.plural}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...subresourceKind(r, sub),
        verbs: SUBRESOURCE_VERBS[sub],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources,
  };
}

function openApiPath(r: ResourceDef): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced
    ? `${base}/namespaces/{namespace}/${r.plural}/{name}`
    : `${base}/${r.plural}/{name}`;
}

/**
 * `GET /openapi/v3`: the group/versions with a document. kubectl reads these to learn that
 * the server validates fields itself (`fieldValidation`), so it skips client-side schema
 * validation, for which the simulator has no schemas.
 * @internal
 */
export function openApiV3Root(cluster: string) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of resourcesFor(cluster)) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    paths[key] = {
      serverRelativeURL: `/openapi/v3/${key}?hash=${SERVER_VERSION.gitVersion}`,
    };
  }
  return { paths };
}

/**
 * `GET /openapi/v3/{api/v1 | apis/g/v}`: a skeleton with one PATCH operation per resource,
 * tagged with its group/version/kind and the `fieldValidation` parameter; no schemas.
 * @internal
 */
export function openApiV3Doc(cluster: string, group: string, version: string) {
  const served = resourcesFor(cluster).filter(
    r => r.group === group && r.version === version,
  );
  if (!served.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of served) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const op = (verb: string) => ({
      operationId: `${verb}${r.kind}`,
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
      parameters: [
        { name: 'dryRun', in: 'query', schema: { type: 'string' } },
        { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
        { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'OK' } },
    });
    paths[openApiPath(r)] = r.verbs.includes('patch')
      ? { patch: op('patch'), put: op('put') }
      : { get: op('get') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}
