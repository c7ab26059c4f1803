import { KarmadaPolicyObject, PolicyKind, policyKinds } from './kinds';

/** One resource a policy selects: by name, or by label selector. @public */
export interface PolicyResourceSummary {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  /** The label selector in `kubectl` syntax (`app=llama,tier in (a,b)`). */
  labelSelector?: string;
}

/** Where a set of clusters is picked: by name and by label or field selector. @public */
export interface ClusterTargetSummary {
  clusterNames: string[];
  /** Label and field selectors in `kubectl` syntax. */
  labelSelectors: string[];
}

/** Where a propagation policy places what it selects. @public */
export interface PlacementSummary extends ClusterTargetSummary {
  /** Names of the ordered fallback groups (`clusterAffinities`), in order. */
  affinityGroups: string[];
  /** `Duplicated` or `Divided` (the default when unset). */
  replicaSchedulingType: 'Duplicated' | 'Divided';
}

/** One override rule: its target clusters and overriders (`plaintext replace /spec/x`). @public */
export interface OverrideRuleSummary {
  targetClusters: ClusterTargetSummary;
  overriders: string[];
}

/**
 * What a policy selects and where it places it (propagation) or what it changes where
 * (override); the cached, listable view of a policy.
 *
 * @public
 */
export type PolicySummary =
  | {
      type: 'propagation';
      resources: PolicyResourceSummary[];
      placement: PlacementSummary;
    }
  | {
      type: 'override';
      resources: PolicyResourceSummary[];
      rules: OverrideRuleSummary[];
    };

/** A policy as listed: identity, version and summary. @public */
export interface PolicyInfo {
  kind: PolicyKind;
  /** Empty for the cluster-scoped kinds. */
  namespace: string;
  name: string;
  resourceVersion: string;
  summary: PolicySummary;
}

function formatSelector(selector: any): string | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const parts: string[] = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : []) {
    const values = Array.isArray(e?.values) ? e.values.join(',') : '';
    switch (e?.operator) {
      case 'Exists':
        parts.push(String(e.key));
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        parts.push(
          `${e?.key} ${String(e?.operator).toLowerCase()} (${values})`,
        );
    }
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

function summarizeTarget(affinity: any): ClusterTargetSummary {
  const target: ClusterTargetSummary = { clusterNames: [], labelSelectors: [] };
  if (!affinity || typeof affinity !== 'object') return target;
  if (Array.isArray(affinity.clusterNames)) {
    target.clusterNames.push(...affinity.clusterNames.map(String));
  }
  for (const selector of [affinity.labelSelector, affinity.fieldSelector]) {
    const text = formatSelector(selector);
    if (text) target.labelSelectors.push(text);
  }
  return target;
}

function summarizeResources(spec: any): PolicyResourceSummary[] {
  return (Array.isArray(spec?.resourceSelectors) ? spec.resourceSelectors : [])
    .filter((s: any) => s && typeof s === 'object')
    .map((s: any) => {
      const labelSelector = formatSelector(s.labelSelector);
      return {
        apiVersion: String(s.apiVersion ?? ''),
        kind: String(s.kind ?? ''),
        ...(s.namespace ? { namespace: String(s.namespace) } : {}),
        ...(s.name ? { name: String(s.name) } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      };
    });
}

function describeOverriders(overriders: any): string[] {
  if (!overriders || typeof overriders !== 'object') return [];
  const out: string[] = [];
  for (const p of Array.isArray(overriders.plaintext)
    ? overriders.plaintext
    : []) {
    out.push(`plaintext ${p?.operator} ${p?.path}`);
  }
  for (const [key, name] of [
    ['imageOverrider', 'image'],
    ['commandOverrider', 'command'],
    ['argsOverrider', 'args'],
    ['labelsOverrider', 'labels'],
    ['annotationsOverrider', 'annotations'],
    ['fieldOverrider', 'field'],
  ] as const) {
    for (const o of Array.isArray(overriders[key]) ? overriders[key] : []) {
      const target = o?.containerName ?? o?.component ?? o?.fieldPath ?? '';
      out.push(
        `${name} ${o?.operator ?? ''}${target ? ` ${target}` : ''}`.trim(),
      );
    }
  }
  return out;
}

/**
 * The summary of a policy: for propagation policies the selected resources and the placement,
 * for override policies the rules' target clusters and overriders.
 *
 * @public
 */
export function summarizePolicy(policy: KarmadaPolicyObject): PolicySummary {
  const spec: any = policy.spec ?? {};
  const resources = summarizeResources(spec);
  if (policyKinds[policy.kind].type === 'override') {
    const rules: OverrideRuleSummary[] = (
      Array.isArray(spec.overrideRules) ? spec.overrideRules : []
    ).map((rule: any) => ({
      targetClusters: summarizeTarget(rule?.targetCluster),
      overriders: describeOverriders(rule?.overriders),
    }));
    if (spec.overriders || spec.targetCluster) {
      rules.push({
        targetClusters: summarizeTarget(spec.targetCluster),
        overriders: describeOverriders(spec.overriders),
      });
    }
    return { type: 'override', resources, rules };
  }
  const placement = spec.placement ?? {};
  const target = summarizeTarget(placement.clusterAffinity);
  const affinityGroups: string[] = [];
  for (const term of Array.isArray(placement.clusterAffinities)
    ? placement.clusterAffinities
    : []) {
    affinityGroups.push(String(term?.affinityName ?? ''));
    const t = summarizeTarget(term);
    target.clusterNames.push(...t.clusterNames);
    target.labelSelectors.push(...t.labelSelectors);
  }
  return {
    type: 'propagation',
    resources,
    placement: {
      clusterNames: [...new Set(target.clusterNames)],
      labelSelectors: [...new Set(target.labelSelectors)],
      affinityGroups,
      replicaSchedulingType:
        placement.replicaScheduling?.replicaSchedulingType === 'Duplicated'
          ? 'Duplicated'
          : 'Divided',
    },
  };
}

/** The listable view of a policy object. @public */
export function toPolicyInfo(policy: KarmadaPolicyObject): PolicyInfo {
  return {
    kind: policy.kind,
    namespace: policy.metadata.namespace ?? '',
    name: policy.metadata.name,
    resourceVersion: policy.metadata.resourceVersion ?? '',
    summary: summarizePolicy(policy),
  };
}
