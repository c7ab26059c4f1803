/**
 * ResourceQuota arithmetic as kube's quota evaluators do it: what a pod (or any counted
 * object) uses, which quotas' scopes cover it, the `must specify` constraint, the
 * `exceeded quota` check, and the status (`hard`, `used`) the quota controller writes.
 */
import type { KubeObject } from '../types';
import { formatQuantity, parseQuantity } from '../karmada/quantity';

/** Resources whose quota key exists without the `requests.` prefix (`cpu` = `requests.cpu`). */
const BARE_KEYS = ['cpu', 'memory', 'ephemeral-storage'];

/** Resources kube's pod evaluator counts under `limits.` (extended resources have none). */
const LIMIT_KEYS = ['cpu', 'memory', 'ephemeral-storage'];

/** Keys for which every container must state a request or limit (kube's `validationSet`). */
const CONSTRAINED_KEYS = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

/** Object-count keys that predate `count/<resource>`, by the resource's storage key. */
const LEGACY_COUNT_KEYS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
};

function quantity(v: unknown): number {
  try {
    return v === undefined || v === null ? 0 : parseQuantity(v as string);
  } catch {
    return 0;
  }
}

/** Rounds away float noise (0.1 + 0.2) at the milli-unit. */
function round(value: number): number {
  const milli = Math.round(value * 1000);
  return Math.abs(milli - value * 1000) < 1e-6 ? milli / 1000 : value;
}

/**
 * Formats a quota value as kube prints a quantity: memory and storage keys in binary
 * suffixes (`8Gi`), everything else decimal (`2`, `1500m`).
 * @public
 */
export function formatQuotaValue(key: string, value: number): string {
  const binary = /memory$|storage/.test(key);
  return formatQuantity(round(value), binary ? 'BinarySI' : 'DecimalSI');
}

/**
 * The quota keys that count objects of a resource (given as its storage key, `pods` or
 * `deployments.apps`): `count/<key>`, and the legacy name for core types (`pods`,
 * `services`, `secrets`, ...).
 * @public
 */
export function countKeys(resourceKey: string): string[] {
  const legacy = LEGACY_COUNT_KEYS[resourceKey];
  return legacy ? [`count/${resourceKey}`, legacy] : [`count/${resourceKey}`];
}

/** The storage key a count quota key counts (`count/deployments.apps` → `deployments.apps`). */
export function countedResource(key: string): string | undefined {
  if (key.startsWith('count/')) return key.slice('count/'.length);
  return Object.values(LEGACY_COUNT_KEYS).includes(key) && key !== 'pods'
    ? key
    : undefined;
}

/** Whether a quota key is computed from pods (`pods`, `requests.*`, `limits.*`, `cpu`, `memory`). */
export function isPodKey(key: string): boolean {
  if (key === 'pods' || key === 'count/pods') return true;
  if (key === 'requests.storage') return false;
  return (
    key.startsWith('requests.') ||
    key.startsWith('limits.') ||
    BARE_KEYS.includes(key)
  );
}

function containerList(c: any, field: 'requests' | 'limits') {
  const limits = c?.resources?.limits ?? {};
  // The API server defaults a missing request to the limit.
  return field === 'limits'
    ? limits
    : { ...limits, ...(c?.resources?.requests ?? {}) };
}

/** Per-resource totals of a pod: containers summed, then the largest init container. */
function podTotals(podSpec: any, field: 'requests' | 'limits') {
  const total: Record<string, number> = {};
  for (const c of podSpec?.containers ?? []) {
    for (const [r, v] of Object.entries(containerList(c, field)))
      total[r] = (total[r] ?? 0) + quantity(v);
  }
  for (const c of podSpec?.initContainers ?? []) {
    for (const [r, v] of Object.entries(containerList(c, field)))
      total[r] = Math.max(total[r] ?? 0, quantity(v));
  }
  return total;
}

