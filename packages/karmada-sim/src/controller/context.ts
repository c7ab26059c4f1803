import type { ObjectStore } from '../store';
import type { KubeObject } from '../types';
import type { SimulatorLogger } from '../server';

/** What the reconcilers share: the store, the clock, the queue and in-memory state. @internal */
export interface ControllerContext {
  store: ObjectStore;
  now(): Date;
  /** Queues a key now. */
  enqueue(key: string): void;
  /** Queues a key when the clock reaches `at` (epoch ms). */
  enqueueAt(key: string, at: number): void;
  logger?: SimulatorLogger;
  modelLoadMs: number;
  /** Extra load time per GiB of requested container memory. */
  modelLoadMsPerGiB: number;
  /** Whether Karmada's cluster failover (NoExecute readiness taints) is on. */
  clusterFailover: boolean;
  /** Readiness set by `markClusterReady`, by cluster name. */
  readiness: Map<string, boolean>;
  /** When each pod was started, by pod uid (epoch ms, more precise than status.startTime). */
  podStarted: Map<string, number>;
  /** Creation order of pods, by uid, for "delete the newest first". */
  podSeq: Map<string, number>;
  /** Events already emitted, so a retried reconcile does not repeat them. */
  emitted: Set<string>;
  /** When a binding's workload on a cluster turned Unhealthy (`ns/binding/cluster`). */
  unhealthySince: Map<string, number>;
  counter(): number;
}

/** Emits a core/v1 Event about `obj` in `cluster`, once per `dedupeKey`. @internal */
export function emitEvent(
  ctx: ControllerContext,
  cluster: string,
  obj: KubeObject,
  event: {
    type?: 'Normal' | 'Warning';
    reason: string;
    message: string;
    component: string;
    host?: string;
    fieldPath?: string;
  },
  dedupeKey?: string,
): void {
  const key =
    dedupeKey ??
    `${cluster}/${obj.metadata.uid}/${event.reason}/${event.message}`;
  if (ctx.emitted.has(key)) return;
  ctx.emitted.add(key);
  const namespace = obj.metadata.namespace ?? 'default';
  if (!ctx.store.tryGet(cluster, 'namespaces', namespace)) return;
  const now = ctx.now();
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(ctx.counter());
  ctx.store.create(
    cluster,
    'events',
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${obj.metadata.name}.${nanos.toString(16)}`,
        namespace,
      },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
      },
      reason: event.reason,
      message: event.message,
      type: event.type ?? 'Normal',
      source: {
        component: event.component,
        ...(event.host ? { host: event.host } : {}),
      },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      reportingComponent: event.component,
      reportingInstance: event.host ?? '',
    },
    { namespace },
  );
}
