import { KarmadaPolicyObject, PolicyKind, policyKinds } from './kinds';

/** One expression of a {@link LabelSelector}. @public */
export interface LabelSelectorRequirement {
  key: string;
  /** `In` and `NotIn` take values, `Exists` and `DoesNotExist` none. */
  operator: string;
  values?: string[];
}

/** A Kubernetes label selector (`metav1.LabelSelector`). @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** The label every object of an H-MAS deployment carries, naming the deployment. */
const DEPLOYMENT_LABEL = 'h-mas.io/deployment';
/** The PropagationPolicy a deployment owns is named `<deployment>-propagation`. */
const PROPAGATION_SUFFIX = '-propagation';

type Obj = Record<string, unknown>;
type Labels = Readonly<Record<string, string>>;

/** `key operator values`; a `matchLabels` pair is `key In (value)`. */
interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A selector's requirements, or undefined when Kubernetes would reject it: policies are read
 * unvalidated, and an invalid selector must match nothing rather than everything.
 */
function requirementsOf(selector: unknown): Requirement[] | undefined {
  if (!isObject(selector)) return undefined;
  const matchLabels = selector.matchLabels ?? {};
  const matchExpressions = selector.matchExpressions ?? [];
  if (!isObject(matchLabels) || !Array.isArray(matchExpressions)) {
    return undefined;
  }
  const requirements: Requirement[] = Object.entries(matchLabels).map(
    ([key, value]) => ({ key, operator: 'In', values: [String(value)] }),
  );
  for (const expression of matchExpressions) {
    if (!isObject(expression) || typeof expression.key !== 'string') {
      return undefined;
    }
    const values = expression.values ?? [];
    if (!Array.isArray(values)) return undefined;
    const { operator } = expression;
    const withValues = operator === 'In' || operator === 'NotIn';
    const withoutValues = operator === 'Exists' || operator === 'DoesNotExist';
    if (
      !(withValues && values.length > 0) &&
      !(withoutValues && values.length === 0)
    ) {
      return undefined;
    }
    requirements.push({
      key: expression.key,
      operator: operator as string,
      values: values.map(String),
    });
  }
  return requirements;
}

function satisfies(labels: Labels, requirement: Requirement): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  if (requirement.operator === 'Exists') return present;
  if (requirement.operator === 'DoesNotExist') return !present;
  const listed =
    present && requirement.values.includes(labels[requirement.key]);
  return requirement.operator === 'In' ? listed : !listed;
}

function selectorHolds(selector: unknown, labels: Labels): boolean {
  const requirements = requirementsOf(selector);
  return (
    requirements !== undefined && requirements.every(r => satisfies(labels, r))
  );
}

/**
 * Whether labels satisfy a label selector, as Kubernetes' `LabelSelectorAsSelector` has it:
 * every `matchLabels` pair and every expression must hold (`NotIn` and `DoesNotExist` hold
 * when the key is missing). An empty selector matches any labels; one Kubernetes rejects (an
 * unknown operator, `In` without values, `Exists` with values) matches none.
 *
 * @public
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  return selectorHolds(selector, labels);
}

/**
 * Karmada's `ClusterMatches` for one affinity term: the cluster is not excluded, the label
 * selector (when set) matches and the names (when set) list it. The field selector reads
 * provider, region and zones, which a label edit cannot change, so it is taken as holding:
 * a term whose field selector rules the cluster out may be reported though it never places
 * there.
 */
function termMatches(term: Obj, clusterName: string, labels: Labels): boolean {
  if (Array.isArray(term.exclude) && term.exclude.includes(clusterName)) {
    return false;
  }
  if (
    term.labelSelector !== undefined &&
    term.labelSelector !== null &&
    !selectorHolds(term.labelSelector, labels)
  ) {
    return false;
  }
  const names = term.clusterNames;
  return (
    !Array.isArray(names) || names.length === 0 || names.includes(clusterName)
  );
}

/**
 * The `clusterAffinities` terms that place the policy on the cluster (none for a policy with
 * one `clusterAffinity`), or undefined when the policy does not place on it.
 */
