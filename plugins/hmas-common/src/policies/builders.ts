import {
  coreLabelKeys,
  PlaceableZoneId,
  placeableZoneIds,
  zoneById,
} from '../clusters/zones';
import type { PresetReplicaScheduling, PresetSpec } from '../presets/preset';

/**
 * The pieces of Karmada placement that H-MAS writes, built once: the manifest planner
 * (a deployment's PropagationPolicy), policy presets and the policy form of the portal all use
 * them, so a zone always selects its clusters by the configured `gpu-tier` label key.
 */

/**
 * Fields of a Karmada policy as the builders return them (plain JSON).
 *
 * @public
 */
export type PolicyFields = Record<string, unknown>;

/**
 * A set of clusters: the clusters of a zone (by the `gpu-tier` label), or clusters by name.
 *
 * @public
 */
export interface ClusterTarget {
  by: 'zone' | 'clusters';
  zone: PlaceableZoneId;
  clusters: string[];
}

/** One group of an ordered fallback (`clusterAffinities`). @public */
export interface FallbackGroup extends ClusterTarget {
  affinityName: string;
}

/** Karmada `replicaScheduling` that puts every replica on every cluster. @public */
export const DUPLICATED_SCHEDULING: Readonly<PolicyFields> = Object.freeze({
  replicaSchedulingType: 'Duplicated',
});

/**
 * Karmada `replicaScheduling` that divides the replicas by the replicas each cluster can
 * still fit (`dynamicWeight: AvailableReplicas`), H-MAS's default: `replicas` always means the
 * total across the fleet.
 *
 * @public
 */
export const DIVIDED_SCHEDULING: Readonly<PolicyFields> = Object.freeze({
  replicaSchedulingType: 'Divided',
  replicaDivisionPreference: 'Weighted',
  weightPreference: Object.freeze({ dynamicWeight: 'AvailableReplicas' }),
});

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * The cluster affinity term that selects a zone's clusters: `gpu-tier` (under the configured
 * label prefix) equal to the zone's tier.
 *
 * @public
 */
export function zoneAffinity(
  zone: PlaceableZoneId,
  labelPrefix = '',
): PolicyFields {
  return {
    labelSelector: {
      matchLabels: {
        [coreLabelKeys(labelPrefix).gpuTier]: zoneById(zone).gpuTier!,
      },
    },
  };
}

/** The cluster affinity term of a target: its cluster names, or its zone. @public */
export function targetAffinity(
  target: ClusterTarget,
  labelPrefix = '',
): PolicyFields {
  if (target.by === 'clusters') return { clusterNames: [...target.clusters] };
  return zoneAffinity(target.zone, labelPrefix);
}

/** Karmada `clusterAffinities`: one named affinity group per fallback group, in order. @public */
export function fallbackAffinities(
  groups: readonly FallbackGroup[],
  labelPrefix = '',
): PolicyFields[] {
  return groups.map(g => ({
    affinityName: g.affinityName,
    ...targetAffinity(g, labelPrefix),
  }));
}

const has = (o: object, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key);
const isObject = (value: unknown): value is PolicyFields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const hasOnly = (o: PolicyFields, ...keys: string[]) =>
  Object.keys(o).length === keys.length && keys.every(k => has(o, k));

/**
 * The target a cluster affinity term describes, when it is one {@link targetAffinity} builds
 * (only `clusterNames`, or only a zone's `gpu-tier` under the label prefix); otherwise
 * undefined. `zone` of a cluster-names target is `fallbackZone`.
 *
 * @public
 */
