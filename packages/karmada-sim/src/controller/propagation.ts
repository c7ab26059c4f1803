/**
 * Karmada's resource detector: claims resource templates for the propagation policy that
 * matches them and keeps a ResourceBinding per template; and the status aggregation that
 * writes the members' status back onto the template.
 */
import { CONTROL_PLANE, type KubeObject } from '../types';
import {
  SelectorMatch,
  matchPropagationPolicy,
  policySelectorMatch,
} from '../karmada/policyMatch';
import type { ControllerContext } from './context';
import { recordApplyPolicy } from './karmadaEvents';
import {
  CLUSTER_PROPAGATION_POLICY_FINALIZER,
  PROPAGATION_POLICY_FINALIZER,
} from '../karmada/defaults';
import {
  CPP_NAME_LABEL,
  PP_NAMESPACE_LABEL,
  PP_NAME_LABEL,
  TEMPLATE_RESOURCES,
  bindingResource,
  controllerRef,
  formatResources,
  podRequests,
  sameJson,
} from './util';

/** The queue key of a template reconcile. @internal */
export function templateKey(kind: string, namespace: string, name: string) {
  return `template|${kind}|${namespace}|${name}`;
}

/** The queue key of a terminating policy's release. @internal */
export function policyKey(kind: string, namespace: string, name: string) {
  return `policy|${kind}|${namespace}|${name}`;
}

/** The queue key of a template's status aggregation. @internal */
export function templateStatusKey(
  kind: string,
  namespace: string,
  name: string,
) {
  return `tstatus|${kind}|${namespace}|${name}`;
}

/** Karmada's ResourceBinding name for a template: `<name>-<kind lowercased>`. @internal */
export function bindingName(template: {
  kind: string;
  metadata: { name?: string };
}) {
  return `${template.metadata.name}-${template.kind.toLowerCase()}`;
}

const RB = 'resourcebindings.work.karmada.io';
const PP = 'propagationpolicies.policy.karmada.io';
const CPP = 'clusterpropagationpolicies.policy.karmada.io';

/** Replicas and the pod template, as Karmada's default resource interpreter reads them. @internal */
export function interpretReplicas(template: KubeObject): {
  replicas?: number;
  podSpec?: any;
} {
  switch (template.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return {
        replicas: template.spec?.replicas ?? 1,
        podSpec: template.spec?.template?.spec,
      };
    case 'Job':
      return {
        replicas: template.spec?.parallelism ?? 1,
        podSpec: template.spec?.template?.spec,
      };
    default:
      return {};
  }
}

function claimLabels(policy: KubeObject): Record<string, string> {
  return policy.kind === 'PropagationPolicy'
    ? {
        [PP_NAME_LABEL]: policy.metadata.name!,
        [PP_NAMESPACE_LABEL]: policy.metadata.namespace!,
      }
    : { [CPP_NAME_LABEL]: policy.metadata.name! };
}

/** The policy a template is claimed by, if it still exists. @internal */
export function claimingPolicy(
  ctx: ControllerContext,
  template: KubeObject,
): KubeObject | undefined {
  const labels = template.metadata.labels ?? {};
  if (labels[PP_NAME_LABEL]) {
    return ctx.store.tryGet(
      CONTROL_PLANE,
      PP,
      labels[PP_NAME_LABEL],
      labels[PP_NAMESPACE_LABEL] ?? template.metadata.namespace,
    );
  }
  if (labels[CPP_NAME_LABEL])
    return ctx.store.tryGet(CONTROL_PLANE, CPP, labels[CPP_NAME_LABEL]);
  return undefined;
}

function choosePolicy(
  ctx: ControllerContext,
  template: KubeObject,
): KubeObject | undefined {
  const live = (p: KubeObject) => !p.metadata.deletionTimestamp;
  // Without preemption, a template stays with the policy that claimed it while it matches.
  const claimed = claimingPolicy(ctx, template);
  if (
    claimed &&
    live(claimed) &&
    policySelectorMatch(template, claimed) !== SelectorMatch.MisMatch
  ) {
    return claimed;
  }
  const policies = [
    ...ctx.store.list(CONTROL_PLANE, PP, {
      namespace: template.metadata.namespace,
    }).items,
    ...ctx.store.list(CONTROL_PLANE, CPP).items,
  ].filter(live);
  return matchPropagationPolicy(template, policies);
}

function withoutClaim(labels: Record<string, string> | undefined) {
  const out = { ...(labels ?? {}) };
  delete out[PP_NAME_LABEL];
  delete out[PP_NAMESPACE_LABEL];
  delete out[CPP_NAME_LABEL];
  return out;
}

