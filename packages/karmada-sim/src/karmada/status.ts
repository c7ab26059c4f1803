import { KubeObject } from '../types';

/** A `metav1.Condition`. @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** Health of a workload in a member cluster, as Karmada reports it. @public */
export type WorkloadHealth = 'Healthy' | 'Unhealthy' | 'Unknown';

/** One entry of `ResourceBinding.status.aggregatedStatus`. @public */
export interface AggregatedStatusItem {
  clusterName: string;
  applied: boolean;
  appliedMessage?: string;
  health: WorkloadHealth;
  status?: Record<string, unknown>;
}

/** Karmada's message for a successful schedule. @public */
export const SCHEDULED_SUCCESS_MESSAGE =
  'Binding has been scheduled successfully.';

/** metav1.Time is RFC 3339 with whole seconds. @public */
export function toKubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The `Scheduled` condition for a scheduler result: True/`Success`, or False with
 * `NoClusterFit` / `Unschedulable` and the scheduler's message.
 * @public
 */
export function scheduledCondition(
  result: { ok: boolean; reason: string; message: string },
  now: Date,
  observedGeneration?: number,
): Condition {
  return {
    type: 'Scheduled',
    status: result.ok ? 'True' : 'False',
    reason: result.reason,
    message:
      result.message || (result.ok ? SCHEDULED_SUCCESS_MESSAGE : result.reason),
    lastTransitionTime: toKubeTime(now),
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}

/**
 * The `FullyApplied` condition: True (`FullyAppliedSuccess`) when every scheduled
 * cluster reports its work applied, False (`FullyAppliedFailed`) otherwise — including
 * while nothing is scheduled yet.
 * @public
 */
export function fullyAppliedCondition(
  scheduledClusters: Array<string | { name: string }>,
  aggregatedStatus: AggregatedStatusItem[],
  now: Date,
): Condition {
  const names = scheduledClusters.map(c =>
    typeof c === 'string' ? c : c.name,
  );
  const pending = names.filter(
    name => !aggregatedStatus.some(s => s.clusterName === name && s.applied),
  );
  const ok = names.length > 0 && pending.length === 0;
  return {
    type: 'FullyApplied',
    status: ok ? 'True' : 'False',
    reason: ok ? 'FullyAppliedSuccess' : 'FullyAppliedFailed',
    message: fullyAppliedMessage(ok, names.length, pending),
    lastTransitionTime: toKubeTime(now),
  };
}

function fullyAppliedMessage(
  ok: boolean,
  scheduled: number,
  pending: string[],
): string {
  if (ok) return 'All works have been successfully applied';
  if (scheduled === 0) return 'No cluster is scheduled yet';
  return `Failed to apply all works, see status.aggregatedStatus for details (not applied: ${pending.join(
    ', ',
  )})`;
}

/**
 * Puts a condition into a list like `meta.SetStatusCondition`: replaces the one of the
 * same type, keeping its `lastTransitionTime` when the status did not change. Returns a
 * new list.
 * @public
 */
export function setCondition(
  conditions: Condition[] | undefined,
  next: Condition,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex(c => c.type === next.type);
  if (i < 0) return [...list, next];
  const keepTime = list[i].status === next.status;
  list[i] = {
    ...next,
    lastTransitionTime: keepTime
      ? list[i].lastTransitionTime
      : next.lastTransitionTime,
  };
  return list;
}

/**
 * One `aggregatedStatus` entry, with optional fields left out rather than empty.
 * @public
 */
export function aggregatedStatusItem(input: {
  clusterName: string;
  applied: boolean;
  appliedMessage?: string;
  health: WorkloadHealth;
  status?: Record<string, unknown>;
}): AggregatedStatusItem {
  return {
    clusterName: input.clusterName,
    applied: input.applied,
    ...(input.appliedMessage ? { appliedMessage: input.appliedMessage } : {}),
    health: input.health,
    ...(input.status ? { status: structuredClone(input.status) } : {}),
  };
}

/**
 * Health of a member cluster's copy of a workload, as Karmada's default interpreter
 * judges it: a Deployment/StatefulSet is Healthy when the controller observed the current
 * generation and ready, available and updated replicas reach the desired count; Unknown
 * when it is missing or has no status yet. Pods are Healthy when Running and Ready. Kinds
 * without a health rule are Healthy once they exist.
 * @public
 */
export function workloadHealth(
  memberObject: KubeObject | undefined,
): WorkloadHealth {
  if (!memberObject) return 'Unknown';
  const status = memberObject.status;
  switch (memberObject.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      if (!status || status.observedGeneration === undefined) return 'Unknown';
      const desired = memberObject.spec?.replicas ?? 1;
      const generation = memberObject.metadata.generation ?? 0;
      if (status.observedGeneration < generation) return 'Unhealthy';
      const ready = status.readyReplicas ?? 0;
      const available =
        memberObject.kind === 'Deployment'
          ? status.availableReplicas ?? 0
          : ready;
      const updated = status.updatedReplicas ?? desired;
      const total = status.replicas ?? desired;
      return ready >= desired &&
        available >= desired &&
        updated >= desired &&
        total <= updated
        ? 'Healthy'
        : 'Unhealthy';
    }
    case 'Pod': {
      if (!status?.phase) return 'Unknown';
      const ready = (status.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      );
      if (status.phase === 'Succeeded') return 'Healthy';
      return status.phase === 'Running' && ready ? 'Healthy' : 'Unhealthy';
    }
    default:
      return 'Healthy';
  }
}