function placedBy(
  placement: unknown,
  clusterName: string,
  labels: Labels,
): string[] | undefined {
  const p = isObject(placement) ? placement : {};
  const terms = Array.isArray(p.clusterAffinities)
    ? p.clusterAffinities.filter(isObject)
    : [];
  if (terms.length > 0) {
    const matched = terms
      .filter(term => termMatches(term, clusterName, labels))
      .map(term => String(term.affinityName ?? ''));
    return matched.length > 0 ? matched : undefined;
  }
  // Without an affinity Karmada may place on every cluster.
  const affinity = isObject(p.clusterAffinity) ? p.clusterAffinity : {};
  return termMatches(affinity, clusterName, labels) ? [] : undefined;
}

function deploymentOf(policy: KarmadaPolicyObject): string | undefined {
  const deployment = policy.metadata.labels?.[DEPLOYMENT_LABEL];
  return policy.kind === 'PropagationPolicy' &&
    deployment &&
    policy.metadata.name === `${deployment}${PROPAGATION_SUFFIX}`
    ? deployment
    : undefined;
}

/** What a label edit does to one policy's placement on a cluster. @public */
export interface PlacementChange {
  /** `deployment` for the PropagationPolicy an H-MAS deployment owns, else `policy`. */
  type: 'deployment' | 'policy';
  /** The deployment's name for a deployment, else the policy's. */
  name: string;
  /** The policy's namespace; empty for a ClusterPropagationPolicy. */
  namespace: string;
  /** The policy whose placement changes (for a deployment, the one it owns). */
  policy: { kind: PolicyKind; name: string };
  /**
   * Names of the `clusterAffinities` terms that include the cluster before the edit, in
   * order; empty when the policy has one `clusterAffinity` or did not place on the cluster.
   */
  affinityGroupsBefore: string[];
  /** The same after the edit. */
  affinityGroupsAfter: string[];
}

/** The propagation policies whose placement on a cluster a label edit changes. @public */
export interface PlacementImpact {
  /** Policies that would place on the cluster and did not. */
  gains: PlacementChange[];
  /** Policies that placed on the cluster and would not. */
  losses: PlacementChange[];
  /**
   * Policies that place on the cluster before and after, through other `clusterAffinities`
   * terms: the scheduler uses one term at a time, so the workload may still move.
   */
  regrouped: PlacementChange[];
}

/**
 * The propagation policies (PropagationPolicy, ClusterPropagationPolicy; other kinds are
 * skipped) whose placement on a cluster changes when its labels change from `before` to
 * `after`. A policy places on the cluster when its `clusterAffinity` matches, or any of its
 * ordered `clusterAffinities` terms does (see {@link PlacementChange} for the term names).
 * Field selectors (provider, region, zone) cannot change with labels and are taken as
 * holding. The PropagationPolicy `<name>-propagation` labelled
 * `h-mas.io/deployment=<name>` is reported as deployment `<name>`. Policies keep their order.
 *
 * @public
 */
export function placementImpact(input: {
  clusterName: string;
  before: Record<string, string>;
  after: Record<string, string>;
  policies: readonly KarmadaPolicyObject[];
}): PlacementImpact {
  const impact: PlacementImpact = { gains: [], losses: [], regrouped: [] };
  for (const policy of input.policies) {
    if (policyKinds[policy.kind]?.type !== 'propagation') continue;
    const placement = isObject(policy.spec) ? policy.spec.placement : undefined;
    const before = placedBy(placement, input.clusterName, input.before);
    const after = placedBy(placement, input.clusterName, input.after);
    if (!before && !after) continue;
    const deployment = deploymentOf(policy);
    const change: PlacementChange = {
      type: deployment ? 'deployment' : 'policy',
      name: deployment ?? policy.metadata.name,
      namespace: policy.metadata.namespace ?? '',
      policy: { kind: policy.kind, name: policy.metadata.name },
      affinityGroupsBefore: before ?? [],
      affinityGroupsAfter: after ?? [],
    };
    if (!before) impact.gains.push(change);
    else if (!after) impact.losses.push(change);
    else if (
      before.length !== after.length ||
      before.some((group, i) => group !== after[i])
    ) {
      impact.regrouped.push(change);
    }
  }
  return impact;
}