export function targetOfAffinity(
  term: PolicyFields,
  labelPrefix = '',
  fallbackZone: PlaceableZoneId = 'gpu-general',
): ClusterTarget | undefined {
  const names = term.clusterNames;
  if (
    hasOnly(term, 'clusterNames') &&
    Array.isArray(names) &&
    names.every(n => typeof n === 'string')
  ) {
    return { by: 'clusters', zone: fallbackZone, clusters: [...names] };
  }
  const tierKey = coreLabelKeys(labelPrefix).gpuTier;
  const selector = term.labelSelector;
  if (
    !hasOnly(term, 'labelSelector') ||
    !isObject(selector) ||
    !hasOnly(selector, 'matchLabels') ||
    !isObject(selector.matchLabels) ||
    !hasOnly(selector.matchLabels, tierKey)
  ) {
    return undefined;
  }
  const tier = selector.matchLabels[tierKey];
  const zone = placeableZoneIds.find(z => zoneById(z).gpuTier === tier);
  return zone ? { by: 'zone', zone, clusters: [] } : undefined;
}

/**
 * Karmada `replicaScheduling` of a preset's choice: Duplicated, Divided by available replicas,
 * or Divided by a static weight list.
 *
 * @public
 */
export function replicaScheduling(rs: PresetReplicaScheduling): PolicyFields {
  if (rs.type === 'Duplicated') return copy(DUPLICATED_SCHEDULING);
  if (rs.weighting.mode === 'dynamic') return copy(DIVIDED_SCHEDULING);
  return {
    replicaSchedulingType: 'Divided',
    replicaDivisionPreference: 'Weighted',
    weightPreference: {
      staticWeightList: rs.weighting.weights.map(w => {
        const targetCluster: PolicyFields = {};
        if (w.clusterNames) targetCluster.clusterNames = [...w.clusterNames];
        if (w.labelSelector) {
          targetCluster.labelSelector = { matchLabels: { ...w.labelSelector } };
        }
        return { targetCluster, weight: w.weight };
      }),
    },
  };
}

/**
 * Karmada `spreadConstraints` of a spread choice. A spread by region also gets the cluster
 * constraint Karmada requires beside a field spread; each region group holds at least one
 * cluster, so the region's minimum is also the clusters'.
 *
 * @public
 */
export function spreadConstraints(
  spreadBy: NonNullable<PresetSpec['placement']['spreadBy']>,
): PolicyFields[] {
  const constraint: PolicyFields = { spreadByField: spreadBy.field };
  if (spreadBy.maxGroups !== undefined) {
    constraint.maxGroups = spreadBy.maxGroups;
  }
  if (spreadBy.minGroups !== undefined) {
    constraint.minGroups = spreadBy.minGroups;
  }
  if (spreadBy.field === 'cluster') return [constraint];
  return [
    constraint,
    { spreadByField: 'cluster', minGroups: spreadBy.minGroups ?? 1 },
  ];
}

/** The Karmada taints of a cluster that is not ready or not reachable. @public */
export const CLUSTER_FAILURE_TAINTS = [
  'cluster.karmada.io/not-ready',
  'cluster.karmada.io/unreachable',
] as const;

/**
 * `placement.clusterTolerations` that keep replicas on a failing cluster for `seconds`, then
 * let Karmada evict them (cluster failover).
 *
 * @public
 */
export function clusterFailureTolerations(seconds: number): PolicyFields[] {
  return CLUSTER_FAILURE_TAINTS.map(key => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: seconds,
  }));
}

/**
 * The policy fields of application failover: `failover.application`
 * (`decisionConditions.tolerationSeconds`, `purgeMode`, default Gracefully,
 * `gracePeriodSeconds`) and `propagateDeps: true`, without which Karmada rejects application
 * failover.
 *
 * @public
 */
export function applicationFailover(
  failover: NonNullable<PresetSpec['failover']>,
): { propagateDeps: true; failover: { application: PolicyFields } } {
  const application: PolicyFields = {
    decisionConditions: { tolerationSeconds: failover.tolerationSeconds },
    purgeMode: failover.purgeMode ?? 'Gracefully',
  };
  if (failover.gracePeriodSeconds !== undefined) {
    application.gracePeriodSeconds = failover.gracePeriodSeconds;
  }
  return { propagateDeps: true, failover: { application } };
}
