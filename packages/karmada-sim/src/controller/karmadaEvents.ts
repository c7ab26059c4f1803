/**
 * The core/v1 Events Karmada's components record on the control plane about a resource
 * template and its (Cluster)ResourceBinding, with the reasons and messages of
 * karmada-io/karmada pkg/events/events.go and the components that record them.
 */
import { CONTROL_PLANE, type KubeObject } from '../types';
import { emitEvent, type ControllerContext } from './context';

/** Event reasons Karmada uses (pkg/events/events.go). @public */
export const KARMADA_EVENT_REASONS = {
  applyPolicySucceed: 'ApplyPolicySucceed',
  scheduleBindingSucceed: 'ScheduleBindingSucceed',
  scheduleBindingFailed: 'ScheduleBindingFailed',
  syncWorkSucceed: 'SyncWorkSucceed',
  syncWorkFailed: 'SyncWorkFailed',
  syncWorkloadSucceed: 'SyncSucceed',
  syncWorkloadFailed: 'SyncFailed',
  evictWorkloadFromClusterSucceed: 'EvictWorkloadFromClusterSucceed',
} as const;

type Emit = {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
};

function emit(
  ctx: ControllerContext,
  objects: KubeObject[],
  e: Emit,
  version: string,
) {
  for (const obj of objects) {
    emitEvent(
      ctx,
      CONTROL_PLANE,
      obj,
      e,
      `${CONTROL_PLANE}/${obj.metadata.uid}/${e.reason}/${e.message}/${version}`,
    );
  }
}

function objKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : obj.metadata.name!;
}

/** The resource detector claimed a template for a policy: `ApplyPolicySucceed`. @internal */
export function recordApplyPolicy(
  ctx: ControllerContext,
  template: KubeObject,
  policy: KubeObject,
) {
  const message =
    policy.kind === 'ClusterPropagationPolicy'
      ? `Apply cluster policy(${policy.metadata.name}) succeed`
      : `Apply policy(${policy.metadata.namespace}/${policy.metadata.name}) succeed`;
  emit(
    ctx,
    [template],
    {
      type: 'Normal',
      reason: KARMADA_EVENT_REASONS.applyPolicySucceed,
      message,
      component: 'resource-detector',
    },
    `${policy.metadata.uid}`,
  );
}

/**
 * The scheduler's result, on the binding and the template: `ScheduleBindingSucceed` with
 * `Binding has been scheduled successfully. Result: {member1:2, member2:1}`, or
 * `ScheduleBindingFailed` with the scheduler's error. @internal
 */
export function recordSchedule(
  ctx: ControllerContext,
  binding: KubeObject,
  template: KubeObject,
  result:
    | { ok: true; clusters: Array<{ name: string; replicas?: number }> }
    | {
        ok: false;
        message: string;
      },
) {
  const e: Emit = result.ok
    ? {
        type: 'Normal',
        reason: KARMADA_EVENT_REASONS.scheduleBindingSucceed,
        message: `Binding has been scheduled successfully. Result: {${result.clusters
          .map(c => `${c.name}:${c.replicas ?? 0}`)
          .join(', ')}}`,
        component: 'default-scheduler',
      }
    : {
        type: 'Warning',
        reason: KARMADA_EVENT_REASONS.scheduleBindingFailed,
        message: result.message,
        component: 'default-scheduler',
      };
  emit(ctx, [binding, template], e, `${binding.metadata.generation}`);
}

/**
 * The binding controller made the Works (`SyncWorkSucceed`, `Sync work of
 * ResourceBinding(ns/name) successful.`) or could not (`SyncWorkFailed`). @internal
 */
export function recordSyncWork(
  ctx: ControllerContext,
  binding: KubeObject,
  template: KubeObject,
  error: string | undefined,
) {
  const cluster = binding.kind === 'ClusterResourceBinding';
  const component = cluster
    ? 'cluster-resource-binding-controller'
    : 'binding-controller';
  const e: Emit = error
    ? {
        type: 'Warning',
        reason: KARMADA_EVENT_REASONS.syncWorkFailed,
        message: error,
        component,
      }
    : {
        type: 'Normal',
        reason: KARMADA_EVENT_REASONS.syncWorkSucceed,
        message: cluster
          ? `Sync work of ClusterResourceBinding(${binding.metadata.name}) successful.`
          : `Sync work of ResourceBinding(${binding.metadata.namespace}/${binding.metadata.name}) successful.`,
        component,
      };
  emit(
    ctx,
    [binding, template],
    e,
    `${binding.metadata.generation}/${template.metadata.generation}`,
  );
}

/**
 * The execution controller applied a Work to a member (`SyncSucceed` on the Work and the
 * template) or failed (`SyncFailed`, with the member's error). @internal
 */
export function recordSyncWorkload(
  ctx: ControllerContext,
  work: KubeObject,
  template: KubeObject,
  clusterName: string,
  error: string | undefined,
) {
  const component = 'execution-controller';
  const version = `${work.metadata.generation}/${template.metadata.generation}`;
  const workRef = `${work.metadata.namespace}/${work.metadata.name}`;
  if (error) {
    emit(
      ctx,
      [work],
      {
        type: 'Warning',
        reason: KARMADA_EVENT_REASONS.syncWorkloadFailed,
        message: `Failed to sync work(${workRef}) to cluster(${clusterName}), err: ${error}`,
        component,
      },
      version,
    );
    emit(
      ctx,
      [template],
      {
        type: 'Warning',
        reason: KARMADA_EVENT_REASONS.syncWorkloadFailed,
        message: `Failed to create or update resource(${objKey(
          template,
        )}) in member cluster(${clusterName}): ${error}`,
        component,
      },
      version,
    );
    return;
  }
  emit(
    ctx,
    [work],
    {
      type: 'Normal',
      reason: KARMADA_EVENT_REASONS.syncWorkloadSucceed,
      message: `Sync work(${workRef}) to cluster(${clusterName}) successful.`,
      component,
    },
    version,
  );
  emit(
    ctx,
    [template],
    {
      type: 'Normal',
      reason: KARMADA_EVENT_REASONS.syncWorkloadSucceed,
      message: `Successfully applied resource(${
        template.metadata.namespace ?? ''
      }/${template.metadata.name}) to cluster ${clusterName}`,
      component,
    },
    version,
  );
}

/** Failover evicted the workload from a cluster: `EvictWorkloadFromClusterSucceed`. @internal */
export function recordEviction(
  ctx: ControllerContext,
  binding: KubeObject,
  template: KubeObject,
  clusterName: string,
  producer: string,
  taskCreated: string,
) {
  emit(
    ctx,
    [binding, template],
    {
      type: 'Normal',
      reason: KARMADA_EVENT_REASONS.evictWorkloadFromClusterSucceed,
      message: `Evict from cluster ${clusterName} succeed.`,
      component: producer,
    },
    taskCreated,
  );
}
