/**
 * A tiny kube-controller-manager + scheduler + kubelet for member clusters: Deployments
 * get ReplicaSets, ReplicaSets get pods, pods are bound to a node with room, start, and
 * turn Ready after a simulated model load. PVCs are bound by their StorageClass, pods wait
 * for their claims and a ReadWriteOnce volume attaches to one node (see `storage.ts`).
 */
import { CONTROL_PLANE, type KubeObject } from '../types';
import { StatusError } from '../store';
import { parseQuantity } from '../karmada/quantity';
import { toleratesTaint } from '../karmada/selectors';
import type { ControllerContext } from './context';
import { emitEvent } from './context';
import {
  bindClaimsForPod,
  multiAttachError,
  readWriteOncePodConflict,
  reconcileClaim,
  volumeBindingError,
} from './storage';
import { syncDisruptionBudgets } from './disruption';
import { interPodAffinityReason, spreadPenalty } from './interPodAffinity';
import {
  MODEL_LOAD_ANNOTATION,
  conditionStatus,
  controllerRef,
  isPodReady,
  isTerminated,
  ownedBy,
  podRequests,
  sameJson,
  shortHash,
} from './util';

/** The queue key of a member object reconcile. @internal */
export function memberKey(
  kind: 'deploy' | 'rs' | 'pod' | 'pvc',
  cluster: string,
  namespace: string,
  name: string,
): string {
  return `${kind}|${cluster}|${namespace}|${name}`;
}

const DEFAULT_SCHEDULER = 'default-scheduler';

