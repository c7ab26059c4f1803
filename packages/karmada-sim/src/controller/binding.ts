/**
 * Karmada's scheduler, binding controller, execution controller and work status
 * controller for one ResourceBinding: places it, evicts it from failed clusters when
 * failover asks, renders and applies the member copies through Works, and aggregates
 * their status.
 */
import { CONTROL_PLANE, type KubeObject } from '../types';
import { scheduleBinding, type TargetCluster } from '../karmada/scheduler';
import { matchOverridePolicies } from '../karmada/policyMatch';
import { applyOverrides } from '../karmada/overrides';
import {
  applicationFailoverSettings,
  clusterFailedSince,
  evictionDecision,
} from '../karmada/failover';
import {
  aggregatedStatusItem,
  fullyAppliedCondition,
  scheduledCondition,
  setCondition,
  toKubeTime,
  workloadHealth,
  type AggregatedStatusItem,
} from '../karmada/status';
import { StatusError } from '../store';
import type { ControllerContext } from './context';
import { interpretReplicas } from './propagation';
import {
  recordEviction,
  recordSchedule,
  recordSyncWork,
  recordSyncWorkload,
} from './karmadaEvents';
import {
  EXECUTION_NAMESPACE_PREFIX,
  MANAGED_LABEL,
  TEMPLATE_RESOURCES,
  WORK_NAMESPACE_LABEL,
  WORK_NAME_LABEL,
  bindingLabels,
  bindingResource,
  conditionStatus,
  hasBindingLabels,
  bindingIdLabel,
  fnv32a,
  safeEncode,
  sameJson,
} from './util';

const WORKS = 'works.work.karmada.io';
const OP = 'overridepolicies.policy.karmada.io';
const COP = 'clusteroverridepolicies.policy.karmada.io';

/** The queue key of a binding reconcile (namespace `''`: a ClusterResourceBinding). @internal */
export function bindingKey(namespace: string, name: string): string {
  return `binding|${namespace}|${name}`;
}

/** Karmada's Work name for a binding's object: `<name>-<hash of kind, namespace, name>`. @internal */
export function workName(binding: KubeObject): string {
  const r = binding.spec?.resource ?? {};
  return `${binding.metadata.name}-${safeEncode(
    String(fnv32a(`${r.kind}/${r.namespace ?? ''}/${r.name}`)),
  )}`;
}

/** Metadata a resource template carries on the control plane that a member copy must not. */
function memberMetadata(template: KubeObject) {
  const {
    uid: _uid,
    resourceVersion: _rv,
    generation: _g,
    creationTimestamp: _c,
    deletionTimestamp: _d,
    deletionGracePeriodSeconds: _dg,
    managedFields: _mf,
    ownerReferences: _o,
    finalizers: _f,
    selfLink: _s,
    generateName: _gn,
    ...rest
  } = template.metadata;
  return rest;
}

/** The member copy of a template for one cluster: overrides, replica share, Karmada's labels. */
function renderManifest(
  template: KubeObject,
  overridePolicies: KubeObject[],
  cluster: KubeObject,
  target: TargetCluster,
  binding: KubeObject,
  work: string,
): { manifest: KubeObject; errors: string[] } {
  const base: KubeObject = {
    ...structuredClone(template),
    metadata: memberMetadata(structuredClone(template)),
  };
  delete base.status;
  const scheduling = binding.spec?.placement?.replicaScheduling;
  const divided =
    scheduling && (scheduling.replicaSchedulingType ?? 'Divided') === 'Divided';
  if (divided && interpretReplicas(template).replicas !== undefined) {
    if (template.kind === 'Job')
      base.spec = { ...base.spec, parallelism: target.replicas };
    else base.spec = { ...base.spec, replicas: target.replicas };
  }
  const result = applyOverrides(base, overridePolicies, cluster);
  const manifest = result.object;
  const bindingNamespace = binding.metadata.namespace;
  manifest.metadata = {
    ...manifest.metadata,
    labels: {
      ...(manifest.metadata.labels ?? {}),
      [MANAGED_LABEL]: 'true',
      ...bindingIdLabel(binding),
    },
    annotations: {
      ...(manifest.metadata.annotations ?? {}),
      'resourcetemplate.karmada.io/uid': template.metadata.uid!,
      [WORK_NAME_LABEL]: work,
      [WORK_NAMESPACE_LABEL]: `${EXECUTION_NAMESPACE_PREFIX}${cluster.metadata.name}`,
      ...bindingLabels(bindingNamespace, binding.metadata.name!),
    },
  };
  return { manifest, errors: result.errors };
}

