import { z } from 'zod';

/**
 * Zones of the fleet. A zone is derived from a cluster's labels, never stored as the truth.
 *
 * @public
 */
export const zoneIds = [
  'gpu-high',
  'gpu-general',
  'cpu-only',
  'unclassified',
] as const;

/** @public */
export type ZoneId = (typeof zoneIds)[number];

/**
 * The zones a deployment, preset or policy can place into: every zone but Unclassified.
 *
 * @public
 */
export const placeableZoneIds = [
  'gpu-high',
  'gpu-general',
  'cpu-only',
] as const;

/** @public */
export type PlaceableZoneId = (typeof placeableZoneIds)[number];

/** A placeable zone id. @public */
export const placeableZoneSchema = z.enum(placeableZoneIds);

/** Values of the `gpu-tier` label. @public */
export const gpuTiers = ['high', 'general', 'none'] as const;

/** @public */
export type GpuTier = (typeof gpuTiers)[number];

/** Values of the derived `cluster-type` label. @public */
export type ClusterType = 'standard' | 'cpu-only';

/** @public */
export interface ZoneDefinition {
  id: ZoneId;
  title: string;
  /** The `gpu-tier` value that puts a cluster in this zone; none for Unclassified. */
  gpuTier?: GpuTier;
  /** Colour of the zone badge, where the zone has one. */
  badge?: 'teal' | 'amber';
}

/**
 * The four zones, in display order.
 *
 * @public
 */
export const zones: readonly ZoneDefinition[] = [
  { id: 'gpu-high', title: 'GPU High Performance', gpuTier: 'high' },
  { id: 'gpu-general', title: 'GPU General', gpuTier: 'general' },
  { id: 'cpu-only', title: 'CPU Only', gpuTier: 'none', badge: 'teal' },
  { id: 'unclassified', title: 'Unclassified', badge: 'amber' },
];

/** @public */
export function zoneById(id: ZoneId): ZoneDefinition {
  return zones.find(zone => zone.id === id)!;
}

/**
 * Keys of the core labels under a prefix (default none, as in the seed system; e.g.
 * `h-mas.io/` gives `h-mas.io/gpu-tier`).
 *
 * @public
 */
export function coreLabelKeys(prefix = '') {
  return {
    gpuTier: `${prefix}gpu-tier`,
    clusterType: `${prefix}cluster-type`,
    gpuType: `${prefix}gpu-type`,
    gpuMemory: `${prefix}gpu-memory`,
    scheduler: `${prefix}scheduler`,
  };
}

/** @public */
export type CoreLabelKeys = ReturnType<typeof coreLabelKeys>;

/**
 * Annotation holding every GPU type of a cluster, comma-separated (a label value cannot hold
 * a list); the `gpu-type` label holds the primary one.
 *
 * @public
 */
export const GPU_TYPES_ANNOTATION = 'h-mas.io/gpu-types';

/**
 * The zone of a cluster from its labels: `gpu-tier` high, general or none; anything else,
 * including a missing label, is Unclassified.
 *
 * @public
 */
export function classifyZone(
  labels: Record<string, string> | undefined,
  prefix = '',
): ZoneId {
  const tier = labels?.[coreLabelKeys(prefix).gpuTier];
  return (
    zones.find(zone => zone.gpuTier !== undefined && zone.gpuTier === tier)
      ?.id ?? 'unclassified'
  );
}

/**
 * `cluster-type` follows `gpu-tier`: `none` gives `cpu-only`, any other known tier
 * `standard`; an unknown or missing tier gives nothing to derive.
 *
 * @public
 */
export function deriveClusterType(
  gpuTier: string | undefined,
): ClusterType | undefined {
  if (gpuTier === 'none') return 'cpu-only';
  if (gpuTier === 'high' || gpuTier === 'general') return 'standard';
  return undefined;
}

/**
 * Applies a label change and the derivation rule: when the result has a known `gpu-tier`,
 * `cluster-type` is set to match it (a person cannot make them disagree).
 *
 * @public
 */
export function applyLabelChange(
  labels: Record<string, string>,
  change: { set?: Record<string, string>; remove?: string[] },
  prefix = '',
): Record<string, string> {
  const keys = coreLabelKeys(prefix);
  const next: Record<string, string> = { ...labels, ...change.set };
  for (const key of change.remove ?? []) delete next[key];
  const derived = deriveClusterType(next[keys.gpuTier]);
  if (derived) next[keys.clusterType] = derived;
  return next;
}

/**
 * The label change that turns `before` into `after`, as `PATCH /clusters/:name/labels` takes
 * it: labels to set (new or changed values) and keys to remove.
 *
 * @public
 */
export function labelDiff(
  before: Record<string, string>,
  after: Record<string, string>,
): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) set[k] = v;
  const remove = Object.keys(before).filter(k => !(k in after));
  return { set, remove };
}

/**
 * Whether a change moves a cluster to another zone, for the editor's banner
 * ("moves from Unclassified to GPU General").
 *
 * @public
 */
export function zoneChange(
  before: Record<string, string> | undefined,
  after: Record<string, string>,
  prefix = '',
): { from: ZoneDefinition; to: ZoneDefinition } | undefined {
  const from = classifyZone(before, prefix);
  const to = classifyZone(after, prefix);
  return from === to ? undefined : { from: zoneById(from), to: zoneById(to) };
}

/**
 * The GPU types of a cluster: the `gpu-type` label first, then the types listed in the
 * {@link GPU_TYPES_ANNOTATION}; lowercased, without duplicates.
 *
 * @public
 */
export function clusterGpuTypes(
  labels: Record<string, string> | undefined,
  annotations: Record<string, string> | undefined,
  prefix = '',
): string[] {
  const types = [
    labels?.[coreLabelKeys(prefix).gpuType],
    ...(annotations?.[GPU_TYPES_ANNOTATION]?.split(',') ?? []),
  ]
    .map(t => t?.trim().toLowerCase())
    .filter((t): t is string => !!t);
  return [...new Set(types)];
}

/** @public */
export interface ZoneSummary {
  /** Union of the clusters' GPU types, in first-seen order. */
  gpuTypes: string[];
  /** The first five GPU types, for the header. */
  gpuTypesShown: string[];
  /** How many GPU types the header leaves out ("+N more"). */
  moreGpuTypes: number;
  /** Union of the clusters' pod schedulers, sorted. */
  schedulers: string[];
}

/**
 * The header summary of a zone group: union of GPU types (first 5 plus "+N more") and of
 * schedulers.
 *
 * @public
 */
export function summarizeZone(
  clusters: Array<{ gpuTypes: string[]; scheduler?: string }>,
  maxShown = 5,
): ZoneSummary {
  const gpuTypes = [...new Set(clusters.flatMap(c => c.gpuTypes))];
  const schedulers = [
    ...new Set(clusters.map(c => c.scheduler).filter((s): s is string => !!s)),
  ].sort();
  return {
    gpuTypes,
    gpuTypesShown: gpuTypes.slice(0, maxShown),
    moreGpuTypes: Math.max(0, gpuTypes.length - maxShown),
    schedulers,
  };
}
