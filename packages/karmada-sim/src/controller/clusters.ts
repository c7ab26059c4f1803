/**
 * Karmada's cluster status controller: readiness, node and resource summaries of each
 * Cluster, and the readiness taints.
 */
import { CONTROL_PLANE, type KubeObject } from '../types';
import { reconcileReadinessTaints } from '../karmada/failover';
import { setCondition, type Condition } from '../karmada/status';
import type { ControllerContext } from './context';
import {
  EXECUTION_NAMESPACE_PREFIX,
  conditionStatus,
  formatResources,
  isTerminated,
  podRequests,
  sameJson,
} from './util';
import { sumResourceLists } from '../karmada/quantity';

/** The queue key of a Cluster reconcile. @internal */
export function clusterKey(name: string): string {
  return `cluster|${name}`;
}

function time(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readyCondition(
  ctx: ControllerContext,
  cluster: KubeObject,
  now: Date,
): Condition {
  const name = cluster.metadata.name!;
  const stamp = time(now);
  if (!ctx.store.hasCluster(name)) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'ClusterNotReachable',
      message: `cluster is not reachable: cannot connect to ${
        cluster.spec?.apiEndpoint ?? 'an unknown apiEndpoint'
      }`,
      lastTransitionTime: stamp,
    };
  }
  const override = ctx.readiness.get(name);
  const current = (cluster.status?.conditions ?? []).find(
    (c: any) => c?.type === 'Ready',
  );
  const ready = override ?? (current ? current.status === 'True' : true);
  if (override === undefined && current && current.status !== 'True') {
    return { ...current };
  }
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'ClusterReady',
        message: 'cluster is healthy and ready to accept workloads',
        lastTransitionTime: stamp,
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'ClusterNotReachable',
        message: 'cluster is not reachable',
        lastTransitionTime: stamp,
      };
}

/** Summaries Karmada's cluster status controller collects from a reachable member. */
function summaries(ctx: ControllerContext, name: string) {
  const nodes = ctx.store.list(name, 'nodes').items;
  const pods = ctx.store
    .list(name, 'pods')
    .items.filter(p => !isTerminated(p) && !p.metadata.deletionTimestamp);
  const allocatable = sumResourceLists(
    nodes.map(n => n.status?.allocatable ?? {}),
  );
  const base = (extra: Record<string, number>) => {
    const out: Record<string, number> = { cpu: 0, memory: 0, pods: 0 };
    for (const [k, v] of Object.entries(extra)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const sum = (list: KubeObject[], withGpu: boolean) => {
    const total = base({});
    for (const p of list) {
      for (const [k, v] of Object.entries(podRequests(p.spec)))
        total[k] = (total[k] ?? 0) + v;
      total.pods += 1;
    }
    if (withGpu && allocatable['nvidia.com/gpu'] !== undefined)
      total['nvidia.com/gpu'] = total['nvidia.com/gpu'] ?? 0;
    return total;
  };
  return {
    nodeSummary: {
      totalNum: nodes.length,
      readyNum: nodes.filter(n => conditionStatus(n, 'Ready') === 'True')
        .length,
    },
    resourceSummary: {
      allocatable: formatResources(allocatable),
      allocated: formatResources(
        sum(
          pods.filter(p => p.spec?.nodeName),
          true,
        ),
      ),
      allocating: formatResources(
        sum(
          pods.filter(p => !p.spec?.nodeName),
          false,
        ),
      ),
    },
  };
}

/**
 * Reconciles a Cluster: its Ready condition (a registered cluster without an API surface
 * is not reachable), node and resource summaries from the member while it is ready, the
 * readiness taints, and the cluster's execution namespace on the control plane.
 * @internal
 */
export function reconcileCluster(ctx: ControllerContext, name: string): void {
  const { store } = ctx;
  const cluster = store.tryGet(
    CONTROL_PLANE,
    'clusters.cluster.karmada.io',
    name,
  );
  if (!cluster || cluster.metadata.deletionTimestamp) return;
  const now = ctx.now();
  const ready = readyCondition(ctx, cluster, now);
  const status = { ...(cluster.status ?? {}) };
  status.conditions = setCondition(status.conditions, ready);
  if (ready.status === 'True') Object.assign(status, summaries(ctx, name));
  if (!sameJson(status, cluster.status)) {
    store.updateStatus(CONTROL_PLANE, 'clusters.cluster.karmada.io', {
      ...cluster,
      status,
    });
  }
  const fresh = store.get(CONTROL_PLANE, 'clusters.cluster.karmada.io', name);
  const taints = reconcileReadinessTaints(fresh, {
    failover: ctx.clusterFailover,
    now,
  });
  if (!sameJson(taints, fresh.spec?.taints ?? [])) {
    const spec = { ...fresh.spec };
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    store.update(CONTROL_PLANE, 'clusters.cluster.karmada.io', {
      ...fresh,
      spec,
    });
  }
  const ns = `${EXECUTION_NAMESPACE_PREFIX}${name}`;
  if (!store.tryGet(CONTROL_PLANE, 'namespaces', ns)) {
    store.create(CONTROL_PLANE, 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  }
}
