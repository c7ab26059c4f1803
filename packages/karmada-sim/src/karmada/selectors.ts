import { KubeObject } from '../types';

/** A `metav1.LabelSelector`. @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/** Karmada's `FieldSelector` (keys `provider`, `region`, `zone`). @public */
export interface FieldSelector {
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/** Karmada's `ClusterAffinity` (also the shape of `targetCluster`). @public */
export interface ClusterAffinity {
  clusterNames?: string[];
  exclude?: string[];
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

/** A core/v1 Taint. @public */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** A core/v1 Toleration. @public */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/**
 * Matches labels against a label selector with `metav1.LabelSelectorAsSelector`
 * semantics: an absent or empty selector matches everything; an unknown operator
 * makes the selector invalid, which matches nothing.
 * @public
 */
export function matchLabelSelector(
  selector: LabelSelector | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return true;
  const set = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (set[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(set, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(set[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function clusterZones(cluster: KubeObject): string[] {
  const zones: string[] = cluster.spec?.zones ?? [];
  if (zones.length > 0) return zones;
  // `spec.zone` is deprecated but still honoured by Karmada when `zones` is unset.
  return cluster.spec?.zone ? [cluster.spec.zone] : [];
}

function matchSingleValue(
  operator: string,
  value: string | undefined,
  values: string[],
): boolean {
  switch (operator) {
    case 'In':
      return value !== undefined && value !== '' && values.includes(value);
    case 'NotIn':
      return value === undefined || value === '' || !values.includes(value);
    case 'Exists':
      return value !== undefined && value !== '';
    case 'DoesNotExist':
      return value === undefined || value === '';
    default:
      return false;
  }
}

/**
 * Matches a Cluster against a Karmada field selector: `provider` and `region` compare
 * `spec.provider` / `spec.region`; `zone` compares `spec.zones` as Karmada does (`In`
 * needs every zone of the cluster listed, `NotIn` needs none of them listed).
 * @public
 */
export function matchFieldSelector(
  selector: FieldSelector | undefined | null,
  cluster: KubeObject,
): boolean {
  if (!selector) return true;
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    if (expr.key === 'zone') {
      const zones = clusterZones(cluster);
      switch (expr.operator) {
        case 'In':
          if (zones.length === 0 || !zones.every(z => values.includes(z)))
            return false;
          break;
        case 'NotIn':
          if (zones.some(z => values.includes(z))) return false;
          break;
        case 'Exists':
          if (zones.length === 0) return false;
          break;
        case 'DoesNotExist':
          if (zones.length > 0) return false;
          break;
        default:
          return false;
      }
      continue;
    }
    if (expr.key !== 'provider' && expr.key !== 'region') return false;
    const value: string | undefined = cluster.spec?.[expr.key];
    if (!matchSingleValue(expr.operator, value, values)) return false;
  }
  return true;
}

/**
 * Karmada's `ClusterMatches`: excluded names never match; otherwise the label selector,
 * the field selector and the name list (each only when set) must all match.
 * @public
 */
export function matchClusterAffinity(
  affinity: ClusterAffinity | undefined | null,
  cluster: KubeObject,
): boolean {
  if (!affinity) return true;
  const name = cluster.metadata.name ?? '';
  if ((affinity.exclude ?? []).includes(name)) return false;
  if (!matchLabelSelector(affinity.labelSelector, cluster.metadata.labels))
    return false;
  if (!matchFieldSelector(affinity.fieldSelector, cluster)) return false;
  const names = affinity.clusterNames ?? [];
  return names.length === 0 || names.includes(name);
}

/**
 * core/v1 `Toleration.ToleratesTaint`: an empty effect tolerates every effect, an empty
 * key with `Exists` tolerates every taint, `Equal` (or no operator) compares values.
 * @public
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/**
 * The first taint with one of `effects` that no toleration tolerates, or undefined
 * when every such taint is tolerated.
 * @public
 */
export function findUntoleratedTaint(
  taints: Taint[] | undefined,
  tolerations: Toleration[] | undefined,
  effects: string[] = ['NoSchedule', 'NoExecute'],
): Taint | undefined {
  return (taints ?? []).find(
    taint =>
      effects.includes(taint.effect) &&
      !(tolerations ?? []).some(t => toleratesTaint(t, taint)),
  );
}
