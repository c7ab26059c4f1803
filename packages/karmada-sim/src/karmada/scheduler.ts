import { compareNames } from './compare';
import { KubeObject } from '../types';
import { parseQuantity } from './quantity';
import {
  ClusterAffinity,
  Taint,
  findUntoleratedTaint,
  matchClusterAffinity,
} from './selectors';
import { taintsForClusterReadiness } from './failover';

/** One entry of a ResourceBinding's `spec.clusters`. @public */
export interface TargetCluster {
  name: string;
  replicas: number;
}

/** What the scheduler needs to place one ResourceBinding. @public */
export interface ScheduleInput {
  /** The policy's `spec.placement` (as copied into the binding). */
  placement: any;
  /** Desired replicas of the workload; 0 for objects without replicas. */
  replicas: number;
  /** Cluster objects with labels, spec (provider, region, zones, taints) and status. */
  clusters: KubeObject[];
  /** Per-replica requirements, as in `ResourceBinding.spec.replicaRequirements`. */
  replicaRequirements?: { resourceRequest?: Record<string, string | number> };
  /** The binding's current `spec.clusters`, if it was scheduled before. */
  previous?: TargetCluster[];
}

/** The scheduler's answer, which becomes `spec.clusters` and the Scheduled condition. @public */
export type ScheduleResult =
  | {
      ok: true;
      clusters: TargetCluster[];
      reason: 'Success';
      message: string;
      /** The `clusterAffinities` term used (`status.schedulerObservingAffinityName`). */
      affinityName?: string;
    }
  | {
      ok: false;
      reason: 'NoClusterFit' | 'Unschedulable';
      message: string;
      affinityName?: string;
    };

type Failure = Extract<ScheduleResult, { ok: false }>;

const MAX_INT32 = 2 ** 31 - 1;

/** How many more replicas a cluster can take, and what limits it. @public */
export interface ClusterCapacity {
  replicas: number;
  /** The resource that runs out first (`nvidia.com/gpu`, `cpu`, `pods`, ...). */
  limitedBy?: string;
}

function positiveRequests(
  request: Record<string, string | number> | undefined,
): Array<[string, number]> {
  return Object.entries(request ?? {})
    .map(([name, q]) => [name, parseQuantity(q)] as [string, number])
    .filter(([, q]) => q > 0);
}

/**
 * Karmada's general estimator: replicas that still fit in
 * `allocatable - allocated - allocating` of the cluster's resource summary, for the given
 * per-replica request (and the free pod slots). A cluster without a resource summary
 * fits nothing; one whose summary lacks `pods` is not limited by pods.
 * @public
 */
export function availableReplicas(
  cluster: KubeObject,
  resourceRequest?: Record<string, string | number>,
): ClusterCapacity {
  const summary = cluster.status?.resourceSummary;
  if (!summary?.allocatable)
    return { replicas: 0, limitedBy: 'resourceSummary' };
  const free = (name: string): number | undefined => {
    const allocatable = summary.allocatable?.[name];
    if (allocatable === undefined) return undefined;
    return (
      parseQuantity(allocatable) -
      parseQuantity(summary.allocated?.[name] ?? 0) -
      parseQuantity(summary.allocating?.[name] ?? 0)
    );
  };
  let best: ClusterCapacity = { replicas: MAX_INT32 };
  const pods = free('pods');
  if (pods !== undefined)
    best = { replicas: Math.floor(pods), limitedBy: 'pods' };
  for (const [name, request] of positiveRequests(resourceRequest)) {
    const available = free(name) ?? 0;
    // The epsilon keeps 0.3/0.1 from rounding down to 2.
    const fits = Math.floor(available / request + 1e-9);
    if (fits < best.replicas) best = { replicas: fits, limitedBy: name };
  }
  return { ...best, replicas: Math.max(0, best.replicas) };
}

function isReady(cluster: KubeObject): boolean {
  return (cluster.status?.conditions ?? []).some(
    (c: any) => c?.type === 'Ready' && c?.status === 'True',
  );
}