/**
 * What one pod counts against a quota, by quota key: `pods` and `count/pods` 1,
 * `requests.<r>` (and `cpu`, `memory`, `ephemeral-storage`) its requests, `limits.cpu`,
 * `limits.memory` and `limits.ephemeral-storage` its limits. A container's missing
 * request is its limit, as the API server defaults it.
 * @public
 */
export function podQuotaUsage(podSpec: any): Record<string, number> {
  const usage: Record<string, number> = { pods: 1, 'count/pods': 1 };
  for (const [r, v] of Object.entries(podTotals(podSpec, 'requests'))) {
    usage[`requests.${r}`] = v;
    if (BARE_KEYS.includes(r)) usage[r] = v;
  }
  for (const [r, v] of Object.entries(podTotals(podSpec, 'limits'))) {
    if (LIMIT_KEYS.includes(r)) usage[`limits.${r}`] = v;
  }
  return usage;
}

function isBestEffort(podSpec: any): boolean {
  return [
    ...(podSpec?.containers ?? []),
    ...(podSpec?.initContainers ?? []),
  ].every(
    (c: any) =>
      Object.keys(c?.resources?.requests ?? {}).length === 0 &&
      Object.keys(c?.resources?.limits ?? {}).length === 0,
  );
}

function matchScope(
  scope: string,
  pod: KubeObject,
  expr?: { operator?: string; values?: string[] },
): boolean {
  const spec = pod.spec ?? {};
  switch (scope) {
    case 'Terminating':
      return typeof spec.activeDeadlineSeconds === 'number';
    case 'NotTerminating':
      return typeof spec.activeDeadlineSeconds !== 'number';
    case 'BestEffort':
      return isBestEffort(spec);
    case 'NotBestEffort':
      return !isBestEffort(spec);
    case 'PriorityClass': {
      const name: string | undefined = spec.priorityClassName || undefined;
      switch (expr?.operator ?? 'Exists') {
        case 'In':
          return name !== undefined && (expr?.values ?? []).includes(name);
        case 'NotIn':
          return name === undefined || !(expr?.values ?? []).includes(name);
        case 'Exists':
          return name !== undefined;
        case 'DoesNotExist':
          return name === undefined;
        default:
          return false;
      }
    }
    default:
      // CrossNamespacePodAffinity and unknown scopes: not emulated, they match nothing.
      return false;
  }
}

/**
 * Whether a quota's scopes cover a pod: every `spec.scopes` entry and every
 * `spec.scopeSelector.matchExpressions` entry must match (`Terminating`, `NotTerminating`,
 * `BestEffort`, `NotBestEffort`, `PriorityClass` with `In`/`NotIn`/`Exists`/`DoesNotExist`).
 * @public
 */
export function quotaCoversPod(quota: KubeObject, pod: KubeObject): boolean {
  const scopes: string[] = quota.spec?.scopes ?? [];
  const exprs: any[] = quota.spec?.scopeSelector?.matchExpressions ?? [];
  return (
    scopes.every(s => matchScope(s, pod)) &&
    exprs.every(e => matchScope(e?.scopeName, pod, e))
  );
}

/** The quota's `spec.hard` in base units. */
function hardOf(quota: KubeObject): Record<string, number> {
  return Object.fromEntries(
    Object.entries(quota.spec?.hard ?? {}).map(([k, v]) => [k, quantity(v)]),
  );
}

/**
 * kube's pod evaluator `Constraints`: when a quota limits `cpu`/`memory` (bare,
 * `requests.` or `limits.`), every container must state it. Returns the reason of the
 * 403 (`must specify limits.cpu for: server`), or undefined.
 * @public
 */
