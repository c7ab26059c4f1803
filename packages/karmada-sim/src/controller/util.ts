import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../types';
import { formatQuantity, parseQuantity } from '../karmada/quantity';

/** Label Karmada puts on every object it applies to a member cluster. @internal */
export const MANAGED_LABEL = 'karmada.io/managed';
/** Claim labels Karmada's resource detector puts on a resource template. @internal */
export const PP_NAME_LABEL = 'propagationpolicy.karmada.io/name';
/** @internal */
export const PP_NAMESPACE_LABEL = 'propagationpolicy.karmada.io/namespace';
/** @internal */
export const CPP_NAME_LABEL = 'clusterpropagationpolicy.karmada.io/name';
/**
 * Annotations tying a Work (and the member object) to its ResourceBinding: annotations, as
 * in current Karmada (pkg/apis/work/v1alpha2/well_known_constants.go), since a binding's
 * name (`<template>-<kind>`) may be longer than a label value may be. The label is the
 * binding's permanent id. @internal
 */
export const RB_NAME_LABEL = 'resourcebinding.karmada.io/name';
/** @internal */
export const RB_NAMESPACE_LABEL = 'resourcebinding.karmada.io/namespace';
/** Annotation tying a Work (and the member object) to its ClusterResourceBinding. @internal */
export const CRB_NAME_LABEL = 'clusterresourcebinding.karmada.io/name';
/** The label of a Work and a member object: the binding's permanent id. @internal */
export const RB_PERMANENT_ID_LABEL = 'resourcebinding.karmada.io/permanent-id';
/** @internal */
export const CRB_PERMANENT_ID_LABEL =
  'clusterresourcebinding.karmada.io/permanent-id';
/** Annotations tying a member object to its Work (`WorkNameAnnotation`). @internal */
export const WORK_NAME_LABEL = 'work.karmada.io/name';
/** @internal */
export const WORK_NAMESPACE_LABEL = 'work.karmada.io/namespace';
/** Per-workload override of the simulated model load time, on the pod template. @public */
export const MODEL_LOAD_ANNOTATION = 'sim.h-mas.io/model-load-ms';
/** Marks the seed's pre-existing tenant pods. @internal */
export const BACKGROUND_LABEL = 'sim.h-mas.io/background';

/** Prefix of the per-cluster execution namespace on the control plane. @internal */
export const EXECUTION_NAMESPACE_PREFIX = 'karmada-es-';

/**
 * The control-plane resource of each kind the controller propagates. Namespaced ones get
 * a ResourceBinding; cluster-scoped ones (PriorityClass) a ClusterResourceBinding.
 * @internal
 */
export const TEMPLATE_RESOURCES: Record<string, string> = {
  Deployment: 'deployments.apps',
  StatefulSet: 'statefulsets.apps',
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Job: 'jobs.batch',
  ResourceQuota: 'resourcequotas',
  PriorityClass: 'priorityclasses.scheduling.k8s.io',
  PodDisruptionBudget: 'poddisruptionbudgets.policy',
};

/** The binding resource of a template namespace: ResourceBinding, or ClusterResourceBinding for `''`. @internal */
export function bindingResource(namespace: string | undefined): string {
  return namespace
    ? 'resourcebindings.work.karmada.io'
    : 'clusterresourcebindings.work.karmada.io';
}

/** Annotations tying a Work or member copy to its (Cluster)ResourceBinding. @internal */
export function bindingLabels(
  namespace: string | undefined,
  name: string,
): Record<string, string> {
  return namespace
    ? { [RB_NAME_LABEL]: name, [RB_NAMESPACE_LABEL]: namespace }
    : { [CRB_NAME_LABEL]: name };
}

/** The permanent-id label of a Work or member copy of `binding`. @internal */
export function bindingIdLabel(binding: KubeObject): Record<string, string> {
  const id = binding.metadata.uid;
  if (!id) return {};
  return binding.metadata.namespace
    ? { [RB_PERMANENT_ID_LABEL]: id }
    : { [CRB_PERMANENT_ID_LABEL]: id };
}

