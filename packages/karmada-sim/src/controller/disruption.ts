/**
 * kube's disruption controller for member PodDisruptionBudgets
 * (kubernetes/kubernetes `pkg/controller/disruption/disruption.go`, `trySync` and
 * `updatePdbStatus`): `expectedPods`, `currentHealthy` (matching Ready pods),
 * `desiredHealthy`, `disruptionsAllowed` and the `DisruptionAllowed` condition
 * (`SufficientPods` / `InsufficientPods`).
 *
 * Simplified: the expected count of a percentage or `maxUnavailable` budget is the
 * number of matching pods (kube takes the scale of their controllers), and evictions
 * (`disruptedPods`) are not tracked. The status is computed when a pod of the namespace
 * changes (from the pod reconcile) and when the budget is written (admission, see
 * `registerMemberAdmission`).
 */
import type { KubeObject } from '../types';
import type { ObjectStore } from '../store';
import { matchLabelSelector } from '../karmada/selectors';
import type { ControllerContext } from './context';
import { isPodReady, isTerminated, sameJson } from './util';

const PDBS = 'poddisruptionbudgets.policy';

function time(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An int-or-percent against a total; percentages round up (`GetScaledValueFromIntOrPercent`). */
function scaled(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value ?? ''));
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  return Number(value) || 0;
}

/**
 * The status of a budget given the pods of its namespace; `generation` is the budget's
 * generation after the write (for `observedGeneration`).
 * @internal
 */
export function disruptionBudgetStatus(
  pdb: KubeObject,
  pods: KubeObject[],
  now: Date,
  generation = pdb.metadata.generation,
): Record<string, unknown> {
  const selector = pdb.spec?.selector;
  const matching = selector
    ? pods.filter(
        p =>
          !p.metadata.deletionTimestamp &&
          !isTerminated(p) &&
          matchLabelSelector(selector, p.metadata.labels),
      )
    : [];
  const expectedPods = matching.length;
  const currentHealthy = matching.filter(isPodReady).length;
  let desiredHealthy = 0;
  if (pdb.spec?.maxUnavailable !== undefined)
    desiredHealthy = Math.max(
      0,
      expectedPods - scaled(pdb.spec.maxUnavailable, expectedPods),
    );
  else if (pdb.spec?.minAvailable !== undefined)
    desiredHealthy = scaled(pdb.spec.minAvailable, expectedPods);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const old = (pdb.status?.conditions ?? []).find(
    (c: any) => c.type === 'DisruptionAllowed',
  );
  const allowed = disruptionsAllowed > 0 ? 'True' : 'False';
  return {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: allowed,
        reason: disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration: generation,
        lastTransitionTime:
          old && old.status === allowed ? old.lastTransitionTime : time(now),
      },
    ],
  };
}

/** The budgets of a member namespace (none where the kind is not served). @internal */
export function budgetsOf(
  store: ObjectStore,
  cluster: string,
  namespace: string,
) {
  try {
    return store.list(cluster, PDBS, { namespace }).items;
  } catch {
    return [];
  }
}

/** Recomputes the status of every budget of a member namespace. @internal */
export function syncDisruptionBudgets(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
): void {
  const budgets = budgetsOf(ctx.store, cluster, namespace).filter(
    b => !b.metadata.deletionTimestamp,
  );
  if (budgets.length === 0) return;
  const pods = ctx.store.list(cluster, 'pods', { namespace }).items;
  for (const pdb of budgets) {
    const status = disruptionBudgetStatus(pdb, pods, ctx.now());
    if (sameJson(status, pdb.status)) continue;
    ctx.store.updateStatus(cluster, PDBS, { ...pdb, status }, { namespace });
  }
}