/** Spec taints plus the readiness taint Karmada would have added, without duplicates. */
function effectiveTaints(cluster: KubeObject): Taint[] {
  const taints: Taint[] = [...(cluster.spec?.taints ?? [])];
  if (!isReady(cluster)) {
    for (const t of taintsForClusterReadiness(cluster)) {
      if (!taints.some(x => x.key === t.key && x.effect === t.effect))
        taints.push(t);
    }
  }
  return taints;
}

function countReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => compareNames(a, b))
    .map(([reason, n]) => `${n} cluster(s) ${reason}`)
    .join(', ');
}

function spreadFieldValue(
  cluster: KubeObject,
  field: string,
): string | undefined {
  if (field === 'zone') {
    const zones: string[] =
      cluster.spec?.zones ?? (cluster.spec?.zone ? [cluster.spec.zone] : []);
    return zones.length > 0 ? [...zones].sort().join(',') : undefined;
  }
  return cluster.spec?.[field] || undefined;
}

interface Candidate {
  cluster: KubeObject;
  name: string;
  capacity: ClusterCapacity;
  previous: number;
}

function sortCandidates(list: Candidate[], byCapacity: boolean): Candidate[] {
  return [...list].sort((a, b) => {
    // Clusters already holding replicas come first (Karmada's ClusterLocality score).
    if (a.previous > 0 !== b.previous > 0) return a.previous > 0 ? -1 : 1;
    if (byCapacity && a.capacity.replicas !== b.capacity.replicas) {
      return b.capacity.replicas - a.capacity.replicas;
    }
    return compareNames(a.name, b.name);
  });
}

/**
 * Splits `total` by weight like Karmada's `Dispenser.TakeByWeight` (floor shares, the
 * remainder one by one in order of weight, last replicas, name), but never beyond a
 * cluster's cap: what a full cluster cannot take is divided again among the others.
 */
function divideByWeight(
  total: number,
  entries: Array<{ name: string; weight: number; cap: number; last: number }>,
): { assigned: Map<string, number>; unassigned: number } {
  const assigned = new Map<string, number>(entries.map(e => [e.name, 0]));
  let remaining = total;
  let active = entries.filter(e => e.weight > 0 && e.cap > 0);
  while (remaining > 0 && active.length > 0) {
    active.sort(
      (a, b) =>
        b.weight - a.weight || b.last - a.last || compareNames(a.name, b.name),
    );
    const sum = active.reduce((s, e) => s + e.weight, 0);
    const toSplit = remaining;
    const shares = active.map(e => Math.floor((e.weight * toSplit) / sum));
    let rest = toSplit - shares.reduce((s, n) => s + n, 0);
    for (let i = 0; i < shares.length && rest > 0; i++, rest--) shares[i]++;
    let progress = 0;
    for (let i = 0; i < active.length; i++) {
      const e = active[i];
      const room = e.cap - (assigned.get(e.name) ?? 0);
      const give = Math.min(shares[i], room);
      assigned.set(e.name, (assigned.get(e.name) ?? 0) + give);
      progress += give;
    }
    remaining -= progress;
    active = active.filter(e => (assigned.get(e.name) ?? 0) < e.cap);
    if (progress === 0) break;
  }
  return { assigned, unassigned: remaining };
}

function toTargets(
  assigned: Map<string, number>,
  dropZero: boolean,
): TargetCluster[] {
  return [...assigned.entries()]
    .filter(([, n]) => !dropZero || n > 0)
    .map(([name, replicas]) => ({ name, replicas }))
    .sort((a, b) => compareNames(a.name, b.name));
}

