/**
 * The resource registry: every API resource the simulator serves, on the control plane and
 * on member clusters, with what discovery advertises about it.
 */

import { CONTROL_PLANE } from './types';

/** A subresource the simulator implements. @public */
export type Subresource = 'status' | 'scale' | 'proxy' | 'log';

/** One served API resource, as discovery describes it. @public */
export interface ResourceDef {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The URL segment, e.g. `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  subresources: Subresource[];
  /**
   * Built-in (compiled-in) Kubernetes types accept strategic merge patch; custom resources
   * (every Karmada group) answer 415, as a real server does.
   */
  builtin: boolean;
  /** Where the resource is served. */
  servedOn: 'controlPlane' | 'member' | 'both';
  /**
   * Set on a resource served at a second version: objects are stored (and the store works)
   * at this version, and the API server converts what it sends (work.karmada.io/v1alpha1
   * ResourceBindings, as Karmada's conversion webhook does).
   */
  storageVersion?: string;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const READ_VERBS = ['get', 'list'];

function def(
  group: string,
  version: string,
  kind: string,
  plural: string,
  opts: Partial<
    Pick<
      ResourceDef,
      | 'namespaced'
      | 'shortNames'
      | 'verbs'
      | 'subresources'
      | 'servedOn'
      | 'storageVersion'
    >
  > = {},
): ResourceDef {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    verbs: opts.verbs ?? ALL_VERBS,
    subresources: opts.subresources ?? [],
    builtin: !group.endsWith('karmada.io'),
    servedOn: opts.servedOn ?? 'both',
    ...(opts.storageVersion ? { storageVersion: opts.storageVersion } : {}),
  };
}

const KARMADA_CLUSTER_GROUP = 'cluster.karmada.io';
const KARMADA_POLICY_GROUP = 'policy.karmada.io';
const KARMADA_WORK_GROUP = 'work.karmada.io';

/**
 * Every resource the simulator knows, in discovery order within each group/version.
 * @public
 */
export const RESOURCES: readonly ResourceDef[] = [
  // core/v1
  def('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    // Namespaces have no deletecollection in a real server.
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  def('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    subresources: ['status', 'log'],
    servedOn: 'member',
  }),
  def('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  def('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  def('', 'v1', 'Secret', 'secrets'),
  def('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  def('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  def('', 'v1', 'Node', 'nodes', {
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    servedOn: 'member',
  }),
  def('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  def('', 'v1', 'LimitRange', 'limitranges', {
    shortNames: ['limits'],
    servedOn: 'member',
  }),
  // Served on the control plane too, so that Karmada can propagate quotas to members.
  def('', 'v1', 'ResourceQuota', 'resourcequotas', {
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  // apps/v1
  def('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
  }),
  def('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    subresources: ['status', 'scale'],
  }),
  def('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    subresources: ['status', 'scale'],
  }),
  def('apps', 'v1', 'DaemonSet', 'daemonsets', {
    shortNames: ['ds'],
    subresources: ['status'],
  }),
  // batch/v1
  def('batch', 'v1', 'Job', 'jobs', { subresources: ['status'] }),
  def('batch', 'v1', 'CronJob', 'cronjobs', {
    shortNames: ['cj'],
    subresources: ['status'],
  }),
  // autoscaling/v2
  def(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      shortNames: ['hpa'],
      subresources: ['status'],
    },
  ),
  // networking.k8s.io/v1
  def('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    subresources: ['status'],
  }),
  // scheduling.k8s.io/v1
  def('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', {
    namespaced: false,
    shortNames: ['pc'],
  }),
  // storage.k8s.io/v1, node.k8s.io/v1, policy/v1: the karmada-apiserver is a kube-apiserver
  // and serves them too, as templates Karmada propagates (a PodDisruptionBudget of a
  // deployment); the members act on them (see "Storage, pod security and GPU sharing on
  // members" in the README).
  def('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', {
    namespaced: false,
    shortNames: ['sc'],
  }),
  def('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', {
    namespaced: false,
  }),
  def('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  // metrics.k8s.io/v1beta1: read-only, served by the metrics server in a real cluster.
  def('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', {
    namespaced: false,
    verbs: READ_VERBS,
    servedOn: 'member',
  }),
  def('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', {
    verbs: READ_VERBS,
    servedOn: 'member',
  }),
  // Karmada
  def(KARMADA_CLUSTER_GROUP, 'v1alpha1', 'Cluster', 'clusters', {
    namespaced: false,
    subresources: ['status', 'proxy'],
    servedOn: 'controlPlane',
  }),
  def(
    KARMADA_POLICY_GROUP,
    'v1alpha1',
    'PropagationPolicy',
    'propagationpolicies',
    {
      shortNames: ['pp'],
      servedOn: 'controlPlane',
    },
  ),
  def(
    KARMADA_POLICY_GROUP,
    'v1alpha1',
    'ClusterPropagationPolicy',
    'clusterpropagationpolicies',
    { namespaced: false, shortNames: ['cpp'], servedOn: 'controlPlane' },
  ),
  def(KARMADA_POLICY_GROUP, 'v1alpha1', 'OverridePolicy', 'overridepolicies', {
    shortNames: ['op'],
    servedOn: 'controlPlane',
  }),
  def(
    KARMADA_POLICY_GROUP,
    'v1alpha1',
    'ClusterOverridePolicy',
    'clusteroverridepolicies',
    { namespaced: false, shortNames: ['cop'], servedOn: 'controlPlane' },
  ),
  def(KARMADA_WORK_GROUP, 'v1alpha2', 'ResourceBinding', 'resourcebindings', {
    shortNames: ['rb'],
    subresources: ['status'],
    servedOn: 'controlPlane',
  }),
  def(
    KARMADA_WORK_GROUP,
    'v1alpha2',
    'ClusterResourceBinding',
    'clusterresourcebindings',
    {
      namespaced: false,
      shortNames: ['crb'],
      subresources: ['status'],
      servedOn: 'controlPlane',
    },
  ),
  def(KARMADA_WORK_GROUP, 'v1alpha1', 'Work', 'works', {
    shortNames: ['wk'],
    subresources: ['status'],
    servedOn: 'controlPlane',
  }),
  // The older version of the bindings, converted from and to the stored v1alpha2
  // (Karmada's conversion webhook).
  def(KARMADA_WORK_GROUP, 'v1alpha1', 'ResourceBinding', 'resourcebindings', {
    shortNames: ['rb'],
    servedOn: 'controlPlane',
    storageVersion: 'v1alpha2',
  }),
  def(
    KARMADA_WORK_GROUP,
    'v1alpha1',
    'ClusterResourceBinding',
    'clusterresourcebindings',
    {
      namespaced: false,
      shortNames: ['crb'],
      servedOn: 'controlPlane',
      storageVersion: 'v1alpha2',
    },
  ),
  // authorization.k8s.io/v1: only SelfSubjectAccessReview (see server/authz.ts).
  def(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectAccessReview',
    'selfsubjectaccessreviews',
    { namespaced: false, verbs: ['create'] },
  ),
];

/** `group/version`, or `version` for the core group. @public */
export function groupVersion(
  r: Pick<ResourceDef, 'group' | 'version'>,
): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The storage key of a resource: `plural` or `plural.group`, as kubectl names it. @public */
export function resourceKey(r: Pick<ResourceDef, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Resources served by one cluster (the control plane or a member). @public */
export function resourcesFor(cluster: string): ResourceDef[] {
  const side = cluster === CONTROL_PLANE ? 'controlPlane' : 'member';
  return RESOURCES.filter(r => r.servedOn === 'both' || r.servedOn === side);
}

/**
 * Finds a served resource by `plural` / `plural.group` (e.g. `pods`, `deployments.apps`,
 * `propagationpolicies.policy.karmada.io`), or by kind (`Deployment`), or the def itself.
 * @public
 */
export function findResource(
  cluster: string,
  ref: string | ResourceDef,
): ResourceDef | undefined {
  const served = resourcesFor(cluster);
  if (typeof ref !== 'string') {
    return served.find(r => r.group === ref.group && r.plural === ref.plural);
  }
  return (
    served.find(r => resourceKey(r) === ref) ??
    served.find(r => r.kind === ref && r.group !== 'metrics.k8s.io')
  );
}

/** Finds a served resource by URL parts. @public */
export function findResourceByPath(
  cluster: string,
  group: string,
  version: string,
  plural: string,
): ResourceDef | undefined {
  return resourcesFor(cluster).find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

/** Finds a served resource by `apiVersion` and `kind`. @public */
export function findResourceByKind(
  cluster: string,
  apiVersion: string,
  kind: string,
): ResourceDef | undefined {
  return resourcesFor(cluster).find(
    r => groupVersion(r) === apiVersion && r.kind === kind,
  );
}
