/**
 * kube's resource quota controller for member clusters: each ResourceQuota's
 * `status.hard` is its `spec.hard` and `status.used` what the namespace's objects use.
 */
import { CONTROL_PLANE } from '../types';
import { quotaStatus, quotaUsage } from '../kube/quota';
import type { ControllerContext } from './context';
import { sameJson } from './util';

/** The queue key of a quota reconcile. @internal */
export function quotaKey(cluster: string, namespace: string, name: string) {
  return `quota|${cluster}|${namespace}|${name}`;
}

/** Keys of every quota of a member namespace (of every namespace when none is given). @internal */
export function quotaKeys(
  ctx: ControllerContext,
  cluster: string,
  namespace?: string,
): string[] {
  if (cluster === CONTROL_PLANE || !ctx.store.hasCluster(cluster)) return [];
  return ctx.store
    .list(cluster, 'resourcequotas', namespace ? { namespace } : {})
    .items.map(q => quotaKey(cluster, q.metadata.namespace!, q.metadata.name!));
}

/**
 * Recomputes a member ResourceQuota's status from the live objects of its namespace
 * (`quotaUsage`); writes it only when it changed. The control plane's quotas are left
 * alone: Karmada runs no quota controller there.
 * @internal
 */
export function reconcileQuota(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  if (cluster === CONTROL_PLANE) return;
  const { store } = ctx;
  const quota = store.tryGet(cluster, 'resourcequotas', name, namespace);
  if (!quota || quota.metadata.deletionTimestamp) return;
  const pods = store.list(cluster, 'pods', { namespace }).items;
  const used = quotaUsage(quota, pods, resource => {
    try {
      return store.list(cluster, resource, { namespace }).items.length;
    } catch {
      return undefined;
    }
  });
  const status = { ...(quota.status ?? {}), ...quotaStatus(quota, used) };
  if (sameJson(status, quota.status)) return;
  store.updateStatus(
    cluster,
    'resourcequotas',
    { ...quota, status },
    { namespace },
  );
}
