import { KubeObject } from '../types';
import { Taint, findUntoleratedTaint, toleratesTaint } from './selectors';

/** Taint key Karmada puts on a cluster whose Ready condition is False. @public */
export const TAINT_CLUSTER_NOT_READY = 'cluster.karmada.io/not-ready';
/** Taint key Karmada puts on a cluster whose Ready condition is Unknown. @public */
export const TAINT_CLUSTER_UNREACHABLE = 'cluster.karmada.io/unreachable';

/** Default of `failover.application.decisionConditions.tolerationSeconds`. @public */
export const DEFAULT_TOLERATION_SECONDS = 300;
/** Default of `failover.application.gracePeriodSeconds`. @public */
export const DEFAULT_GRACE_PERIOD_SECONDS = 600;

function readyCondition(cluster: KubeObject): any | undefined {
  return (cluster.status?.conditions ?? []).find(
    (c: any) => c?.type === 'Ready',
  );
}

/**
 * When the cluster's Ready condition turned False or Unknown (its `lastTransitionTime`),
 * or undefined while it is ready or was never observed.
 * @public
 */
export function clusterFailedSince(cluster: KubeObject): Date | undefined {
  const ready = readyCondition(cluster);
  if (!ready || ready.status === 'True') return undefined;
  const since = ready.lastTransitionTime
    ? new Date(ready.lastTransitionTime)
    : undefined;
  return since && !isNaN(since.getTime()) ? since : undefined;
}

/**
 * The taints Karmada's cluster controller keeps on a cluster for its readiness:
 * `cluster.karmada.io/not-ready` for Ready=False (and for a cluster not yet observed, as
 * new clusters start not ready), `cluster.karmada.io/unreachable` for Ready=Unknown, each
 * with `NoSchedule`, plus `NoExecute` when cluster failover is enabled (so the taint
 * manager evicts workloads that do not tolerate it). A ready cluster gets none.
 * @public
 */
export function taintsForClusterReadiness(
  cluster: KubeObject,
  options: { failover?: boolean; now?: Date } = {},
): Taint[] {
  const ready = readyCondition(cluster);
  if (ready?.status === 'True') return [];
  const key =
    ready?.status === 'Unknown'
      ? TAINT_CLUSTER_UNREACHABLE
      : TAINT_CLUSTER_NOT_READY;
  const timeAdded = (options.now ?? clusterFailedSince(cluster))
    ?.toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const effects = options.failover
    ? ['NoSchedule', 'NoExecute']
    : ['NoSchedule'];
  return effects.map(effect => ({
    key,
    effect,
    ...(timeAdded ? { timeAdded } : {}),
  }));
}

/**
 * `spec.taints` for a cluster after reconciling its readiness taints: stale Karmada
 * readiness taints are dropped, current ones added (an existing one keeps its
 * `timeAdded`), all other taints are kept in order. Does not mutate the cluster.
 * @public
 */
export function reconcileReadinessTaints(
  cluster: KubeObject,
  options: { failover?: boolean; now?: Date } = {},
): Taint[] {
  const existing: Taint[] = cluster.spec?.taints ?? [];
  const wanted = taintsForClusterReadiness(cluster, options);
  const isReadiness = (t: Taint) =>
    t.key === TAINT_CLUSTER_NOT_READY || t.key === TAINT_CLUSTER_UNREACHABLE;
  const kept = existing.filter(
    t =>
      !isReadiness(t) ||
      wanted.some(w => w.key === t.key && w.effect === t.effect),
  );
  const added = wanted.filter(
    w => !kept.some(t => t.key === w.key && t.effect === w.effect),
  );
  return [...kept.map(t => ({ ...t })), ...added];
}

/** Application failover settings of a policy with Karmada's defaults filled in. @public */
export interface ApplicationFailoverSettings {
  tolerationSeconds: number;
  purgeMode: 'Directly' | 'Gracefully' | 'Never';
  gracePeriodSeconds: number;
}

