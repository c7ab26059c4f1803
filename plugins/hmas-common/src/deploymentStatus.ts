import type { KubeCondition } from './kubernetes/objects';
/**
 * Where a model deployment is on its way to serving: `pending` (Karmada has not bound it yet),
 * `unschedulable`, `scheduled` (clusters chosen), `applied` (objects in the member clusters),
 * `loading-model` (pods running, probes not passing yet, or Karmada not yet reporting every
 * cluster's workload Healthy), `ready` (every replica passes its readiness probe and Karmada
 * reports the workload Healthy on every cluster), `failed`.
 *
 * @public
 */
export type DeploymentPhase =
  | 'pending'
  | 'unschedulable'
  | 'scheduled'
  | 'applied'
  | 'loading-model'
  | 'ready'
  | 'failed';

/** The phases in progress order, for a progress view. @public */
export const deploymentPhases: DeploymentPhase[] = [
  'pending',
  'scheduled',
  'applied',
  'loading-model',
  'ready',
];

/** One member cluster's share of a deployment. @public */
export interface ClusterPlacementStatus {
  cluster: string;
  /** Replicas Karmada assigned to the cluster. */
  replicas: number;
  /** Pods whose readiness probe passes. */
  readyReplicas: number;
  /** Pods that exist and run (ready or still loading the model). */
  runningReplicas: number;
  applied: boolean;
  health: 'Healthy' | 'Unhealthy' | 'Unknown';
  message?: string;
}

/** @public */
export interface DeploymentStatus {
  phase: DeploymentPhase;
  message: string;
  replicas: number;
  readyReplicas: number;
  clusters: ClusterPlacementStatus[];
}

/** The parts of a ResourceBinding the status reads. @public */
export interface BindingLike {
  spec?: { clusters?: Array<{ name: string; replicas?: number }> };
  status?: {
    conditions?: KubeCondition[];
    aggregatedStatus?: Array<{
      clusterName: string;
      applied?: boolean;
      appliedMessage?: string;
      health?: string;
      /** The member workload's own status, as Karmada collects it. */
      status?: { replicas?: number; readyReplicas?: number };
    }>;
  };
}

/** The parts of a pod the status reads. @public */
export interface PodLike {
  status?: {
    phase?: string;
    conditions?: KubeCondition[];
    containerStatuses?: Array<{
      ready?: boolean;
      restartCount?: number;
      state?: { waiting?: { reason?: string; message?: string } };
    }>;
  };
}

const isReady = (pod: PodLike) =>
  pod.status?.conditions?.some(
    c => c.type === 'Ready' && c.status === 'True',
  ) ?? false;

const failureReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
]);

/**
 * The clusters whose pods must be read to explain a deployment's state: those whose member
 * workload, as Karmada reports it, has fewer ready replicas than assigned. A fully ready
 * cluster needs no pod read.
 *
 * @public
 */
export function clustersNeedingPods(
  binding: BindingLike | undefined,
): string[] {
  const aggregated = new Map(
    (binding?.status?.aggregatedStatus ?? []).map(a => [a.clusterName, a]),
  );
  return (binding?.spec?.clusters ?? [])
    .filter(c => {
      const ready = aggregated.get(c.name)?.status?.readyReplicas;
      return ready === undefined || ready < (c.replicas ?? 0);
    })
    .map(c => c.name);
}

/**
 * Derives a deployment's status from Karmada's ResourceBinding and the pods in each member
 * cluster. Never `ready` before every desired replica's readiness probe passes: a cluster's
 * ready count comes from its pods' Ready condition or, for a cluster whose pods were not read
 * (see {@link clustersNeedingPods}), from the member Deployment's `readyReplicas`, which
 * counts the same condition. Nor `ready` while Karmada reports a cluster's workload other
 * than Healthy: pods are read after the binding, so they can be ahead of Karmada's
 * aggregated status (or a Deployment may count ready pods that are not yet available);
 * `ready` is only said when both agree, so a ready status never carries an unhealthy cluster.
 *
 * @public
 */
export function deploymentStatus(input: {
  desiredReplicas: number;
  binding?: BindingLike;
  /** Pods per cluster; a cluster left out was not read. */
  podsByCluster: Record<string, PodLike[] | undefined>;
  /**
   * Member clusters Karmada does not report Ready, with why: what Karmada last collected
   * from them is stale, so their replicas count as not ready and their health as Unknown.
   */
  notReadyClusters?: Record<string, string>;
}): DeploymentStatus {
  const status = statusOf(input);
  const down = status.clusters.filter(
    c => c.replicas > 0 && input.notReadyClusters?.[c.cluster] !== undefined,
  );
  if (down.length === 0 || status.phase === 'ready') return status;
  return {
    ...status,
    message: `${status.message}; ${down
      .map(
        c =>
          `cluster ${c.cluster} is not ready (${
            input.notReadyClusters![c.cluster]
          }): the state of its ${c.replicas} replica(s) is unknown`,
      )
      .join('; ')}`,
  };
}

