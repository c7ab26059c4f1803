import { PolicySummary } from '@h-mas/plugin-hmas-common';

/** What a policy selects, on one line (`Deployment ns/name; Service {app=x}`). @internal */
export function describeSelects(summary: PolicySummary): string {
  const resources = summary.resources.map(r => {
    const target = r.name ?? (r.labelSelector ? `{${r.labelSelector}}` : '*');
    return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${target}`;
  });
  return resources.length > 0 ? resources.join('; ') : '—';
}

/**
 * Where a propagation policy places (`fallback a → b · gpu-tier=high · Divided`), or what an
 * override policy changes where, on one line.
 *
 * @internal
 */
export function describePlacement(summary: PolicySummary): string {
  if (summary.type === 'override') {
    const rules = summary.rules.map(rule => {
      const t = rule.targetClusters;
      const where = [...t.clusterNames, ...t.labelSelectors].join(', ');
      return `${where || 'all clusters'}: ${rule.overriders.join(', ')}`;
    });
    return rules.length > 0 ? rules.join('; ') : '—';
  }
  const { placement } = summary;
  const parts: string[] = [];
  if (placement.affinityGroups.length > 0) {
    parts.push(`fallback ${placement.affinityGroups.join(' → ')}`);
  }
  const targets = [...placement.clusterNames, ...placement.labelSelectors];
  parts.push(targets.length > 0 ? targets.join(', ') : 'all clusters');
  parts.push(placement.replicaSchedulingType);
  return parts.join(' · ');
}