function time(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ------------------------------------------------------------------ Deployment

function maxUnavailable(deployment: KubeObject, desired: number): number {
  const value =
    deployment.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(String(value));
  return match
    ? Math.floor((desired * Number(match[1])) / 100)
    : Number(value) || 0;
}

/** A deployment condition that keeps its times while nothing about it changes. */
function deploymentCondition(
  previous: any[] | undefined,
  next: { type: string; status: string; reason: string; message: string },
  now: string,
) {
  const old = (previous ?? []).find(c => c.type === next.type);
  const same =
    old &&
    old.status === next.status &&
    old.reason === next.reason &&
    old.message === next.message;
  return {
    ...next,
    lastUpdateTime: same ? old.lastUpdateTime : now,
    lastTransitionTime:
      old && old.status === next.status ? old.lastTransitionTime : now,
  };
}

/** Reconciles a member Deployment: its ReplicaSet for the current template, and its status. @internal */
export function reconcileDeployment(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const deployment = store.tryGet(cluster, 'deployments.apps', name, namespace);
  if (!deployment || deployment.metadata.deletionTimestamp) return;
  const template = deployment.spec?.template ?? {};
  const hash = shortHash(template);
  const rsName = `${name}-${hash}`;
  const desired: number = deployment.spec?.replicas ?? 1;
  const owned = store
    .list(cluster, 'replicasets.apps', { namespace })
    .items.filter(rs => ownedBy(rs, deployment.metadata.uid));

  // A template change rolls the pods: the old ReplicaSets go, and their pods with them.
  for (const rs of owned) {
    if (rs.metadata.name !== rsName && !rs.metadata.deletionTimestamp) {
      store.delete(cluster, 'replicasets.apps', rs.metadata.name!, {
        namespace,
      });
      emitEvent(ctx, cluster, deployment, {
        reason: 'ScalingReplicaSet',
        message: `Scaled down replica set ${rs.metadata.name} to 0 from ${
          rs.spec?.replicas ?? 0
        }`,
        component: 'deployment-controller',
      });
    }
  }
  const labels = {
    ...(template.metadata?.labels ?? {}),
    'pod-template-hash': hash,
  };
  const rsSpec = {
    replicas: desired,
    selector: {
      ...(deployment.spec?.selector ?? {}),
      matchLabels: {
        ...(deployment.spec?.selector?.matchLabels ?? {}),
        'pod-template-hash': hash,
      },
    },
    template: {
      ...template,
      metadata: { ...(template.metadata ?? {}), labels },
    },
  };
  let rs = owned.find(r => r.metadata.name === rsName);
  const now = ctx.now();
  if (!rs) {
    rs = store.create(
      cluster,
      'replicasets.apps',
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace,
          labels,
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/revision': String(
              Number(
                deployment.metadata.annotations?.[
                  'deployment.kubernetes.io/revision'
                ] ?? 0,
              ) + 1,
            ),
          },
          ownerReferences: [controllerRef(deployment)],
        },
        spec: rsSpec,
      },
      { namespace },
    );
    emitEvent(ctx, cluster, deployment, {
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${rsName} to ${desired}`,
      component: 'deployment-controller',
    });
  } else if (!sameJson(rs.spec, rsSpec)) {
    const from = rs.spec?.replicas ?? 0;
    rs = store.update(
      cluster,
      'replicasets.apps',
      {
        ...rs,
        metadata: {
          ...rs.metadata,
          annotations: {
            ...(rs.metadata.annotations ?? {}),
            'deployment.kubernetes.io/desired-replicas': String(desired),
          },
        },
        spec: rsSpec,
      },
      { namespace },
    );
    if (from !== desired) {
      emitEvent(ctx, cluster, deployment, {
        reason: 'ScalingReplicaSet',
        message: `Scaled ${
          desired > from ? 'up' : 'down'
        } replica set ${rsName} to ${desired} from ${from}`,
        component: 'deployment-controller',
      });
    }
  }
  const revision =
    rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
  if (
    revision &&
    deployment.metadata.annotations?.['deployment.kubernetes.io/revision'] !==
      revision
  ) {
    store.update(
      cluster,
      'deployments.apps',
      {
        ...deployment,
        metadata: {
          ...deployment.metadata,
          annotations: {
            ...(deployment.metadata.annotations ?? {}),
            'deployment.kubernetes.io/revision': revision,
          },
        },
      },
      { namespace },
    );
  }

  const pods = store
    .list(cluster, 'pods', { namespace })
    .items.filter(
      p =>
        !p.metadata.deletionTimestamp &&
        !isTerminated(p) &&
        owned.some(r => ownedBy(p, r.metadata.uid)),
    );
  const updated = pods.filter(p => ownedBy(p, rs!.metadata.uid));
  const ready = pods.filter(isPodReady).length;
  const available = ready;
  const stamp = time(now);
  const fresh = store.get(cluster, 'deployments.apps', name, namespace);
  const conditions = [
    deploymentCondition(
      fresh.status?.conditions,
      available >= desired - maxUnavailable(deployment, desired)
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      stamp,
    ),
    deploymentCondition(
      fresh.status?.conditions,
      updated.length === desired &&
        pods.length === desired &&
        available >= desired
        ? {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
          }
        : {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          },
      stamp,
    ),
  ];
  // kube's getReplicaFailures: the new ReplicaSet's failure first, then any other's.
  const failed = [rs, ...owned.filter(r => r.metadata.uid !== rs!.metadata.uid)]
    .map(r =>
      (r.status?.conditions ?? []).find(
        (c: any) => c.type === 'ReplicaFailure',
      ),
    )
    .find(Boolean);
  if (failed) {
    conditions.push({
      type: 'ReplicaFailure',
      status: failed.status,
      lastUpdateTime: failed.lastTransitionTime,
      lastTransitionTime: failed.lastTransitionTime,
      reason: failed.reason,
      message: failed.message,
    });
  }
  const status: Record<string, unknown> = {
    observedGeneration: fresh.metadata.generation,
    replicas: pods.length,
    updatedReplicas: updated.length,
    readyReplicas: ready,
    availableReplicas: available,
    conditions,
  };
  if (pods.length - available > 0)
    status.unavailableReplicas = pods.length - available;
  for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas']) {
    if (status[k] === 0) delete status[k];
  }
  if (!sameJson(fresh.status, status)) {
    store.updateStatus(
      cluster,
      'deployments.apps',
      { ...fresh, status },
      { namespace },
    );
  }
}

// ------------------------------------------------------------------ ReplicaSet

/** Deletion order of pods on scale down: unscheduled, then pending, then not ready, then newest. */
function deletionRank(ctx: ControllerContext, pod: KubeObject): number[] {
  return [
    pod.spec?.nodeName ? 1 : 0,
    pod.status?.phase === 'Running' ? 1 : 0,
    isPodReady(pod) ? 1 : 0,
    -(ctx.podSeq.get(pod.metadata.uid!) ?? 0),
  ];
}

/** Reconciles a member ReplicaSet: creates or deletes pods to match its replicas; its status. @internal */
export function reconcileReplicaSet(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const rs = store.tryGet(cluster, 'replicasets.apps', name, namespace);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const desired: number = rs.spec?.replicas ?? 1;
  let pods = store
    .list(cluster, 'pods', { namespace })
    .items.filter(
      p =>
        ownedBy(p, rs.metadata.uid) &&
        !p.metadata.deletionTimestamp &&
        !isTerminated(p),
    );
  const template = rs.spec?.template ?? {};
  let createError: StatusError | undefined;
  for (let i = pods.length; i < desired; i++) {
    let pod: KubeObject;
    try {
      pod = store.create(
        cluster,
        'pods',
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${name}-`,
            namespace,
            labels: { ...(template.metadata?.labels ?? {}) },
            ...(template.metadata?.annotations
              ? { annotations: { ...template.metadata.annotations } }
              : {}),
            ownerReferences: [controllerRef(rs)],
          },
          spec: {
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            dnsPolicy: 'ClusterFirst',
            ...structuredClone(template.spec ?? {}),
            schedulerName: template.spec?.schedulerName ?? DEFAULT_SCHEDULER,
          },
          status: { phase: 'Pending', qosClass: qosClass(template.spec) },
        },
        { namespace, withStatus: true },
      );
    } catch (e) {
      // An admission refusal (quota, priority class): the ReplicaSet reports it and is
      // reconciled again when its cause changes (see KarmadaController's routing).
      if (!(e instanceof StatusError)) throw e;
      createError = e;
      emitEvent(ctx, cluster, rs, {
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating: ${e.message}`,
        component: 'replicaset-controller',
      });
      break;
    }
    ctx.podSeq.set(pod.metadata.uid!, ctx.counter());
    pods.push(pod);
    emitEvent(ctx, cluster, rs, {
      reason: 'SuccessfulCreate',
      message: `Created pod: ${pod.metadata.name}`,
      component: 'replicaset-controller',
    });
  }
  if (pods.length > desired) {
    const doomed = [...pods]
      .sort((a, b) => {
        const ra = deletionRank(ctx, a);
        const rb = deletionRank(ctx, b);
        for (let i = 0; i < ra.length; i++)
          if (ra[i] !== rb[i]) return ra[i] - rb[i];
        return a.metadata.name! < b.metadata.name! ? 1 : -1;
      })
      .slice(0, pods.length - desired);
    for (const pod of doomed) {
      store.delete(cluster, 'pods', pod.metadata.name!, { namespace });
      emitEvent(ctx, cluster, rs, {
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata.name}`,
        component: 'replicaset-controller',
      });
    }
    pods = pods.filter(p => !doomed.includes(p));
  }
  const ready = pods.filter(isPodReady).length;
  const status: Record<string, unknown> = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    observedGeneration: rs.metadata.generation,
  };
  if (ready > 0) {
    status.readyReplicas = ready;
    status.availableReplicas = ready;
  }
  const fresh = store.get(cluster, 'replicasets.apps', name, namespace);
  const failure = replicaFailure(
    fresh.status?.conditions,
    createError?.message,
    ctx.now(),
  );
  if (failure.length) status.conditions = failure;
  if (!sameJson(fresh.status, status)) {
    store.updateStatus(
      cluster,
      'replicasets.apps',
      { ...fresh, status },
      { namespace },
    );
  }
}