export function quotaConstraintError(
  quota: KubeObject,
  podSpec: any,
): string | undefined {
  const required = Object.keys(quota.spec?.hard ?? {}).filter(k =>
    CONSTRAINED_KEYS.includes(k),
  );
  if (required.length === 0) return undefined;
  const missing = new Map<string, string[]>();
  for (const c of [
    ...(podSpec?.containers ?? []),
    ...(podSpec?.initContainers ?? []),
  ]) {
    const has = new Set<string>();
    for (const r of Object.keys(containerList(c, 'requests'))) {
      has.add(`requests.${r}`);
      has.add(r);
    }
    for (const r of Object.keys(containerList(c, 'limits')))
      has.add(`limits.${r}`);
    for (const key of required) {
      if (!has.has(key))
        missing.set(key, [...(missing.get(key) ?? []), String(c?.name)]);
    }
  }
  if (missing.size === 0) return undefined;
  return `must specify ${[...missing.keys()]
    .sort()
    .map(k => `${k} for: ${[...missing.get(k)!].sort().join(',')}`)
    .join('; ')}`;
}

function pretty(values: Record<string, number>, keys: string[]): string {
  return [...keys]
    .sort()
    .map(k => `${k}=${formatQuotaValue(k, values[k] ?? 0)}`)
    .join(',');
}

/**
 * kube's quota admission check of one quota: `requested` (what the new object counts, by
 * key) added to `used` must stay within `spec.hard` for every key the quota limits.
 * Returns the reason of the 403, in kube's words (`exceeded quota: team-quota, requested:
 * requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited:
 * requests.nvidia.com/gpu=4`), naming only the exceeded keys; or undefined.
 * @public
 */
export function quotaExceeded(
  quota: KubeObject,
  used: Record<string, number>,
  requested: Record<string, number>,
): string | undefined {
  const hard = hardOf(quota);
  const exceeded = Object.keys(requested).filter(
    k => k in hard && (used[k] ?? 0) + requested[k] > hard[k] + 1e-9,
  );
  if (exceeded.length === 0) return undefined;
  return `exceeded quota: ${quota.metadata.name}, requested: ${pretty(
    requested,
    exceeded,
  )}, used: ${pretty(used, exceeded)}, limited: ${pretty(hard, exceeded)}`;
}

/**
 * What the objects of a namespace use of a quota, for every key of `spec.hard` this
 * simulator computes: pod keys from the non-terminated pods the quota's scopes cover, and
 * object counts (`count/<resource>`, `services`, ...) from `countOf`, which returns
 * undefined for a resource it cannot count. Other keys (e.g. `requests.storage`) are left out.
 * @public
 */
export function quotaUsage(
  quota: KubeObject,
  pods: readonly KubeObject[],
  countOf: (resourceKey: string) => number | undefined,
): Record<string, number> {
  const used: Record<string, number> = {};
  const counted = pods.filter(
    p =>
      !p.metadata.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed' &&
      quotaCoversPod(quota, p),
  );
  const perPod = counted.map(p => podQuotaUsage(p.spec));
  for (const key of Object.keys(quota.spec?.hard ?? {})) {
    if (isPodKey(key)) {
      used[key] = perPod.reduce((s, u) => s + (u[key] ?? 0), 0);
      continue;
    }
    const resource = countedResource(key);
    const n = resource ? countOf(resource) : undefined;
    if (n !== undefined) used[key] = n;
  }
  return used;
}

/**
 * The status kube's quota controller writes: `hard` is `spec.hard` (as written), `used` the formatted
 * {@link quotaUsage} (only keys of `spec.hard`).
 * @public
 */
export function quotaStatus(
  quota: KubeObject,
  used: Record<string, number>,
): { hard: Record<string, string>; used: Record<string, string> } {
  const hard: Record<string, string> = {};
  for (const [k, v] of Object.entries(quota.spec?.hard ?? {}))
    hard[k] = String(v);
  return {
    hard,
    used: Object.fromEntries(
      Object.keys(hard)
        .filter(k => k in used)
        .map(k => [k, formatQuotaValue(k, used[k])]),
    ),
  };
}
