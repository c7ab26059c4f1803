/**
 * kube-scheduler's InterPodAffinity filter (required pod affinity and anti-affinity) and a
 * PodTopologySpread score for `whenUnsatisfiable: ScheduleAnyway` constraints, as far as
 * the simulator's members need them
 * (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go,
 * pkg/scheduler/framework/plugins/podtopologyspread/scoring.go).
 *
 * - A required affinity term is met on a node whose `topologyKey` value equals that of the
 *   node of some existing pod the term selects (in the term's namespaces, by default the
 *   pod's own). When no existing pod matches and the pod matches its own term, every node
 *   passes: the first pod of a group that wants to be together schedules anywhere.
 * - A required anti-affinity term fails on a node sharing its `topologyKey` value with the
 *   node of an existing pod the term selects.
 * - `DoNotSchedule` spread constraints are not enforced (the planner writes `ScheduleAnyway`
 *   only); `ScheduleAnyway` ones lower a node's score by the matching pods already in its
 *   topology domain, so replicas spread.
 * Existing pods' own anti-affinity (the symmetric check) and `namespaceSelector` are not
 * evaluated.
 */

import type { KubeObject } from '../types';
import { matchLabelSelector } from '../karmada/selectors';

/** kube-scheduler's reasons (interpodaffinity `ErrReasonAffinityRulesNotMatch`, ...). */
export const AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't match pod anti-affinity rules";

interface AffinityTerm {
  labelSelector?: any;
  namespaces?: string[];
  topologyKey: string;
}

function terms(pod: KubeObject, kind: 'podAffinity' | 'podAntiAffinity') {
  return (pod.spec?.affinity?.[kind]
    ?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as AffinityTerm[];
}

function isLive(p: KubeObject): boolean {
  const phase = p.status?.phase;
  return (
    !!p.spec?.nodeName &&
    !p.metadata.deletionTimestamp &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

function selects(term: AffinityTerm, pod: KubeObject, other: KubeObject) {
  const namespaces = term.namespaces?.length
    ? term.namespaces
    : [pod.metadata.namespace];
  return (
    namespaces.includes(other.metadata.namespace) &&
    matchLabelSelector(term.labelSelector, other.metadata.labels)
  );
}

/**
 * The InterPodAffinity reason a node fails with for `pod`, given the member's nodes and
 * pods; undefined when it passes.
 */
export function interPodAffinityReason(
  pod: KubeObject,
  node: KubeObject,
  nodes: KubeObject[],
  pods: KubeObject[],
): string | undefined {
  const affinity = terms(pod, 'podAffinity');
  const anti = terms(pod, 'podAntiAffinity');
  if (affinity.length === 0 && anti.length === 0) return undefined;
  const byName = new Map(nodes.map(n => [n.metadata.name, n]));
  const others = pods.filter(
    p => isLive(p) && p.metadata.uid !== pod.metadata.uid,
  );
  const topology = (nodeName: string, key: string) =>
    byName.get(nodeName)?.metadata.labels?.[key];
  for (const term of affinity) {
    const value = node.metadata.labels?.[term.topologyKey];
    const matching = others.filter(p => selects(term, pod, p));
    if (matching.length === 0) {
      if (selects(term, pod, pod)) continue;
      return AFFINITY_RULES_NOT_MATCH;
    }
    const met =
      value !== undefined &&
      matching.some(p => topology(p.spec.nodeName, term.topologyKey) === value);
    if (!met) return AFFINITY_RULES_NOT_MATCH;
  }
  for (const term of anti) {
    const value = node.metadata.labels?.[term.topologyKey];
    if (value === undefined) continue;
    const clash = others.some(
      p =>
        selects(term, pod, p) &&
        topology(p.spec.nodeName, term.topologyKey) === value,
    );
    if (clash) return ANTI_AFFINITY_RULES_NOT_MATCH;
  }
  return undefined;
}

/**
 * How much a node's score drops for the pod's `ScheduleAnyway` spread constraints: the
 * matching pods already in the node's domain of each constraint.
 */
export function spreadPenalty(
  pod: KubeObject,
  node: KubeObject,
  nodes: KubeObject[],
  pods: KubeObject[],
): number {
  const constraints: any[] = (pod.spec?.topologySpreadConstraints ?? []).filter(
    (c: any) => c.whenUnsatisfiable === 'ScheduleAnyway',
  );
  if (constraints.length === 0) return 0;
  const byName = new Map(nodes.map(n => [n.metadata.name, n]));
  let penalty = 0;
  for (const c of constraints) {
    const value = node.metadata.labels?.[c.topologyKey];
    if (value === undefined) continue;
    penalty += pods.filter(
      p =>
        isLive(p) &&
        p.metadata.uid !== pod.metadata.uid &&
        p.metadata.namespace === pod.metadata.namespace &&
        matchLabelSelector(c.labelSelector, p.metadata.labels) &&
        byName.get(p.spec.nodeName)?.metadata.labels?.[c.topologyKey] === value,
    ).length;
  }
  return penalty;
}