/** The binding's spec for a template claimed by `policy` (scheduling fields kept from `existing`). */
function bindingSpec(
  template: KubeObject,
  policy: KubeObject,
  existing: KubeObject | undefined,
) {
  const { replicas, podSpec } = interpretReplicas(template);
  const spec: Record<string, unknown> = {
    resource: {
      apiVersion: template.apiVersion,
      kind: template.kind,
      ...(template.metadata.namespace
        ? { namespace: template.metadata.namespace }
        : {}),
      name: template.metadata.name,
      uid: template.metadata.uid,
      resourceVersion: template.metadata.resourceVersion,
    },
  };
  if (replicas !== undefined) {
    spec.replicas = replicas;
    const requests = podRequests(podSpec);
    const requirements: Record<string, unknown> = {};
    if (Object.keys(requests).length > 0)
      requirements.resourceRequest = formatResources(requests);
    const nodeClaim: Record<string, unknown> = {};
    if (podSpec?.nodeSelector) nodeClaim.nodeSelector = podSpec.nodeSelector;
    if (podSpec?.tolerations) nodeClaim.tolerations = podSpec.tolerations;
    const hard =
      podSpec?.affinity?.nodeAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution;
    if (hard) nodeClaim.hardNodeAffinity = hard;
    if (Object.keys(nodeClaim).length > 0) requirements.nodeClaim = nodeClaim;
    if (podSpec?.priorityClassName)
      requirements.priorityClassName = podSpec.priorityClassName;
    if (Object.keys(requirements).length > 0)
      spec.replicaRequirements = requirements;
  }
  const p = policy.spec ?? {};
  if (p.placement) spec.placement = structuredClone(p.placement);
  if (p.propagateDeps !== undefined) spec.propagateDeps = p.propagateDeps;
  if (p.failover) spec.failover = structuredClone(p.failover);
  if (p.conflictResolution) spec.conflictResolution = p.conflictResolution;
  if (p.schedulerName) spec.schedulerName = p.schedulerName;
  if (p.preserveResourcesOnDeletion !== undefined)
    spec.preserveResourcesOnDeletion = p.preserveResourcesOnDeletion;
  if (p.suspension) spec.suspension = structuredClone(p.suspension);
  for (const keep of [
    'clusters',
    'gracefulEvictionTasks',
    'rescheduleTriggeredAt',
  ]) {
    if (existing?.spec?.[keep] !== undefined)
      spec[keep] = structuredClone(existing.spec[keep]);
  }
  return spec;
}

/**
 * Reconciles a resource template: claims it for its propagation policy (labels) and
 * creates or updates its ResourceBinding (a ClusterResourceBinding for a cluster-scoped
 * template, `namespace` `''`); with no policy, the claim and binding go.
 * @internal
 */
export function reconcileTemplate(
  ctx: ControllerContext,
  kind: string,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const resource = TEMPLATE_RESOURCES[kind];
  const template = store.tryGet(CONTROL_PLANE, resource, name, namespace);
  const rbName = `${name}-${kind.toLowerCase()}`;
  const rbResource = bindingResource(namespace);
  const existing = store.tryGet(CONTROL_PLANE, rbResource, rbName, namespace);
  if (!template || template.metadata.deletionTimestamp) {
    if (existing && !existing.metadata.deletionTimestamp)
      store.delete(CONTROL_PLANE, rbResource, rbName, { namespace });
    return;
  }
  const policy = choosePolicy(ctx, template);
  const labels = policy
    ? { ...withoutClaim(template.metadata.labels), ...claimLabels(policy) }
    : withoutClaim(template.metadata.labels);
  let current = template;
  if (!sameJson(labels, template.metadata.labels ?? {})) {
    current = store.update(
      CONTROL_PLANE,
      resource,
      { ...template, metadata: { ...template.metadata, labels } },
      { namespace },
    );
  }
  if (!policy) {
    if (
      existing &&
      existing.spec?.resource?.uid === template.metadata.uid &&
      !existing.metadata.deletionTimestamp
    ) {
      store.delete(CONTROL_PLANE, rbResource, rbName, { namespace });
    }
    return;
  }
  recordApplyPolicy(ctx, current, policy);
  const spec = bindingSpec(current, policy, existing);
  const metadata = {
    name: rbName,
    ...(namespace ? { namespace } : {}),
    labels: claimLabels(policy),
    ownerReferences: [controllerRef(current)],
  };
  if (!existing) {
    store.create(
      CONTROL_PLANE,
      rbResource,
      {
        apiVersion: 'work.karmada.io/v1alpha2',
        kind: namespace ? 'ResourceBinding' : 'ClusterResourceBinding',
        metadata,
        spec,
      },
      { namespace },
    );
    return;
  }
  if (existing.metadata.deletionTimestamp) return;
  const next = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...(existing.metadata.labels ?? {}), ...metadata.labels },
      ownerReferences: metadata.ownerReferences,
    },
    spec: { ...existing.spec, ...spec },
  };
  // Fields the policy no longer sets are dropped, as the detector rebuilds the spec.
  for (const key of Object.keys(existing.spec ?? {})) {
    if (!(key in spec)) delete next.spec[key];
  }
  store.update(CONTROL_PLANE, rbResource, next, { namespace });
}