/**
 * The policy's `spec.failover.application` with defaults, or undefined when the policy
 * does not ask for application failover.
 * @public
 */
export function applicationFailoverSettings(
  policy: KubeObject | undefined,
): ApplicationFailoverSettings | undefined {
  const app = policy?.spec?.failover?.application;
  if (!app) return undefined;
  return {
    tolerationSeconds:
      app.decisionConditions?.tolerationSeconds ?? DEFAULT_TOLERATION_SECONDS,
    purgeMode: app.purgeMode ?? 'Gracefully',
    gracePeriodSeconds: app.gracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS,
  };
}

/** Why (and whether) replicas on a cluster should be evicted. @public */
export interface EvictionDecision {
  evict: boolean;
  reason?: 'ApplicationFailure' | 'TaintUntolerated';
  message: string;
}

/**
 * Decides whether a policy's replicas on `cluster` should be evicted at `now`:
 * application failover evicts once the cluster (or, when given, the application on it:
 * `unhealthySince`) has been failing for `tolerationSeconds` (default 300); cluster
 * failover evicts when the cluster carries a `NoExecute` taint that the placement's
 * `clusterTolerations` do not tolerate, or tolerate only for `tolerationSeconds` that
 * have elapsed since the taint was added.
 * @public
 */
export function evictionDecision(input: {
  cluster: KubeObject;
  policy: KubeObject | undefined;
  now: Date;
  unhealthySince?: Date;
}): EvictionDecision {
  const { cluster, policy, now } = input;
  const name = cluster.metadata.name;
  const settings = applicationFailoverSettings(policy);
  const failedSince = input.unhealthySince ?? clusterFailedSince(cluster);
  if (settings && failedSince) {
    const elapsed = (now.getTime() - failedSince.getTime()) / 1000;
    if (elapsed >= settings.tolerationSeconds) {
      return {
        evict: true,
        reason: 'ApplicationFailure',
        message: `application on cluster ${name} has been unhealthy for ${Math.floor(
          elapsed,
        )}s (tolerationSeconds ${settings.tolerationSeconds})`,
      };
    }
  }
  const taints: Taint[] = cluster.spec?.taints ?? [];
  const tolerations = policy?.spec?.placement?.clusterTolerations ?? [];
  const untolerated = findUntoleratedTaint(taints, tolerations, ['NoExecute']);
  if (untolerated) {
    return {
      evict: true,
      reason: 'TaintUntolerated',
      message: `cluster ${name} has taint ${untolerated.key}:${untolerated.effect} that the policy does not tolerate`,
    };
  }
  for (const taint of taints.filter(t => t.effect === 'NoExecute')) {
    const bounded = tolerations.filter(
      (t: any) =>
        toleratesTaint(t, taint) && typeof t.tolerationSeconds === 'number',
    );
    // The longest matching toleration wins; an unbounded one tolerates forever.
    if (
      bounded.length === 0 ||
      tolerations.some(
        (t: any) =>
          toleratesTaint(t, taint) && t.tolerationSeconds === undefined,
      )
    ) {
      continue;
    }
    const seconds = Math.max(...bounded.map((t: any) => t.tolerationSeconds));
    const added = taint.timeAdded
      ? new Date(taint.timeAdded).getTime()
      : now.getTime();
    if ((now.getTime() - added) / 1000 >= seconds) {
      return {
        evict: true,
        reason: 'TaintUntolerated',
        message: `cluster ${name} has had taint ${taint.key}:${taint.effect} for longer than the tolerated ${seconds}s`,
      };
    }
  }
  return { evict: false, message: `no reason to evict from cluster ${name}` };
}

/**
 * Whether the policy's replicas on `cluster` should be evicted at `now`; see
 * {@link evictionDecision}.
 * @public
 */
export function shouldEvict(input: {
  cluster: KubeObject;
  policy: KubeObject | undefined;
  now: Date;
  unhealthySince?: Date;
}): boolean {
  return evictionDecision(input).evict;
}