/** The binding an object's annotations name, if any. @internal */
export function bindingOf(
  obj: KubeObject,
): { namespace: string; name: string } | undefined {
  const a = obj.metadata.annotations ?? {};
  if (a[RB_NAME_LABEL] && a[RB_NAMESPACE_LABEL]) {
    return { namespace: a[RB_NAMESPACE_LABEL], name: a[RB_NAME_LABEL] };
  }
  if (a[CRB_NAME_LABEL]) return { namespace: '', name: a[CRB_NAME_LABEL] };
  return undefined;
}

/** Whether an object is annotated for the binding `namespace`/`name` (`''`: a ClusterResourceBinding). @internal */
export function hasBindingLabels(
  obj: KubeObject,
  namespace: string,
  name: string,
): boolean {
  const b = bindingOf(obj);
  return b !== undefined && b.namespace === namespace && b.name === name;
}

/** Resource reference of a kind, for member and control-plane reads. @internal */
export function resourceOfKind(kind: string): string | undefined {
  return TEMPLATE_RESOURCES[kind];
}

/** FNV-1a, 32 bit, as Go's hash/fnv New32a. @internal */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apimachinery `rand.SafeEncodeString`: no vowels, no confusable digits. @internal */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE_ALPHABET[ch.charCodeAt(0) % 27];
  return out;
}

/** A 10-character hash of any JSON value (a pod-template-hash look-alike). @internal */
export function shortHash(value: unknown, length = 10): string {
  const digits = String(fnv32a(stableJson(value))).padStart(length, '0');
  return safeEncode(digits.slice(-length));
}

/** JSON with sorted keys, so equal objects hash equally. @internal */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

/** Deep equality of two JSON values (undefined members ignored). @internal */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(
    JSON.parse(JSON.stringify(a ?? null)),
    JSON.parse(JSON.stringify(b ?? null)),
  );
}

/** Whether anything but status and server bookkeeping differs between two versions. @internal */
export function specChanged(
  oldObject: KubeObject | undefined,
  object: KubeObject,
): boolean {
  if (!oldObject) return true;
  const strip = (o: KubeObject) => ({
    ...o,
    status: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return !sameJson(strip(oldObject), strip(object));
}

/** Per-replica requests of a pod spec: containers summed (limits stand in for missing requests). @internal */
export function podRequests(podSpec: any): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of podSpec?.containers ?? []) {
    const requests = {
      ...(c?.resources?.limits ?? {}),
      ...(c?.resources?.requests ?? {}),
    };
    for (const [name, q] of Object.entries(requests)) {
      try {
        total[name] = (total[name] ?? 0) + parseQuantity(q as string);
      } catch {
        // An unparsable quantity is rejected by a real server; here it counts as nothing.
      }
    }
  }
  return total;
}

/** Formats a resource list of base units as quantities (memory and storage binary). @internal */
export function formatResources(
  list: Record<string, number>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(list)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => [
        name,
        formatQuantity(
          roundQuantity(value),
          name === 'memory' || name.includes('storage')
            ? 'BinarySI'
            : 'DecimalSI',
        ),
      ]),
  );
}

/** Rounds away float noise (0.1 + 0.2) at the milli-unit. */
function roundQuantity(value: number): number {
  const milli = Math.round(value * 1000);
  return Math.abs(milli - value * 1000) < 1e-6 ? milli / 1000 : value;
}

/** An owner reference to `owner` as its controller. @internal */
export function controllerRef(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether `obj` is controlled by the object with `uid`. @internal */
export function ownedBy(obj: KubeObject, uid: string | undefined): boolean {
  return (obj.metadata.ownerReferences ?? []).some(
    r => r.uid === uid && r.controller,
  );
}

/** A condition's status by type, or undefined. @internal */
export function conditionStatus(obj: any, type: string): string | undefined {
  return (obj?.status?.conditions ?? []).find((c: any) => c?.type === type)
    ?.status;
}

/** Whether a pod has finished (its requests no longer count). @internal */
export function isTerminated(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Whether a pod is Ready. @internal */
export function isPodReady(pod: KubeObject): boolean {
  return conditionStatus(pod, 'Ready') === 'True';
}