/** The member status Karmada's default interpreter reflects into the Work and binding. */
function reflectStatus(member: KubeObject | undefined) {
  if (!member?.status) return undefined;
  const s = member.status;
  switch (member.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return {
        replicas: s.replicas ?? 0,
        readyReplicas: s.readyReplicas ?? 0,
        availableReplicas: s.availableReplicas ?? 0,
        updatedReplicas: s.updatedReplicas ?? 0,
      };
    case 'PersistentVolumeClaim':
      return s.phase ? { phase: s.phase } : undefined;
    case 'Job':
      return {
        active: s.active ?? 0,
        succeeded: s.succeeded ?? 0,
        failed: s.failed ?? 0,
      };
    case 'ResourceQuota':
      // Karmada's default interpreter reflects the whole status of kinds it has no
      // specific rule for; a quota's is its member's hard and used.
      return s.hard || s.used
        ? {
            ...(s.hard ? { hard: s.hard } : {}),
            ...(s.used ? { used: s.used } : {}),
          }
        : undefined;
    default:
      return undefined;
  }
}

function ensureNamespace(
  ctx: ControllerContext,
  cluster: string,
  name: string,
) {
  const ns = ctx.store.tryGet(cluster, 'namespaces', name);
  if (ns && !ns.metadata.deletionTimestamp) return true;
  if (ns) return false;
  ctx.store.create(cluster, 'namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  return true;
}

function isReady(cluster: KubeObject): boolean {
  return conditionStatus(cluster, 'Ready') === 'True';
}

/** Applies a manifest to a member cluster; returns an error message if it could not. */
function applyToMember(
  ctx: ControllerContext,
  clusterName: string,
  manifest: KubeObject,
  conflictResolution: string | undefined,
): string | undefined {
  const resource = TEMPLATE_RESOURCES[manifest.kind];
  // Undefined for a cluster-scoped object (a PriorityClass).
  const namespace = manifest.metadata.namespace;
  if (namespace && !ensureNamespace(ctx, clusterName, namespace))
    return `namespace ${namespace} is terminating in cluster ${clusterName}`;
  const current = ctx.store.tryGet(
    clusterName,
    resource,
    manifest.metadata.name!,
    namespace,
  );
  if (!current) {
    return memberWrite(() =>
      ctx.store.create(clusterName, resource, structuredClone(manifest), {
        namespace,
      }),
    );
  }
  if (
    current.metadata.labels?.[MANAGED_LABEL] !== 'true' &&
    conflictResolution !== 'Overwrite'
  ) {
    return `the same name resource already exists in the member cluster and is not managed by karmada (conflictResolution: Abort)`;
  }
  const next: KubeObject = {
    ...structuredClone(manifest),
    metadata: {
      ...current.metadata,
      // Labels and annotations the member's own controllers add are kept (Karmada's retain).
      labels: { ...current.metadata.labels, ...manifest.metadata.labels },
      annotations: {
        ...current.metadata.annotations,
        ...manifest.metadata.annotations,
      },
    },
    status: current.status,
  };
  // Fields the member's own controllers own (Karmada's retain interpreter).
  if (manifest.kind === 'Service' && current.spec?.clusterIP) {
    next.spec = {
      ...next.spec,
      clusterIP: current.spec.clusterIP,
      clusterIPs: current.spec.clusterIPs,
    };
  }
  if (manifest.kind === 'PersistentVolumeClaim' && current.spec?.volumeName) {
    next.spec = { ...next.spec, volumeName: current.spec.volumeName };
  }
  delete next.metadata.resourceVersion;
  return memberWrite(() =>
    ctx.store.update(clusterName, resource, next, { namespace }),
  );
}

/**
 * Runs a write to a member; a refusal by the member's API server (a quota, an immutable
 * PriorityClass value) is the Work's apply error, as Karmada's execution controller reports it.
 */
function memberWrite(write: () => unknown): string | undefined {
  try {
    write();
    return undefined;
  } catch (e) {
    if (e instanceof StatusError) return e.message;
    throw e;
  }
}

/** Deletes a Work and the member object it carries. */
function deleteWork(ctx: ControllerContext, work: KubeObject) {
  const clusterName = work.metadata.namespace!.slice(
    EXECUTION_NAMESPACE_PREFIX.length,
  );
  const preserve = work.spec?.preserveResourcesOnDeletion === true;
  for (const m of work.spec?.workload?.manifests ?? []) {
    const resource = TEMPLATE_RESOURCES[m.kind];
    if (!resource || preserve || !ctx.store.hasCluster(clusterName)) continue;
    const current = ctx.store.tryGet(
      clusterName,
      resource,
      m.metadata.name,
      m.metadata.namespace,
    );
    if (current && current.metadata.labels?.[MANAGED_LABEL] === 'true') {
      ctx.store.delete(clusterName, resource, m.metadata.name, {
        namespace: m.metadata.namespace,
      });
    }
  }
  ctx.store.delete(CONTROL_PLANE, WORKS, work.metadata.name!, {
    namespace: work.metadata.namespace,
  });
}

function worksOf(ctx: ControllerContext, namespace: string, name: string) {
  return ctx.store.list(CONTROL_PLANE, WORKS, {
    predicate: w => hasBindingLabels(w, namespace, name),
  }).items;
}

/** Removes everything a deleted binding propagated: its Works and the member copies. @internal */
export function cleanupBinding(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): void {
  for (const work of worksOf(ctx, namespace, name)) deleteWork(ctx, work);
  // Copies whose Work went first (deleted by hand) are found by their labels.
  for (const member of ctx.store.members()) {
    for (const resource of Object.values(TEMPLATE_RESOURCES)) {
      for (const o of ctx.store.list(member, resource, {
        predicate: m =>
          hasBindingLabels(m, namespace, name) &&
          m.metadata.labels?.[MANAGED_LABEL] === 'true',
      }).items) {
        ctx.store.delete(member, resource, o.metadata.name!, {
          namespace: o.metadata.namespace,
        });
      }
    }
  }
  for (const key of [...ctx.unhealthySince.keys()]) {
    if (key.startsWith(`${namespace}/${name}/`)) ctx.unhealthySince.delete(key);
  }
}

/** Applies failover: the clusters to evict now, and when to look again. */
function evictions(
  ctx: ControllerContext,
  binding: KubeObject,
  clusters: Map<string, KubeObject>,
  now: Date,
): { evict: Map<string, { reason: string; message: string }>; next?: number } {
  const evict = new Map<string, { reason: string; message: string }>();
  let next: number | undefined;
  const settings = applicationFailoverSettings(binding);
  for (const target of binding.spec?.clusters ?? []) {
    const cluster = clusters.get(target.name);
    if (!cluster) continue;
    const unhealthy = ctx.unhealthySince.get(
      `${binding.metadata.namespace}/${binding.metadata.name}/${target.name}`,
    );
    const failed = clusterFailedSince(cluster)?.getTime();
    const since = [unhealthy, failed].filter(
      (t): t is number => t !== undefined,
    );
    const earliest = since.length ? Math.min(...since) : undefined;
    const decision = evictionDecision({
      cluster,
      policy: binding,
      now,
      unhealthySince: earliest !== undefined ? new Date(earliest) : undefined,
    });
    if (decision.evict) {
      evict.set(target.name, {
        reason: decision.reason ?? 'ApplicationFailure',
        message: decision.message,
      });
    } else if (settings && earliest !== undefined) {
      const at = earliest + settings.tolerationSeconds * 1000;
      next = next === undefined ? at : Math.min(next, at);
    }
  }
  return { evict, next };
}

/**
 * Reconciles a ResourceBinding (a ClusterResourceBinding when `namespace` is `''`) end to end: failover evictions, scheduling
 * (`spec.clusters`, Scheduled condition), Works and member copies for every target
 * cluster, removal from clusters no longer targeted, and the aggregated status.
 * @internal
 */
export function reconcileBinding(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const RB = bindingResource(namespace);
  let binding = store.tryGet(CONTROL_PLANE, RB, name, namespace);
  if (!binding || binding.metadata.deletionTimestamp) {
    cleanupBinding(ctx, namespace, name);
    return;
  }
  const ref = binding.spec?.resource ?? {};
  const resource = TEMPLATE_RESOURCES[ref.kind];
  const template =
    resource &&
    store.tryGet(CONTROL_PLANE, resource, ref.name, ref.namespace ?? namespace);
  if (!template || template.metadata.uid !== ref.uid) return;
  const now = ctx.now();
  const clusterList = store.list(
    CONTROL_PLANE,
    'clusters.cluster.karmada.io',
  ).items;
  const clusters = new Map(clusterList.map(c => [c.metadata.name!, c]));

  // Failover: evicted clusters leave the placement and are excluded while the task lasts.
  const { evict, next } = evictions(ctx, binding, clusters, now);
  if (next !== undefined) ctx.enqueueAt(bindingKey(namespace, name), next);
  const previous: TargetCluster[] = binding.spec?.clusters ?? [];
  const tasks: any[] = (binding.spec?.gracefulEvictionTasks ?? []).filter(
    (t: any) => {
      // A task ends once its cluster is ready again.
      const c = clusters.get(t.fromCluster);
      return c && !isReady(c);
    },
  );
  const settings = applicationFailoverSettings(binding);
  const newEvictions: Array<{ from: string; producer: string; at: string }> =
    [];
  for (const [from, why] of evict) {
    if (tasks.some(t => t.fromCluster === from)) continue;
    const replicas = previous.find(p => p.name === from)?.replicas;
    tasks.push({
      fromCluster: from,
      reason: why.reason,
      message: why.message,
      producer:
        why.reason === 'ApplicationFailure'
          ? 'resource-binding-application-failover-controller'
          : 'taint-manager',
      ...(replicas !== undefined ? { replicas } : {}),
      ...(settings ? { purgeMode: settings.purgeMode } : {}),
      ...(settings?.purgeMode === 'Gracefully'
        ? { gracePeriodSeconds: settings.gracePeriodSeconds }
        : {}),
      clustersBeforeFailover: previous.map(p => p.name),
      creationTimestamp: toKubeTime(now),
    });
    newEvictions.push({
      from,
      producer:
        why.reason === 'ApplicationFailure'
          ? 'resource-binding-application-failover-controller'
          : 'taint-manager',
      at: toKubeTime(now),
    });
    ctx.unhealthySince.delete(`${namespace}/${name}/${from}`);
  }
  const excluded = new Set(tasks.map(t => t.fromCluster));
  const kept = previous.filter(p => !excluded.has(p.name));
  const result = scheduleBinding({
    placement: binding.spec?.placement,
    replicas: binding.spec?.replicas ?? 0,
    clusters: clusterList.filter(c => !excluded.has(c.metadata.name!)),
    replicaRequirements: binding.spec?.replicaRequirements,
    previous: kept,
  });
  const targets = result.ok ? result.clusters : kept;
  const specChanged =
    !sameJson(targets, previous) ||
    !sameJson(tasks, binding.spec?.gracefulEvictionTasks ?? []);
  if (specChanged) {
    const spec = { ...binding.spec, clusters: targets };
    if (tasks.length) spec.gracefulEvictionTasks = tasks;
    else delete spec.gracefulEvictionTasks;
    binding = store.update(
      CONTROL_PLANE,
      RB,
      { ...binding, spec },
      { namespace },
    );
  }
  const b = binding!;
  for (const ev of newEvictions)
    recordEviction(ctx, b, template, ev.from, ev.producer, ev.at);
  recordSchedule(ctx, b, template, result);

  // Apply: a Work per target cluster, and the member copy.
  const overridePolicies = matchOverridePolicies(template, [
    ...store.list(CONTROL_PLANE, OP, { namespace: template.metadata.namespace })
      .items,
    ...store.list(CONTROL_PLANE, COP).items,
  ]);
  const work = workName(b);
  const items: AggregatedStatusItem[] = [];
  for (const target of targets) {
    const cluster = clusters.get(target.name);
    const execNs = `${EXECUTION_NAMESPACE_PREFIX}${target.name}`;
    if (!cluster) {
      items.push(
        aggregatedStatusItem({
          clusterName: target.name,
          applied: false,
          appliedMessage: `cluster ${target.name} does not exist`,
          health: 'Unknown',
        }),
      );
      continue;
    }
    const { manifest, errors } = renderManifest(
      template,
      overridePolicies,
      cluster,
      target,
      b,
      work,
    );
    ensureNamespace(ctx, CONTROL_PLANE, execNs);
    const workObject: KubeObject = {
      apiVersion: 'work.karmada.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: work,
        namespace: execNs,
        labels: bindingIdLabel(b),
        annotations: bindingLabels(namespace, name),
      },
      spec: {
        workload: { manifests: [manifest] },
        ...(b.spec?.preserveResourcesOnDeletion
          ? { preserveResourcesOnDeletion: true }
          : {}),
      },
    };
    const existingWork = store.tryGet(CONTROL_PLANE, WORKS, work, execNs);
    let storedWork: KubeObject;
    if (!existingWork) {
      storedWork = store.create(CONTROL_PLANE, WORKS, workObject, {
        namespace: execNs,
      });
    } else {
      storedWork = store.update(
        CONTROL_PLANE,
        WORKS,
        {
          ...existingWork,
          metadata: {
            ...existingWork.metadata,
            labels: workObject.metadata.labels,
          },
          spec: workObject.spec,
        },
        { namespace: execNs },
      );
    }
    // Execution: a member that cannot be reached keeps what it last received.
    let error: string | undefined = errors.length
      ? `failed to apply overrides: ${errors.join('; ')}`
      : undefined;
    if (!store.hasCluster(target.name)) {
      error = `cluster ${target.name} is not reachable`;
    } else if (!error && isReady(cluster)) {
      error = applyToMember(
        ctx,
        target.name,
        manifest,
        b.spec?.conflictResolution,
      );
    }
    const member = store.hasCluster(target.name)
      ? store.tryGet(
          target.name,
          TEMPLATE_RESOURCES[manifest.kind],
          manifest.metadata.name!,
          manifest.metadata.namespace,
        )
      : undefined;
    const applied =
      !error && member?.metadata.labels?.[MANAGED_LABEL] === 'true';
    const health = applied ? workloadHealth(member) : 'Unknown';
    const reflected = applied ? reflectStatus(member) : undefined;
    const healthKey = `${namespace}/${name}/${target.name}`;
    if (health === 'Unhealthy') {
      if (!ctx.unhealthySince.has(healthKey))
        ctx.unhealthySince.set(healthKey, now.getTime());
    } else if (health === 'Healthy') {
      ctx.unhealthySince.delete(healthKey);
    }
    const workStatus = {
      conditions: setCondition(
        storedWork.status?.conditions,
        applied
          ? {
              type: 'Applied',
              status: 'True',
              reason: 'AppliedSuccessful',
              message: 'Manifest has been successfully applied',
              lastTransitionTime: toKubeTime(now),
            }
          : {
              type: 'Applied',
              status: 'False',
              reason: 'AppliedFailed',
              message: error ?? 'Manifest has not been applied yet',
              lastTransitionTime: toKubeTime(now),
            },
      ),
      ...(applied
        ? {
            manifestStatuses: [
              {
                identifier: {
                  ordinal: 0,
                  group: manifest.apiVersion.includes('/')
                    ? manifest.apiVersion.split('/')[0]
                    : '',
                  version: manifest.apiVersion.split('/').pop(),
                  kind: manifest.kind,
                  resource: TEMPLATE_RESOURCES[manifest.kind].split('.')[0],
                  namespace: manifest.metadata.namespace,
                  name: manifest.metadata.name,
                },
                ...(reflected ? { status: reflected } : {}),
                health,
              },
            ],
          }
        : {}),
    };
    if (store.hasCluster(target.name) && isReady(cluster) && !errors.length)
      recordSyncWorkload(ctx, storedWork, template, target.name, error);
    if (!sameJson(workStatus, storedWork.status)) {
      store.updateStatus(
        CONTROL_PLANE,
        WORKS,
        { ...storedWork, status: workStatus },
        { namespace: execNs },
      );
    }
    items.push(
      aggregatedStatusItem({
        clusterName: target.name,
        applied,
        appliedMessage: error,
        health,
        status: reflected,
      }),
    );
  }

  const overrideErrors = items
    .map(i => i.appliedMessage)
    .filter(
      (m): m is string => !!m && m.startsWith('failed to apply overrides'),
    );
  recordSyncWork(ctx, b, template, overrideErrors[0]);

  // Clusters no longer targeted lose their Work and copy.
  const targetNames = new Set(targets.map(t => t.name));
  for (const w of worksOf(ctx, namespace, name)) {
    const clusterName = w.metadata.namespace!.slice(
      EXECUTION_NAMESPACE_PREFIX.length,
    );
    if (!targetNames.has(clusterName)) deleteWork(ctx, w);
  }
  for (const key of [...ctx.unhealthySince.keys()]) {
    const [ns, rb, c] = key.split('/');
    if (ns === namespace && rb === name && !targetNames.has(c))
      ctx.unhealthySince.delete(key);
  }

  // Status.
  const fresh = store.get(CONTROL_PLANE, RB, name, namespace);
  let conditions = setCondition(
    fresh.status?.conditions,
    scheduledCondition(result, now),
  );
  conditions = setCondition(
    conditions,
    fullyAppliedCondition(targets, items, now),
  );
  const status: Record<string, unknown> = {
    ...(fresh.status ?? {}),
    schedulerObservedGeneration: fresh.metadata.generation,
    conditions,
    aggregatedStatus: items,
  };
  if (specChanged || !fresh.status?.lastScheduledTime)
    status.lastScheduledTime = toKubeTime(now);
  if (result.affinityName)
    status.schedulerObservingAffinityName = result.affinityName;
  else delete status.schedulerObservingAffinityName;
  if (items.length === 0) delete status.aggregatedStatus;
  if (!sameJson(status, fresh.status)) {
    store.updateStatus(CONTROL_PLANE, RB, { ...fresh, status }, { namespace });
  }
  // Unhealthy workloads are looked at again when application failover would act.
  if (settings) {
    for (const target of targets) {
      const since = ctx.unhealthySince.get(
        `${namespace}/${name}/${target.name}`,
      );
      if (since !== undefined)
        ctx.enqueueAt(
          bindingKey(namespace, name),
          since + settings.tolerationSeconds * 1000,
        );
    }
  }
}
