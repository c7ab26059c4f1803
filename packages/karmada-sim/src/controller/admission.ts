import { CONTROL_PLANE, type FieldCause, type KubeObject } from '../types';
import { errors, type AdmissionContext, type ObjectStore } from '../store';
import { resourceKey, type ResourceDef } from '../resources';
import { globalDefaultConflict, resolvePodPriority } from '../kube/priority';
import {
  countKeys,
  isPodKey,
  podQuotaUsage,
  quotaConstraintError,
  quotaCoversPod,
  quotaExceeded,
  quotaUsage,
} from '../kube/quota';
import { applyCrdDefaults } from '../karmada/crds';
import { validateKarmadaObject } from '../karmada/validation';
import { nameRuleFor, validateObjectMeta } from '../kube/objectMeta';
import { validateBuiltinObject } from '../kube/builtinValidation';
import { podSecurityError } from '../kube/podSecurity';
import { admitPvcStorageClass } from './storage';
import { disruptionBudgetStatus } from './disruption';

/** Kinds whose writes Karmada's API server defaults and its webhook validates. @public */
export const ADMITTED_KARMADA_KINDS: readonly string[] = [
  'PropagationPolicy',
  'ClusterPropagationPolicy',
  'OverridePolicy',
  'ClusterOverridePolicy',
  'ResourceBinding',
  'Work',
  'Cluster',
];