function sumField(items: any[], field: string): number {
  return items.reduce((s, i) => s + (Number(i.status?.[field]) || 0), 0);
}

/** Writes the members' aggregated status onto the template, as Karmada's status aggregation does. @internal */
export function reconcileTemplateStatus(
  ctx: ControllerContext,
  kind: string,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const resource = TEMPLATE_RESOURCES[kind];
  const template = store.tryGet(CONTROL_PLANE, resource, name, namespace);
  if (!template || template.metadata.deletionTimestamp) return;
  // Cluster-scoped templates (PriorityClass) have no status to aggregate.
  if (!namespace) return;
  const binding = store.tryGet(
    CONTROL_PLANE,
    RB,
    `${name}-${kind.toLowerCase()}`,
    namespace,
  );
  if (!binding) return;
  const items: any[] = binding.status?.aggregatedStatus ?? [];
  const allApplied =
    items.length > 0 &&
    items.length === (binding.spec?.clusters ?? []).length &&
    items.every(i => i.applied);
  let status: Record<string, unknown> | undefined;
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const next: Record<string, unknown> = { ...(template.status ?? {}) };
      for (const f of [
        'replicas',
        'readyReplicas',
        'availableReplicas',
        'updatedReplicas',
      ]) {
        next[f] = sumField(items, f);
      }
      if (allApplied) next.observedGeneration = template.metadata.generation;
      status = next;
      break;
    }
    case 'PersistentVolumeClaim': {
      const bound =
        items.length > 0 && items.every(i => i.status?.phase === 'Bound');
      status = {
        ...(template.status ?? {}),
        phase: bound ? 'Bound' : 'Pending',
      };
      break;
    }
    default:
      return;
  }
  if (sameJson(status, template.status)) return;
  store.updateStatus(
    CONTROL_PLANE,
    resource,
    { ...template, status },
    { namespace },
  );
}

/** Keys of every propagatable template on the control plane. @internal */
export function allTemplateKeys(ctx: ControllerContext): string[] {
  const keys: string[] = [];
  for (const [kind, resource] of Object.entries(TEMPLATE_RESOURCES)) {
    for (const o of ctx.store.list(CONTROL_PLANE, resource).items) {
      keys.push(
        templateKey(kind, o.metadata.namespace ?? '', o.metadata.name!),
      );
    }
  }
  return keys;
}

/** The finalizer karmada-webhook put on a policy of this kind. @internal */
export function policyFinalizer(kind: string): string {
  return kind === 'PropagationPolicy'
    ? PROPAGATION_POLICY_FINALIZER
    : CLUSTER_PROPAGATION_POLICY_FINALIZER;
}

/**
 * A policy being deleted (Karmada's detector, `ReconcilePropagationPolicy` /
 * `ReconcileClusterPropagationPolicy` in pkg/detector/detector.go): its templates are
 * reconciled first, so each loses the claim (and its binding) or goes to another policy that
 * matches; then the webhook's finalizer is removed and the policy goes.
 * @internal
 */
export function reconcilePolicyDeletion(
  ctx: ControllerContext,
  kind: string,
  namespace: string,
  name: string,
): void {
  const resource = kind === 'PropagationPolicy' ? PP : CPP;
  const policy = ctx.store.tryGet(
    CONTROL_PLANE,
    resource,
    name,
    namespace || undefined,
  );
  const finalizer = policyFinalizer(kind);
  if (
    !policy?.metadata.deletionTimestamp ||
    !(policy.metadata.finalizers ?? []).includes(finalizer)
  )
    return;
  const claim = claimLabels(policy);
  for (const [templateKind, templateResource] of Object.entries(
    TEMPLATE_RESOURCES,
  )) {
    for (const t of ctx.store.list(CONTROL_PLANE, templateResource).items) {
      const labels = t.metadata.labels ?? {};
      if (Object.entries(claim).every(([k, v]) => labels[k] === v))
        reconcileTemplate(
          ctx,
          templateKind,
          t.metadata.namespace ?? '',
          t.metadata.name!,
        );
    }
  }
  const current = ctx.store.tryGet(
    CONTROL_PLANE,
    resource,
    name,
    namespace || undefined,
  );
  if (!current) return;
  ctx.store.update(
    CONTROL_PLANE,
    resource,
    {
      ...current,
      metadata: {
        ...current.metadata,
        finalizers: (current.metadata.finalizers ?? []).filter(
          f => f !== finalizer,
        ),
      },
    },
    { namespace: current.metadata.namespace },
  );
}