/**
 * The ReplicaSet's conditions after a sync, as kube's replica set controller sets them:
 * a failed pod create adds `ReplicaFailure=True`, reason `FailedCreate`, with the error
 * (kept, message included, while creates keep failing); a sync without error removes it.
 */
function replicaFailure(
  conditions: any[] | undefined,
  error: string | undefined,
  now: Date,
): any[] {
  const others = (conditions ?? []).filter(c => c.type !== 'ReplicaFailure');
  const current = (conditions ?? []).find(c => c.type === 'ReplicaFailure');
  if (!error) return others;
  return [
    ...others,
    current ?? {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: time(now),
      reason: 'FailedCreate',
      message: error,
    },
  ];
}

/** Keys of a member's ReplicaSets that failed to create pods (in one namespace, or all). @internal */
export function failedReplicaSetKeys(
  ctx: ControllerContext,
  cluster: string,
  namespace?: string,
): string[] {
  return ctx.store
    .list(cluster, 'replicasets.apps', namespace ? { namespace } : {})
    .items.filter(rs => conditionStatus(rs, 'ReplicaFailure') === 'True')
    .map(rs =>
      memberKey('rs', cluster, rs.metadata.namespace!, rs.metadata.name!),
    );
}

function qosClass(podSpec: any): string {
  const containers: any[] = podSpec?.containers ?? [];
  const anySet = containers.some(
    c =>
      Object.keys(c?.resources?.requests ?? {}).length > 0 ||
      Object.keys(c?.resources?.limits ?? {}).length > 0,
  );
  if (!anySet) return 'BestEffort';
  const guaranteed = containers.every(c => {
    const limits = c?.resources?.limits ?? {};
    const requests = { ...limits, ...(c?.resources?.requests ?? {}) };
    return ['cpu', 'memory'].every(
      r => limits[r] !== undefined && String(limits[r]) === String(requests[r]),
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

// ------------------------------------------------------------------ Pod scheduling

function nodeReady(node: KubeObject): boolean {
  return conditionStatus(node, 'Ready') === 'True' && !node.spec?.unschedulable;
}

function matchExpression(
  expr: any,
  labels: Record<string, string> = {},
): boolean {
  const value = labels[expr?.key];
  const values: string[] = expr?.values ?? [];
  switch (expr?.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** `nodeSelector` plus required node affinity (terms ORed, expressions ANDed). */
function matchesNodeAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v))
    return false;
  const terms: any[] =
    pod.spec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  return terms.some(term =>
    (term?.matchExpressions ?? []).every((e: any) =>
      matchExpression(e, labels),
    ),
  );
}

interface NodeFit {
  node: KubeObject;
  reasons: string[];
  score: number;
}

/** The pods' requests per node, and pod counts. */
function nodeUsage(pods: KubeObject[]) {
  const usage = new Map<
    string,
    { requests: Record<string, number>; pods: number }
  >();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || isTerminated(p) || p.metadata.deletionTimestamp) continue;
    const u = usage.get(node) ?? { requests: {}, pods: 0 };
    for (const [k, v] of Object.entries(podRequests(p.spec)))
      u.requests[k] = (u.requests[k] ?? 0) + v;
    u.pods++;
    usage.set(node, u);
  }
  return usage;
}

function q(v: unknown): number {
  try {
    return v === undefined ? 0 : parseQuantity(v as string);
  } catch {
    return 0;
  }
}

function fitNode(
  pod: KubeObject,
  node: KubeObject,
  used: { requests: Record<string, number>; pods: number } | undefined,
): NodeFit {
  const reasons: string[] = [];
  if (!nodeReady(node)) {
    reasons.push('node(s) were not ready');
    return { node, reasons, score: 0 };
  }
  const taint = (node.spec?.taints ?? []).find(
    (t: any) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !(pod.spec?.tolerations ?? []).some((tol: any) => toleratesTaint(tol, t)),
  );
  if (taint) {
    reasons.push(
      `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
    );
  }
  if (!matchesNodeAffinity(pod, node)) {
    reasons.push("node(s) didn't match Pod's node affinity/selector");
  }
  const allocatable = node.status?.allocatable ?? {};
  const request = podRequests(pod.spec);
  if ((used?.pods ?? 0) + 1 > q(allocatable.pods ?? 110))
    reasons.push('Too many pods');
  let score = 0;
  for (const [resource, amount] of Object.entries(request)) {
    if (amount <= 0) continue;
    const total = q(allocatable[resource]);
    const after = (used?.requests[resource] ?? 0) + amount;
    if (after > total + 1e-9) reasons.push(`Insufficient ${resource}`);
    else if (resource === 'cpu' || resource === 'memory')
      score += (total - after) / total;
  }
  return { node, reasons, score };
}

/**
 * kube-scheduler's `FitError.Error()`: a PreFilter's reason (`preFilter`) stands alone,
 * else the Filter reasons counted over the nodes.
 */
function unschedulableMessage(
  total: number,
  fits: NodeFit[],
  preFilter?: string,
): string {
  const counts = new Map<string, number>();
  for (const f of fits)
    for (const r of f.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([r, n]) => `${n} ${r}`);
  return `0/${total} nodes are available: ${
    preFilter ?? parts.join(', ')
  }. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}

/** Model load time of a pod: its annotation, else the controller's default. */
function modelLoadMs(ctx: ControllerContext, pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[MODEL_LOAD_ANNOTATION];
  const n = raw === undefined ? NaN : Number(raw);
  if (Number.isFinite(n) && n >= 0) return n;
  if (!ctx.modelLoadMsPerGiB) return ctx.modelLoadMs;
  const memory = (pod.spec?.containers ?? []).reduce(
    (sum: number, c: any) => sum + q(c.resources?.requests?.memory),
    0,
  );
  return Math.round(
    ctx.modelLoadMs + (ctx.modelLoadMsPerGiB * memory) / 2 ** 30,
  );
}

/**
 * Keys of the member's pods that wait for a node, or on their node for a volume to
 * attach (phase Pending). @internal
 */
export function pendingPodKeys(
  ctx: ControllerContext,
  cluster: string,
): string[] {
  return ctx.store
    .list(cluster, 'pods')
    .items.filter(
      p =>
        (!p.spec?.nodeName || p.status?.phase === 'Pending') &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    )
    .map(p =>
      memberKey('pod', cluster, p.metadata.namespace!, p.metadata.name!),
    );
}

function podIp(ctx: ControllerContext): string {
  const n = ctx.counter();
  return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

/** Reconciles a member pod: schedules it, starts it, and makes it Ready after the model load. @internal */
export function reconcilePod(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  const { store } = ctx;
  const pod = store.tryGet(cluster, 'pods', name, namespace);
  if (!pod || pod.metadata.deletionTimestamp || isTerminated(pod)) {
    // A pod gone or going: the disruption controller recounts the namespace's budgets.
    syncDisruptionBudgets(ctx, cluster, namespace);
    return;
  }
  if (!pod.spec?.nodeName) schedulePod(ctx, cluster, pod);
  else if (pod.status?.phase !== 'Running') startPod(ctx, cluster, pod);
  else if (!isPodReady(pod)) readyPod(ctx, cluster, pod);
  syncDisruptionBudgets(ctx, cluster, namespace);
}

/** A pod the scheduler cannot place: a FailedScheduling event and PodScheduled=False. */
function unschedulable(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
  scheduler: string,
  message: string,
) {
  emitEvent(ctx, cluster, pod, {
    type: 'Warning',
    reason: 'FailedScheduling',
    message,
    component: scheduler,
  });
  setPodStatus(ctx, cluster, pod, {
    phase: 'Pending',
    qosClass: pod.status?.qosClass,
    conditions: [
      keepTime(pod, {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastProbeTime: null,
        lastTransitionTime: time(ctx.now()),
      }),
    ],
  });
}

function schedulePod(ctx: ControllerContext, cluster: string, pod: KubeObject) {
  const { store } = ctx;
  const namespace = pod.metadata.namespace!;
  const scheduler: string = pod.spec?.schedulerName ?? DEFAULT_SCHEDULER;
  const clusterScheduler = store.tryGet(
    CONTROL_PLANE,
    'clusters.cluster.karmada.io',
    cluster,
  )?.metadata.labels?.scheduler;
  if (scheduler !== DEFAULT_SCHEDULER && scheduler !== clusterScheduler) {
    const running = [
      DEFAULT_SCHEDULER,
      ...(clusterScheduler && clusterScheduler !== DEFAULT_SCHEDULER
        ? [clusterScheduler]
        : []),
    ];
    emitEvent(ctx, cluster, pod, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message: `no scheduler named "${scheduler}" runs in cluster ${cluster} (running: ${running.join(
        ', ',
      )}); the pod stays Pending`,
      component: 'karmada-sim',
    });
    setPodStatus(ctx, cluster, pod, {
      phase: 'Pending',
      qosClass: pod.status?.qosClass,
    });
    return;
  }
  const nodes = store
    .list(cluster, 'nodes')
    .items.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  // VolumeBinding's PreFilter: claims missing or not bound (Immediate classes).
  const volumes = volumeBindingError(ctx, cluster, pod);
  if (volumes) {
    unschedulable(
      ctx,
      cluster,
      pod,
      scheduler,
      unschedulableMessage(nodes.length, [], volumes),
    );
    return;
  }
  const pods = store.list(cluster, 'pods').items;
  const usage = nodeUsage(pods);
  const fits = nodes.map(n => {
    const fit = fitNode(pod, n, usage.get(n.metadata.name!));
    // InterPodAffinity's Filter, then PodTopologySpread's soft score.
    const affinity = interPodAffinityReason(pod, n, nodes, pods);
    if (affinity) fit.reasons.push(affinity);
    fit.score -= spreadPenalty(pod, n, nodes, pods);
    return fit;
  });
  // VolumeRestrictions' Filter: a ReadWriteOncePod claim another pod uses (on the nodes
  // the earlier filters passed; kube stops at a node's first failing filter).
  const rwop = readWriteOncePodConflict(ctx, cluster, pod);
  if (rwop)
    for (const f of fits) if (f.reasons.length === 0) f.reasons.push(rwop);
  const best = fits
    .filter(f => f.reasons.length === 0)
    .sort((a, b) => b.score - a.score)[0];
  if (!best) {
    unschedulable(
      ctx,
      cluster,
      pod,
      scheduler,
      unschedulableMessage(nodes.length, fits),
    );
    return;
  }
  // VolumeBinding's PreBind: WaitForFirstConsumer claims are provisioned now.
  const binding = bindClaimsForPod(ctx, cluster, pod);
  if (binding) {
    unschedulable(
      ctx,
      cluster,
      store.get(cluster, 'pods', pod.metadata.name!, namespace),
      scheduler,
      unschedulableMessage(nodes.length, [], binding),
    );
    return;
  }
  const nodeName = best.node.metadata.name!;
  const bound = store.update(
    cluster,
    'pods',
    { ...pod, spec: { ...pod.spec, nodeName } },
    { namespace },
  );
  emitEvent(ctx, cluster, bound, {
    reason: 'Scheduled',
    message: `Successfully assigned ${namespace}/${pod.metadata.name} to ${nodeName}`,
    component: scheduler,
  });
  startPod(ctx, cluster, bound);
}

function keepTime(pod: KubeObject, condition: any) {
  const old = (pod.status?.conditions ?? []).find(
    (c: any) => c.type === condition.type,
  );
  return old && old.status === condition.status
    ? { ...condition, lastTransitionTime: old.lastTransitionTime }
    : condition;
}

function setPodStatus(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
  status: any,
) {
  if (sameJson(pod.status, status)) return;
  ctx.store.updateStatus(
    cluster,
    'pods',
    { ...pod, status },
    { namespace: pod.metadata.namespace },
  );
}

function containerStatuses(pod: KubeObject, ready: boolean, startedAt: string) {
  return (pod.spec?.containers ?? []).map((c: any) => ({
    name: c.name,
    image: c.image,
    imageID: `${c.image}@sha256:${shortHash(c.image, 10)}`,
    containerID: `containerd://${shortHash(
      `${pod.metadata.uid}/${c.name}`,
      10,
    )}`,
    ready,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
  }));
}

/**
 * A pod whose volume cannot attach (Multi-Attach): it stays Pending on its node with its
 * containers waiting in `ContainerCreating`, as the kubelet reports it while the volume
 * manager waits, and the attach/detach controller's `FailedAttachVolume` event.
 */
function waitForAttach(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
  message: string,
) {
  const stamp = time(ctx.now());
  const node = pod.spec.nodeName;
  emitEvent(ctx, cluster, pod, {
    type: 'Warning',
    reason: 'FailedAttachVolume',
    message,
    component: 'attachdetach-controller',
  });
  const names = (pod.spec?.containers ?? []).map((c: any) => c.name).join(' ');
  const notReady = {
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${names}]`,
    lastProbeTime: null,
  };
  const conditions = [
    { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null },
    { type: 'Initialized', status: 'True', lastProbeTime: null },
    { type: 'Ready', ...notReady },
    { type: 'ContainersReady', ...notReady },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null },
  ].map(c => keepTime(pod, { ...c, lastTransitionTime: stamp }));
  setPodStatus(ctx, cluster, pod, {
    phase: 'Pending',
    qosClass: pod.status?.qosClass ?? qosClass(pod.spec),
    hostIP: hostIp(node),
    startTime: pod.status?.startTime ?? stamp,
    conditions,
    containerStatuses: (pod.spec?.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
    })),
  });
}

function hostIp(node: string): string {
  return `192.168.${shortHash(node, 2).charCodeAt(0) % 250}.${
    shortHash(node, 2).charCodeAt(1) % 250
  }`;
}

function startPod(ctx: ControllerContext, cluster: string, pod: KubeObject) {
  const attach = multiAttachError(ctx, cluster, pod);
  if (attach) {
    waitForAttach(ctx, cluster, pod, attach);
    return;
  }
  const now = ctx.now();
  const stamp = time(now);
  const node = pod.spec.nodeName;
  ctx.podStarted.set(pod.metadata.uid!, now.getTime());
  for (const c of pod.spec?.containers ?? []) {
    emitEvent(ctx, cluster, pod, {
      reason: 'Pulled',
      message: `Container image "${c.image}" already present on machine`,
      component: 'kubelet',
      host: node,
      fieldPath: `spec.containers{${c.name}}`,
    });
    emitEvent(ctx, cluster, pod, {
      reason: 'Created',
      message: `Created container ${c.name}`,
      component: 'kubelet',
      host: node,
      fieldPath: `spec.containers{${c.name}}`,
    });
    emitEvent(ctx, cluster, pod, {
      reason: 'Started',
      message: `Started container ${c.name}`,
      component: 'kubelet',
      host: node,
      fieldPath: `spec.containers{${c.name}}`,
    });
  }
  const loadMs = modelLoadMs(ctx, pod);
  const status = {
    phase: 'Running',
    qosClass: pod.status?.qosClass ?? qosClass(pod.spec),
    hostIP: hostIp(node),
    podIP: pod.status?.podIP ?? podIp(ctx),
    startTime: pod.status?.startTime ?? stamp,
    conditions: [
      {
        type: 'PodReadyToStartContainers',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: stamp,
      },
      {
        type: 'Initialized',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: stamp,
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${(
          pod.spec?.containers ?? []
        )
          .map((c: any) => c.name)
          .join(' ')}]`,
        lastProbeTime: null,
        lastTransitionTime: stamp,
      },
      {
        type: 'ContainersReady',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${(
          pod.spec?.containers ?? []
        )
          .map((c: any) => c.name)
          .join(' ')}]`,
        lastProbeTime: null,
        lastTransitionTime: stamp,
      },
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: stamp,
      },
    ],
    containerStatuses: containerStatuses(pod, false, stamp),
  };
  const fresh = ctx.store.get(
    cluster,
    'pods',
    pod.metadata.name!,
    pod.metadata.namespace,
  );
  setPodStatus(ctx, cluster, fresh, status);
  if (loadMs > 0) {
    emitEvent(ctx, cluster, pod, {
      type: 'Warning',
      reason: 'Unhealthy',
      message:
        'Readiness probe failed: HTTP probe failed with statuscode: 503 (model loading)',
      component: 'kubelet',
      host: node,
      fieldPath: `spec.containers{${pod.spec?.containers?.[0]?.name ?? ''}}`,
    });
  }
  readyPod(
    ctx,
    cluster,
    ctx.store.get(cluster, 'pods', pod.metadata.name!, pod.metadata.namespace),
  );
}

function readyPod(ctx: ControllerContext, cluster: string, pod: KubeObject) {
  const loadMs = modelLoadMs(ctx, pod);
  const started =
    ctx.podStarted.get(pod.metadata.uid!) ??
    (pod.status?.startTime
      ? Date.parse(pod.status.startTime)
      : ctx.now().getTime());
  const readyAt = started + loadMs;
  const now = ctx.now();
  if (now.getTime() < readyAt) {
    ctx.enqueueAt(
      memberKey('pod', cluster, pod.metadata.namespace!, pod.metadata.name!),
      readyAt,
    );
    return;
  }
  const stamp = time(now);
  const startedAt = pod.status?.startTime ?? stamp;
  const conditions = (pod.status?.conditions ?? []).map((c: any) =>
    c.type === 'Ready' || c.type === 'ContainersReady'
      ? {
          type: c.type,
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: stamp,
        }
      : c,
  );
  setPodStatus(ctx, cluster, pod, {
    ...pod.status,
    conditions,
    containerStatuses: containerStatuses(pod, true, startedAt),
  });
  emitEvent(ctx, cluster, pod, {
    reason: 'Ready',
    message: `Container ${
      pod.spec?.containers?.[0]?.name ?? ''
    } passed its readiness probe after a simulated model load of ${loadMs} ms`,
    component: 'kubelet',
    host: pod.spec?.nodeName,
  });
}

// ------------------------------------------------------------------ PVC

/** Binds a member PVC through its StorageClass, or leaves it Pending (`storage.ts`). @internal */
export function reconcilePvc(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  reconcileClaim(ctx, cluster, namespace, name);
}