function shortageMessage(
  needed: number,
  candidates: Candidate[],
  request: Record<string, string | number> | undefined,
  extra: (c: Candidate) => number = () => 0,
): string {
  const total = candidates.reduce(
    (s, c) => s + c.capacity.replicas + extra(c),
    0,
  );
  const perReplica = positiveRequests(request)
    .map(([n]) => `${n}=${request?.[n]}`)
    .join(', ');
  const detail = candidates
    .map(
      c =>
        `${c.name}: ${c.capacity.replicas + extra(c)}${
          c.capacity.limitedBy ? ` (limited by ${c.capacity.limitedBy})` : ''
        }`,
    )
    .join(', ');
  const limits = [
    ...new Set(candidates.map(c => c.capacity.limitedBy).filter(Boolean)),
  ];
  return `Clusters available replicas ${total} are not enough to schedule ${needed} replica(s)${
    perReplica ? ` requesting ${perReplica} each` : ''
  }${limits.length ? `; insufficient ${limits.join(', ')}` : ''} [${detail}]`;
}

function staticWeight(
  placementWeights: any[] | undefined,
  cluster: KubeObject,
): number {
  let weight = 0;
  for (const rule of placementWeights ?? []) {
    if (matchClusterAffinity(rule?.targetCluster, cluster)) {
      weight = Math.max(weight, Number(rule?.weight ?? 0));
    }
  }
  return weight;
}

