import { CONTROL_PLANE, type KubeObject } from '../types';
import type { ChangeEvent, ObjectStore } from '../store';
import type { SimulatorLogger } from '../server';
import type { ControllerContext } from './context';
import { WorkQueue } from './queue';
import { clusterKey, reconcileCluster } from './clusters';
import {
  allTemplateKeys,
  policyFinalizer,
  policyKey,
  reconcilePolicyDeletion,
  reconcileTemplate,
  reconcileTemplateStatus,
  templateKey,
  templateStatusKey,
} from './propagation';
import { bindingKey, reconcileBinding } from './binding';
import { quotaKey, quotaKeys, reconcileQuota } from './quota';
import {
  failedReplicaSetKeys,
  memberKey,
  pendingPodKeys,
  reconcileDeployment,
  reconcilePod,
  reconcilePvc,
  reconcileReplicaSet,
} from './kubelet';
import {
  bindingOf,
  EXECUTION_NAMESPACE_PREFIX,
  TEMPLATE_RESOURCES,
  isPodReady,
  isTerminated,
  specChanged,
} from './util';

/** Options of {@link KarmadaController}. @public */
export interface KarmadaControllerOptions {
  /** The simulator's store; the controller watches it through `onChange`. */
  store: ObjectStore;
  /** Source of time for conditions, timers and failover; default the system clock. */
  clock?: () => Date;
  /**
   * How long a started pod takes to turn Ready (the simulated model load), in ms; default
   * 3000. A pod template's `sim.h-mas.io/model-load-ms` annotation overrides it.
   */
  modelLoadMs?: number;
  /**
   * More load time per GiB of memory the pod's containers request (a model's weights and
   * KV cache are most of it), so a large model loads visibly slower; default 0.
   */
  modelLoadMsPerGiB?: number;
  /** Interval of full resyncs (every object queued again), in ms; default 60 000, 0 for none. */
  resyncMs?: number;
  /**
   * Karmada's cluster failover (the `Failover` feature gate): readiness taints get
   * `NoExecute` too, and workloads that do not tolerate them are evicted. Default false.
   */
  clusterFailover?: boolean;
  logger?: SimulatorLogger;
}

const RESYNC_KEY = 'resync';

/**
 * The controller loop that makes the simulator behave like Karmada and its members:
 * cluster status, policy claims and ResourceBindings, scheduling, overrides and Works,
 * member Deployments with pods that become Ready after a simulated model load, status
 * aggregation and application failover. Driven by a keyed, de-duplicated work queue fed
 * by `store.onChange`; deterministic with an injected clock and {@link KarmadaController.settle}.
 * @public
 */
export class KarmadaController {
  private readonly store: ObjectStore;
  private readonly clock: () => Date;
  private readonly resyncMs: number;
  private readonly queue: WorkQueue;
  private readonly ctx: ControllerContext;
  private unsubscribe: Array<() => void> = [];
  private started = false;
  private seq = 0;

  constructor(options: KarmadaControllerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.resyncMs = options.resyncMs ?? 60_000;
    const logger = options.logger;
    this.queue = new WorkQueue({
      clock: this.clock,
      reconcile: key => this.reconcile(key),
      onError: (key, error, retryInMs) =>
        logger?.warn(
          `karmada-sim controller: reconciling ${key} failed, retrying in ${retryInMs} ms: ${
            error instanceof Error ? error.message : String(error)
          }`,
        ),
    });
    this.ctx = {
      store: this.store,
      now: this.clock,
      enqueue: key => this.queue.add(key),
      enqueueAt: (key, at) => this.queue.addAt(key, at),
      logger,
      modelLoadMs: Math.max(0, options.modelLoadMs ?? 3000),
      modelLoadMsPerGiB: Math.max(0, options.modelLoadMsPerGiB ?? 0),
      clusterFailover: options.clusterFailover ?? false,
      readiness: new Map(),
      podStarted: new Map(),
      podSeq: new Map(),
      emitted: new Set(),
      unhealthySince: new Map(),
      counter: () => ++this.seq,
    };
  }