/** Drops causes that repeat an earlier one (same field and message). */
function dedupe(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter(c => {
    const key = `${c.field}\u0000${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What kube-apiserver's strategy validates on every create and update of any kind, before
 * admission plugins run: `metadata` (names by the kind's rule, `generateName`, namespace,
 * labels, annotations, finalizers) and, for the built-in kinds of
 * `VALIDATED_BUILTIN_KINDS`, the spec. Writes through `/status` are not checked (they
 * cannot change metadata or spec). Throws 400 for a quantity that does not decode.
 * @public
 */
export function validateKubeWrite(ctx: AdmissionContext): FieldCause[] {
  if (ctx.subresource) return [];
  const { resource } = ctx;
  let meta = validateObjectMeta(ctx.object.metadata, {
    operation: ctx.operation,
    namespaced: resource.namespaced,
    nameRule: nameRuleFor(resource.group, resource.kind),
  });
  // Karmada's aggregated API server checks a Cluster's name and labels itself
  // (`validateKarmadaObject`), in its own words.
  if (resource.group === 'cluster.karmada.io' && resource.kind === 'Cluster')
    meta = meta.filter(c => c.field !== 'metadata.labels');
  return dedupe([
    ...meta,
    ...validateBuiltinObject(resource.group, ctx.object, ctx.oldObject),
  ]);
}

/** Whether `registerKarmadaAdmission` also validates a write (its causes join ours). */
function isKarmadaAdmitted(cluster: string, resource: ResourceDef): boolean {
  return (
    cluster === CONTROL_PLANE &&
    resource.group.endsWith('karmada.io') &&
    ADMITTED_KARMADA_KINDS.includes(resource.kind)
  );
}

/**
 * Registers kube-apiserver's validation ({@link validateKubeWrite}) of every create and
 * update, on the control plane and every member. `startKarmadaSimulator` registers it
 * first, before any other hook, unless `validation: false`. An invalid write is refused
 * with 422 Invalid right away, so it never reaches the admission plugins (a write both
 * invalid and over quota gets the 422, as on a real server), except for the Karmada
 * kinds `registerKarmadaAdmission` validates: their causes are returned, so that the
 * store reports them in one 422 together with the CRD schema's and the webhook's.
 * Returns the function that unregisters the hook.
 * @public
 */
export function registerKubeValidation(store: ObjectStore): () => void {
  return store.registerAdmission(
    () => true,
    ctx => {
      const causes = validateKubeWrite(ctx);
      if (causes.length === 0) return undefined;
      if (isKarmadaAdmitted(ctx.cluster, ctx.resource)) return causes;
      throw errors.invalid(
        ctx.resource,
        ctx.object.metadata.name ?? '',
        causes,
      );
    },
  );
}

/** Replaces the content of `target` with `source`, keeping the object's identity. */
function replaceContent(target: KubeObject, source: KubeObject) {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

/**
 * Registers Karmada's admission on the control plane of a store: every create and update
 * (including `/status`) of a PropagationPolicy, ClusterPropagationPolicy, OverridePolicy,
 * ClusterOverridePolicy, ResourceBinding, Work or Cluster gets the CRD's defaults, then is
 * rejected with 422 Invalid when `validateKarmadaObject` reports causes. Returns the
 * function that unregisters the hook.
 * @public
 */
export function registerKarmadaAdmission(store: ObjectStore): () => void {
  return store.registerAdmission(
    ({ cluster, resource }) => isKarmadaAdmitted(cluster, resource),
    ctx => {
      replaceContent(ctx.object, applyCrdDefaults(ctx.object));
      const causes = validateKarmadaObject(ctx.object, ctx.oldObject);
      return causes.length > 0 ? causes : undefined;
    },
  );
}

const PRIORITY_CLASSES = 'priorityclasses.scheduling.k8s.io';

/** The name kube's admission errors give an object: its generateName prefix, if generated. */
function admissionName(ctx: AdmissionContext): string {
  return ctx.generateName ?? ctx.object.metadata.name ?? '';
}

/** Counts a namespace's objects of a resource (storage key), or undefined if not served. */
function counter(store: ObjectStore, cluster: string, namespace: string) {
  return (key: string): number | undefined => {
    try {
      return store.list(cluster, key, { namespace }).items.length;
    } catch {
      return undefined;
    }
  };
}

/** The live quotas of a namespace. */
function quotasOf(store: ObjectStore, cluster: string, namespace: string) {
  return store
    .list(cluster, 'resourcequotas', { namespace })
    .items.filter(q => !q.metadata.deletionTimestamp);
}

/** kube's `Priority` admission plugin for a pod: resolves `spec.priority`, or throws 403. */
function admitPodPriority(store: ObjectStore, ctx: AdmissionContext) {
  const pod = ctx.object;
  if (ctx.operation === 'UPDATE') {
    // Priority is set once, at create; an update that leaves it out keeps it.
    const old = ctx.oldObject?.spec ?? {};
    if (
      pod.spec &&
      pod.spec.priority === undefined &&
      old.priority !== undefined
    )
      pod.spec.priority = old.priority;
    return;
  }
  const decision = resolvePodPriority(
    pod.spec,
    store.list(ctx.cluster, PRIORITY_CLASSES).items,
  );
  if (!decision.ok)
    throw errors.forbidden(ctx.resource, admissionName(ctx), decision.reason);
  pod.spec = { ...(pod.spec ?? {}), priority: decision.priority };
  if (decision.priorityClassName)
    pod.spec.priorityClassName = decision.priorityClassName;
  if (decision.preemptionPolicy)
    pod.spec.preemptionPolicy = decision.preemptionPolicy;
}

/**
 * kube's `RuntimeClass` admission plugin (plugin/pkg/admission/runtimeclass/admission.go,
 * `prepareObjects`): a pod naming a RuntimeClass that does not exist is refused with 403
 * `pod rejected: RuntimeClass "x" not found`. Overhead and scheduling are not applied.
 */
function admitRuntimeClass(store: ObjectStore, ctx: AdmissionContext) {
  const name = ctx.object.spec?.runtimeClassName;
  if (!name) return;
  const rc = store.tryGet(ctx.cluster, 'runtimeclasses.node.k8s.io', name);
  if (!rc || rc.metadata.deletionTimestamp)
    throw errors.forbidden(
      ctx.resource,
      admissionName(ctx),
      `pod rejected: RuntimeClass ${JSON.stringify(name)} not found`,
    );
}

/**
 * kube's `PodSecurity` admission plugin for a new pod: the level the namespace's
 * `pod-security.kubernetes.io/enforce` label enforces (see `kube/podSecurity.ts`); a
 * violation is refused with 403 `violates PodSecurity "restricted:latest": ...`.
 */
function admitPodSecurity(store: ObjectStore, ctx: AdmissionContext) {
  const ns = store.tryGet(
    ctx.cluster,
    'namespaces',
    ctx.object.metadata.namespace!,
  );
  const why = podSecurityError(ns?.metadata.labels, ctx.object.spec);
  if (why) throw errors.forbidden(ctx.resource, admissionName(ctx), why);
}

/** kube's `ResourceQuota` admission plugin for a new pod: constraints, then usage. */
function admitPodQuota(store: ObjectStore, ctx: AdmissionContext) {
  const pod = ctx.object;
  const namespace = pod.metadata.namespace!;
  const quotas = quotasOf(store, ctx.cluster, namespace).filter(
    q =>
      Object.keys(q.spec?.hard ?? {}).some(isPodKey) && quotaCoversPod(q, pod),
  );
  if (quotas.length === 0) return;
  const name = admissionName(ctx);
  for (const q of quotas) {
    const why = quotaConstraintError(q, pod.spec);
    if (why)
      throw errors.forbidden(
        ctx.resource,
        name,
        `failed quota: ${q.metadata.name}: ${why}`,
      );
  }
  const pods = store.list(ctx.cluster, 'pods', { namespace }).items;
  const countOf = counter(store, ctx.cluster, namespace);
  const requested = podQuotaUsage(pod.spec);
  for (const q of quotas) {
    const why = quotaExceeded(q, quotaUsage(q, pods, countOf), requested);
    if (why) throw errors.forbidden(ctx.resource, name, why);
  }
}

/** kube's `ResourceQuota` admission for object counts (`count/deployments.apps`, `services`). */
function admitObjectCount(store: ObjectStore, ctx: AdmissionContext) {
  const namespace = ctx.object.metadata.namespace!;
  const keys = countKeys(resourceKey(ctx.resource));
  const quotas = quotasOf(store, ctx.cluster, namespace).filter(q =>
    keys.some(k => k in (q.spec?.hard ?? {})),
  );
  if (quotas.length === 0) return;
  const countOf = counter(store, ctx.cluster, namespace);
  const requested = Object.fromEntries(keys.map(k => [k, 1]));
  for (const q of quotas) {
    const why = quotaExceeded(q, quotaUsage(q, [], countOf), requested);
    if (why) throw errors.forbidden(ctx.resource, admissionName(ctx), why);
  }
}

/**
 * Registers the admission plugins a kube-apiserver runs by default that matter here:
 * - `Priority`, everywhere: only one PriorityClass may be `globalDefault` (403); on
 *   members, a new pod's `spec.priorityClassName` must name an existing class (403
 *   `pods "<name>" is forbidden: no PriorityClass with name <x> was found`), whose value
 *   becomes `spec.priority` (the global default's, or 0, when it names none).
 * - `RuntimeClass`, on members: a new pod's `spec.runtimeClassName` must name an existing
 *   RuntimeClass (403 `pod rejected: RuntimeClass "x" not found`).
 * - `PodSecurity`, on members: a new pod must meet the level its namespace's
 *   `pod-security.kubernetes.io/enforce` label sets (403 `violates PodSecurity ...`).
 * - `DefaultStorageClass`, on members: a new PVC without `storageClassName` gets the
 *   default StorageClass's.
 * - `ResourceQuota`, on members: a new pod (or counted object) that would exceed a quota of
 *   its namespace is refused with 403 `exceeded quota: ...`, and a pod missing a cpu or
 *   memory request/limit a quota limits with 403 `failed quota: ...: must specify ...`.
 *   Usage is computed from the live objects, not from `status.used`.
 * On the control plane ResourceQuotas are not enforced: Karmada runs no quota controller
 * there, so they have no `status.hard`, which is what kube's quota admission checks.
 * Returns the function that unregisters the hooks.
 * @public
 */
export function registerMemberAdmission(store: ObjectStore): () => void {
  const off = [
    store.registerAdmission(
      { group: 'scheduling.k8s.io', resource: 'priorityclasses' },
      ctx => {
        const why = globalDefaultConflict(
          ctx.object,
          store.list(ctx.cluster, PRIORITY_CLASSES).items,
        );
        if (why) throw errors.forbidden(ctx.resource, admissionName(ctx), why);
      },
    ),
    store.registerAdmission(
      { cluster: 'member', group: '', resource: 'pods' },
      ctx => {
        if (ctx.subresource) return;
        admitPodPriority(store, ctx);
        if (ctx.operation !== 'CREATE') return;
        admitRuntimeClass(store, ctx);
        admitPodSecurity(store, ctx);
        admitPodQuota(store, ctx);
      },
    ),
    store.registerAdmission(
      { cluster: 'member', group: '', resource: 'persistentvolumeclaims' },
      ctx => {
        if (ctx.subresource) return;
        admitPvcStorageClass(
          store.list(ctx.cluster, 'storageclasses.storage.k8s.io').items,
          ctx.object,
          ctx.oldObject,
        );
      },
    ),
    store.registerAdmission(
      { cluster: 'member', group: 'policy', resource: 'poddisruptionbudgets' },
      ctx => {
        // The disruption controller's first sync, at once: a budget is never seen
        // without a status (`controller/disruption.ts`).
        if (ctx.subresource) return;
        const namespace = ctx.object.metadata.namespace!;
        const specChanged =
          !ctx.oldObject ||
          JSON.stringify(ctx.oldObject.spec) !==
            JSON.stringify(ctx.object.spec);
        const generation =
          (ctx.oldObject?.metadata.generation ?? 0) + (specChanged ? 1 : 0);
        ctx.object.status = disruptionBudgetStatus(
          { ...ctx.object, status: ctx.oldObject?.status },
          store.list(ctx.cluster, 'pods', { namespace }).items,
          // The store's clock stamps the creation; a real controller syncs right after.
          new Date(ctx.object.metadata.creationTimestamp ?? Date.now()),
          generation,
        );
      },
    ),
    store.registerAdmission(
      ({ cluster, resource }) =>
        cluster !== CONTROL_PLANE &&
        resource.namespaced &&
        !(resource.group === '' && resource.plural === 'pods') &&
        !(resource.group === '' && resource.plural === 'events'),
      ctx => {
        if (ctx.operation === 'CREATE') admitObjectCount(store, ctx);
      },
    ),
  ];
  return () => {
    for (const o of off) o();
  };
}