function scheduleWithAffinity(
  input: ScheduleInput,
  affinity: ClusterAffinity | undefined,
): ScheduleResult {
  const placement = input.placement ?? {};
  const previous = new Map(
    (input.previous ?? []).map(t => [t.name, t.replicas]),
  );
  const tolerations = placement.clusterTolerations ?? [];
  const spread: any[] = placement.spreadConstraints ?? [];
  const groupSpread = spread.find(
    s => s?.spreadByField && s.spreadByField !== 'cluster',
  );
  const clusterSpread = spread.find(s => s?.spreadByField === 'cluster');
  const request = input.replicaRequirements?.resourceRequest;
  const hasRequest = positiveRequests(request).length > 0;
  const type: string = placement.replicaScheduling
    ? placement.replicaScheduling.replicaSchedulingType ?? 'Divided'
    : 'Duplicated';

  const clusters = [...input.clusters].sort((a, b) =>
    compareNames(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
  const reasons: string[] = [];
  const feasible: Candidate[] = [];
  for (const cluster of clusters) {
    const name = cluster.metadata.name ?? '';
    if (!matchClusterAffinity(affinity, cluster)) {
      reasons.push('did not match the placement cluster affinity constraint');
      continue;
    }
    // A cluster already holding replicas keeps them despite NoSchedule (Karmada leaves
    // eviction to the taint manager); NoExecute always keeps new replicas away.
    const effects = previous.has(name)
      ? ['NoExecute']
      : ['NoSchedule', 'NoExecute'];
    const taint = findUntoleratedTaint(
      effectiveTaints(cluster),
      tolerations,
      effects,
    );
    if (taint) {
      reasons.push(
        `had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
      );
      continue;
    }
    if (groupSpread && !spreadFieldValue(cluster, groupSpread.spreadByField)) {
      reasons.push(`did not have the ${groupSpread.spreadByField} property`);
      continue;
    }
    feasible.push({
      cluster,
      name,
      capacity: availableReplicas(cluster, request),
      previous: previous.get(name) ?? 0,
    });
  }
  if (feasible.length === 0) {
    return {
      ok: false,
      reason: 'NoClusterFit',
      message: `0/${clusters.length} clusters are available: ${
        reasons.length ? countReasons(reasons) : 'no member clusters'
      }.`,
    };
  }

  // Capacity: a replica that fits nowhere on a cluster makes that cluster useless; for
  // Duplicated every cluster must hold all replicas. Replicas already there free up
  // their own share when they are rescheduled.
  let candidates = feasible;
  if (hasRequest && input.replicas > 0) {
    const need = type === 'Duplicated' ? input.replicas : 1;
    candidates = feasible.filter(c => c.capacity.replicas + c.previous >= need);
    if (candidates.length === 0) {
      return {
        ok: false,
        reason: 'Unschedulable',
        message: `0/${feasible.length} feasible clusters can fit ${
          type === 'Duplicated' ? `all ${input.replicas}` : 'one'
        } replica(s): ${shortageMessage(
          need,
          feasible,
          request,
          c => c.previous,
        )}`,
      };
    }
  }

  const divided = type === 'Divided';
  if (groupSpread) {
    const groups = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const key = spreadFieldValue(c.cluster, groupSpread.spreadByField)!;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const ranked = [...groups.entries()].sort(([ka, a], [kb, b]) => {
      const prevA = a.some(c => c.previous > 0) ? 1 : 0;
      const prevB = b.some(c => c.previous > 0) ? 1 : 0;
      if (prevA !== prevB) return prevB - prevA;
      const capA = a.reduce((s, c) => s + c.capacity.replicas, 0);
      const capB = b.reduce((s, c) => s + c.capacity.replicas, 0);
      if (divided && capA !== capB) return capB - capA;
      return compareNames(ka, kb);
    });
    if (groupSpread.minGroups && ranked.length < groupSpread.minGroups) {
      return {
        ok: false,
        reason: 'Unschedulable',
        message: `the number of feasible ${groupSpread.spreadByField} groups (${ranked.length}) is less than spreadConstraint.minGroups (${groupSpread.minGroups})`,
      };
    }
    const max =
      groupSpread.maxGroups > 0 ? groupSpread.maxGroups : ranked.length;
    candidates = ranked.slice(0, max).flatMap(([, list]) => list);
  }
  if (clusterSpread) {
    if (
      clusterSpread.minGroups &&
      candidates.length < clusterSpread.minGroups
    ) {
      return {
        ok: false,
        reason: 'Unschedulable',
        message: `the number of feasible clusters (${candidates.length}) is less than spreadConstraint.minGroups (${clusterSpread.minGroups})`,
      };
    }
    if (clusterSpread.maxGroups > 0) {
      candidates = sortCandidates(candidates, divided).slice(
        0,
        clusterSpread.maxGroups,
      );
    }
  }

  if (!divided || input.replicas <= 0) {
    // Duplicated, or an object without replicas: every selected cluster gets the object.
    return success(
      candidates.map(c => ({
        name: c.name,
        replicas: Math.max(0, input.replicas),
      })),
    );
  }

  const preference =
    placement.replicaScheduling.replicaDivisionPreference ?? 'Weighted';
  const weightPreference = placement.replicaScheduling.weightPreference;
  if (
    preference === 'Aggregated' ||
    weightPreference?.dynamicWeight === 'AvailableReplicas'
  ) {
    return dynamicAssign(
      input.replicas,
      candidates,
      preference === 'Aggregated',
      request,
    );
  }

  // Static weights; without a weight list every cluster weighs the same.
  const list: any[] | undefined = weightPreference?.staticWeightList;
  let entries = candidates.map(c => ({
    name: c.name,
    weight: list?.length ? staticWeight(list, c.cluster) : 1,
    cap: hasRequest ? c.capacity.replicas + c.previous : Infinity,
    last: c.previous,
  }));
  if (entries.every(e => e.weight === 0))
    entries = entries.map(e => ({ ...e, weight: 1 }));
  const { assigned, unassigned } = divideByWeight(input.replicas, entries);
  if (unassigned > 0) {
    return {
      ok: false,
      reason: 'Unschedulable',
      message: shortageMessage(
        input.replicas,
        candidates.filter(
          c => entries.find(e => e.name === c.name)!.weight > 0,
        ),
        request,
        c => c.previous,
      ),
    };
  }
  return success(toTargets(assigned, true));
}

/**
 * Karmada's dynamic assignment (`dynamicWeight: AvailableReplicas` and `Aggregated`):
 * steady when the previous result already sums to the desired replicas, scale down in
 * proportion to the previous result, scale up by dividing only the increment in
 * proportion to what each cluster can still take (Aggregated: over the fewest clusters).
 */
function dynamicAssign(
  replicas: number,
  candidates: Candidate[],
  aggregated: boolean,
  request: Record<string, string | number> | undefined,
): ScheduleResult {
  const scheduled = candidates.filter(c => c.previous > 0);
  const assignedBefore = scheduled.reduce((s, c) => s + c.previous, 0);
  if (assignedBefore === replicas) {
    return success(
      scheduled.map(c => ({ name: c.name, replicas: c.previous })),
    );
  }
  if (assignedBefore > replicas) {
    const { assigned } = divideByWeight(
      replicas,
      scheduled.map(c => ({
        name: c.name,
        weight: c.previous,
        cap: c.previous,
        last: c.previous,
      })),
    );
    return success(toTargets(assigned, true));
  }
  const need = replicas - assignedBefore;
  let pool = candidates.filter(c => c.capacity.replicas > 0);
  const totalAvailable = pool.reduce((s, c) => s + c.capacity.replicas, 0);
  if (totalAvailable < need) {
    return {
      ok: false,
      reason: 'Unschedulable',
      message: shortageMessage(need, candidates, request),
    };
  }
  if (aggregated) {
    // Clusters already in use first, then the roomiest; stop once the increment fits.
    const ordered = [...pool].sort(
      (a, b) =>
        Number(b.previous > 0) - Number(a.previous > 0) ||
        b.capacity.replicas - a.capacity.replicas ||
        compareNames(a.name, b.name),
    );
    const chosen: Candidate[] = [];
    let room = 0;
    for (const c of ordered) {
      if (room >= need) break;
      chosen.push(c);
      room += c.capacity.replicas;
    }
    pool = chosen;
  }
  const { assigned } = divideByWeight(
    need,
    pool.map(c => ({
      name: c.name,
      weight: c.capacity.replicas,
      cap: c.capacity.replicas,
      last: c.previous,
    })),
  );
  for (const c of scheduled)
    assigned.set(c.name, (assigned.get(c.name) ?? 0) + c.previous);
  return success(toTargets(assigned, true));
}

function success(unordered: TargetCluster[]): ScheduleResult {
  const clusters = [...unordered].sort((a, b) => compareNames(a.name, b.name));
  const summary = clusters.map(c => `${c.name}:${c.replicas}`).join(', ');
  return {
    ok: true,
    clusters,
    reason: 'Success',
    message: `Binding has been scheduled successfully. Result: {${summary}}`,
  };
}

/**
 * Schedules a ResourceBinding the way karmada-scheduler does, deterministically: filters
 * clusters by `clusterAffinity` (or each `clusterAffinities` term in order, the first term
 * that schedules wins), `clusterTolerations` against cluster taints (a not-ready cluster
 * carries `cluster.karmada.io/not-ready:NoSchedule`), spread constraints and capacity
 * (a per-replica request that fits nowhere on a cluster rules it out), then assigns
 * replicas: Duplicated (the default without `replicaScheduling`), Divided by static
 * weights, by `dynamicWeight: AvailableReplicas`, or Aggregated. Ties go by cluster name.
 * @public
 */
export function scheduleBinding(input: ScheduleInput): ScheduleResult {
  const placement = input.placement ?? {};
  const terms: any[] = Array.isArray(placement.clusterAffinities)
    ? placement.clusterAffinities
    : [];
  if (terms.length === 0) {
    return scheduleWithAffinity(input, placement.clusterAffinity);
  }
  const failures: Array<{ name: string; failure: Failure }> = [];
  for (const term of terms) {
    const result = scheduleWithAffinity(input, term);
    if (result.ok) {
      return {
        ...result,
        affinityName: term.affinityName,
        message: `${result.message} (cluster affinity group "${
          term.affinityName
        }"${
          failures.length
            ? `, after ${failures.map(f => `"${f.name}"`).join(', ')} failed`
            : ''
        })`,
      };
    }
    failures.push({ name: term.affinityName, failure: result });
  }
  const last = failures[failures.length - 1];
  return {
    ok: false,
    reason: failures.some(f => f.failure.reason === 'Unschedulable')
      ? 'Unschedulable'
      : 'NoClusterFit',
    affinityName: last.name,
    message: `no cluster affinity group could be scheduled: ${failures
      .map(f => `"${f.name}": ${f.failure.message}`)
      .join('; ')}`,
  };
}