  /** Subscribes to the store and queues everything once. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe.push(this.store.onChange(e => this.route(e)));
    this.unsubscribe.push(
      this.store.onClusterChange(({ cluster }) => {
        this.queue.add(clusterKey(cluster));
        this.queueAllBindings();
      }),
    );
    this.resyncAll();
  }

  /** Stops watching the store and drops queued work and timers. */
  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.queue.stop();
  }

  /** Resolves once the queue is empty and no timer is due by the clock. */
  settle(): Promise<void> {
    return this.queue.settle();
  }

  /**
   * Runs what is due now: timers whose time the clock has reached, then the queue until
   * it is empty. With a fake clock: advance it, then `await controller.tick()`.
   */
  tick(): Promise<void> {
    return this.queue.settle();
  }

  /** Epoch ms of the next timer (a pod's model load, a failover deadline, a resync). */
  nextTimer(): number | undefined {
    return this.queue.nextDue();
  }

  /**
   * Simulates a member cluster failing (`false`: Ready=False, Karmada's not-ready taint
   * with NoSchedule, plus NoExecute when cluster failover is on) or recovering (`true`).
   */
  markClusterReady(name: string, ready: boolean): void {
    this.ctx.readiness.set(name, ready);
    this.queue.add(clusterKey(name));
  }

  private resyncAll() {
    for (const c of this.store.list(
      CONTROL_PLANE,
      'clusters.cluster.karmada.io',
    ).items)
      this.queue.add(clusterKey(c.metadata.name!));
    for (const key of allTemplateKeys(this.ctx)) {
      this.queue.add(key);
      this.queue.add(key.replace(/^template\|/, 'tstatus|'));
    }
    for (const resource of [
      'propagationpolicies.policy.karmada.io',
      'clusterpropagationpolicies.policy.karmada.io',
    ]) {
      for (const p of this.store.list(CONTROL_PLANE, resource).items)
        if (p.metadata.deletionTimestamp)
          this.queue.add(
            policyKey(p.kind, p.metadata.namespace ?? '', p.metadata.name!),
          );
    }
    this.queueAllBindings();
    for (const member of this.store.members()) {
      for (const d of this.store.list(member, 'deployments.apps').items)
        this.queue.add(
          memberKey('deploy', member, d.metadata.namespace!, d.metadata.name!),
        );
      for (const rs of this.store.list(member, 'replicasets.apps').items)
        this.queue.add(
          memberKey('rs', member, rs.metadata.namespace!, rs.metadata.name!),
        );
      for (const p of this.store.list(member, 'pods').items) {
        if (!isPodReady(p))
          this.queue.add(
            memberKey('pod', member, p.metadata.namespace!, p.metadata.name!),
          );
      }
      for (const pvc of this.store.list(member, 'persistentvolumeclaims').items)
        this.queue.add(
          memberKey('pvc', member, pvc.metadata.namespace!, pvc.metadata.name!),
        );
      for (const key of quotaKeys(this.ctx, member)) this.queue.add(key);
    }
    if (this.resyncMs > 0)
      this.queue.addAt(RESYNC_KEY, this.clock().getTime() + this.resyncMs);
  }

  private queueAllBindings() {
    for (const b of this.store.list(
      CONTROL_PLANE,
      'resourcebindings.work.karmada.io',
    ).items)
      this.queue.add(bindingKey(b.metadata.namespace!, b.metadata.name!));
    for (const b of this.store.list(
      CONTROL_PLANE,
      'clusterresourcebindings.work.karmada.io',
    ).items)
      this.queue.add(bindingKey('', b.metadata.name!));
  }

  private queueBindingOf(obj: KubeObject) {
    const binding = bindingOf(obj);
    if (binding) this.queue.add(bindingKey(binding.namespace, binding.name));
  }

  private queueAll(keys: string[]) {
    for (const key of keys) this.queue.add(key);
  }

  private queueOwners(cluster: string, obj: KubeObject, kind: string) {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (!ref.controller) continue;
      if (ref.kind === 'ReplicaSet' && kind === 'rs')
        this.queue.add(
          memberKey('rs', cluster, obj.metadata.namespace!, ref.name),
        );
      if (ref.kind === 'Deployment' && kind === 'deploy')
        this.queue.add(
          memberKey('deploy', cluster, obj.metadata.namespace!, ref.name),
        );
    }
  }

  /** Maps a stored change to the keys it affects. */
  private route(e: ChangeEvent) {
    const { cluster, object, oldObject } = e;
    const kind = e.resource.kind;
    const name = object.metadata.name!;
    const namespace = object.metadata.namespace ?? '';
    const changed = e.type !== 'MODIFIED' || specChanged(oldObject, object);
    if (cluster === CONTROL_PLANE) {
      switch (kind) {
        case 'Cluster': {
          this.queue.add(clusterKey(name));
          this.queueAllBindings();
          if (
            changed &&
            this.store.hasCluster(name) &&
            JSON.stringify(oldObject?.metadata.labels ?? {}) !==
              JSON.stringify(object.metadata.labels ?? {})
          ) {
            for (const key of pendingPodKeys(this.ctx, name))
              this.queue.add(key);
          }
          return;
        }
        case 'PropagationPolicy':
        case 'ClusterPropagationPolicy':
          if (changed)
            for (const key of allTemplateKeys(this.ctx)) this.queue.add(key);
          if (
            object.metadata.deletionTimestamp &&
            (object.metadata.finalizers ?? []).includes(policyFinalizer(kind))
          )
            this.queue.add(policyKey(kind, namespace, name));
          return;
        case 'OverridePolicy':
        case 'ClusterOverridePolicy':
          if (changed) this.queueAllBindings();
          return;
        case 'ResourceBinding':
        case 'ClusterResourceBinding': {
          if (changed) this.queue.add(bindingKey(namespace, name));
          const r = object.spec?.resource;
          if (r?.kind && TEMPLATE_RESOURCES[r.kind]) {
            this.queue.add(
              templateStatusKey(r.kind, r.namespace ?? namespace, r.name),
            );
            // A binding deleted by hand comes back while its template is claimed.
            if (e.type === 'DELETED')
              this.queue.add(
                templateKey(r.kind, r.namespace ?? namespace, r.name),
              );
          }
          return;
        }
        default:
          if (
            TEMPLATE_RESOURCES[kind] === undefined ||
            e.resource.group !== groupOf(TEMPLATE_RESOURCES[kind]) ||
            namespace.startsWith(EXECUTION_NAMESPACE_PREFIX)
          ) {
            return;
          }
          if (changed) this.queue.add(templateKey(kind, namespace, name));
          return;
      }
    }
    if (!this.store.hasCluster(cluster)) return;
    // Object counts (`count/<resource>`) of the namespace's quotas.
    if (e.resource.namespaced && kind !== 'Event' && e.type !== 'MODIFIED')
      this.queueAll(quotaKeys(this.ctx, cluster, namespace));
    switch (kind) {
      case 'Node':
        this.queue.add(clusterKey(cluster));
        for (const key of pendingPodKeys(this.ctx, cluster))
          this.queue.add(key);
        return;
      case 'Pod': {
        if (e.resource.group !== '') return;
        this.queue.add(memberKey('pod', cluster, namespace, name));
        this.queueOwners(cluster, object, 'rs');
        this.queue.add(clusterKey(cluster));
        const gone =
          e.type === 'DELETED' ||
          (isTerminated(object) && !(oldObject && isTerminated(oldObject)));
        if (e.type === 'MODIFIED' && (changed || gone))
          this.queueAll(quotaKeys(this.ctx, cluster, namespace));
        if (gone) {
          // Room freed: pods waiting for a node, and ReplicaSets a quota refused.
          this.queueAll(pendingPodKeys(this.ctx, cluster));
          this.queueAll(failedReplicaSetKeys(this.ctx, cluster, namespace));
        }
        return;
      }
      case 'ResourceQuota':
        if (changed) {
          this.queue.add(quotaKey(cluster, namespace, name));
          this.queueAll(failedReplicaSetKeys(this.ctx, cluster, namespace));
        }
        this.queueBindingOf(object);
        return;
      case 'PriorityClass':
        if (changed) this.queueAll(failedReplicaSetKeys(this.ctx, cluster));
        this.queueBindingOf(object);
        return;
      case 'ReplicaSet':
        if (changed) this.queue.add(memberKey('rs', cluster, namespace, name));
        this.queueOwners(cluster, object, 'deploy');
        return;
      case 'Deployment':
        if (changed)
          this.queue.add(memberKey('deploy', cluster, namespace, name));
        this.queueBindingOf(object);
        return;
      case 'PersistentVolumeClaim':
        if (changed) this.queue.add(memberKey('pvc', cluster, namespace, name));
        this.queueBindingOf(object);
        return;
      default:
        if (TEMPLATE_RESOURCES[kind]) this.queueBindingOf(object);
    }
  }

  private reconcile(key: string) {
    if (key === RESYNC_KEY) {
      this.resyncAll();
      return;
    }
    const [type, a, b, c] = key.split('|');
    switch (type) {
      case 'cluster':
        reconcileCluster(this.ctx, a);
        return;
      case 'template':
        reconcileTemplate(this.ctx, a, b, c);
        return;
      case 'tstatus':
        reconcileTemplateStatus(this.ctx, a, b, c);
        return;
      case 'binding':
        reconcileBinding(this.ctx, a, b);
        return;
      case 'policy':
        reconcilePolicyDeletion(this.ctx, a, b, c);
        return;
      default:
    }
    if (!this.store.hasCluster(a)) return;
    switch (type) {
      case 'deploy':
        reconcileDeployment(this.ctx, a, b, c);
        return;
      case 'rs':
        reconcileReplicaSet(this.ctx, a, b, c);
        return;
      case 'pod':
        reconcilePod(this.ctx, a, b, c);
        return;
      case 'pvc':
        reconcilePvc(this.ctx, a, b, c);
        return;
      case 'quota':
        reconcileQuota(this.ctx, a, b, c);
        return;
      default:
        throw new Error(`unknown work queue key ${key}`);
    }
  }
}

function groupOf(resource: string): string {
  const i = resource.indexOf('.');
  return i < 0 ? '' : resource.slice(i + 1);
}