function statusOf(
  input: Parameters<typeof deploymentStatus>[0],
): DeploymentStatus {
  const { binding, podsByCluster, desiredReplicas } = input;
  const notReady = input.notReadyClusters ?? {};
  const scheduled = binding?.status?.conditions?.find(
    c => c.type === 'Scheduled',
  );
  const aggregated = new Map(
    (binding?.status?.aggregatedStatus ?? []).map(a => [a.clusterName, a]),
  );
  const clusters: ClusterPlacementStatus[] = (
    binding?.spec?.clusters ?? []
  ).map((c): ClusterPlacementStatus => {
    const item = aggregated.get(c.name);
    if (notReady[c.name] !== undefined) {
      return {
        cluster: c.name,
        replicas: c.replicas ?? 0,
        readyReplicas: 0,
        runningReplicas: 0,
        applied: item?.applied ?? false,
        health: 'Unknown',
        message: `cluster not ready: ${notReady[c.name]}`,
      };
    }
    const read = podsByCluster[c.name];
    if (read === undefined && item?.status?.readyReplicas !== undefined) {
      return {
        cluster: c.name,
        replicas: c.replicas ?? 0,
        readyReplicas: item.status.readyReplicas,
        runningReplicas: item.status.replicas ?? item.status.readyReplicas,
        applied: item.applied ?? false,
        health: (item.health as ClusterPlacementStatus['health']) ?? 'Unknown',
        message: item.appliedMessage,
      };
    }
    const pods = read ?? [];
    const waiting = pods
      .flatMap(p => p.status?.containerStatuses ?? [])
      .map(s => s.state?.waiting)
      .find(w => w?.reason && failureReasons.has(w.reason));
    const unschedulable = pods
      .flatMap(p => p.status?.conditions ?? [])
      .find(cond => cond.type === 'PodScheduled' && cond.status === 'False');
    return {
      cluster: c.name,
      replicas: c.replicas ?? 0,
      readyReplicas: pods.filter(isReady).length,
      runningReplicas: pods.filter(p => p.status?.phase === 'Running').length,
      applied: item?.applied ?? false,
      health: (item?.health as ClusterPlacementStatus['health']) ?? 'Unknown',
      message: waiting
        ? `${waiting.reason}: ${waiting.message ?? ''}`.trim()
        : unschedulable?.message ?? item?.appliedMessage,
    };
  });
  const readyReplicas = clusters.reduce(
    (n, c) => n + Math.min(c.readyReplicas, c.replicas),
    0,
  );
  const base = { replicas: desiredReplicas, readyReplicas, clusters };

  if (!binding || !scheduled) {
    return {
      ...base,
      phase: 'pending',
      message: 'Waiting for Karmada to schedule the deployment',
    };
  }
  if (scheduled.status !== 'True') {
    return {
      ...base,
      phase: 'unschedulable',
      message:
        scheduled.message ??
        scheduled.reason ??
        'No cluster fits the deployment',
    };
  }
  const failed = clusters.find(
    c => c.message && /BackOff|ErrImagePull|ConfigError/.test(c.message),
  );
  if (failed) {
    return {
      ...base,
      phase: 'failed',
      message: `${failed.cluster}: ${failed.message}`,
    };
  }
  const names = clusters.map(c => c.cluster).join(', ');
  if (clusters.length === 0 || clusters.some(c => !c.applied)) {
    return {
      ...base,
      phase: 'scheduled',
      message: `Scheduled on ${names || 'no cluster yet'}; applying`,
    };
  }
  const notHealthy = clusters
    .filter(c => c.replicas > 0 && c.health !== 'Healthy')
    .map(c => c.cluster);
  if (desiredReplicas > 0 && readyReplicas >= desiredReplicas) {
    if (notHealthy.length === 0) {
      return {
        ...base,
        phase: 'ready',
        message: `${readyReplicas}/${desiredReplicas} replicas ready on ${names}`,
      };
    }
    return {
      ...base,
      phase: 'loading-model',
      message: `${readyReplicas}/${desiredReplicas} replicas ready; waiting for Karmada to report ${notHealthy.join(
        ', ',
      )} healthy`,
    };
  }
  const running = clusters.reduce((n, c) => n + c.runningReplicas, 0);
  if (running > 0) {
    return {
      ...base,
      phase: 'loading-model',
      message: `${readyReplicas}/${desiredReplicas} replicas ready; the others are loading the model`,
    };
  }
  const pendingReason = clusters.find(c => c.message)?.message;
  return {
    ...base,
    phase: 'applied',
    message: pendingReason ?? `Applied to ${names}; waiting for pods to start`,
  };
}
