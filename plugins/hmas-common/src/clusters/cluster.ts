import { ClusterGpuSharing, clusterGpuSharing } from './gpuSharing';
import type { KubeCondition } from '../kubernetes/objects';
import { z } from 'zod';
import {
  clusterNameSchema,
  kubernetesPatterns,
  labelValueSchema,
} from '../kubernetes/names';
import {
  classifyZone,
  clusterGpuTypes,
  coreLabelKeys,
  deriveClusterType,
  GPU_TYPES_ANNOTATION,
  GpuTier,
  ZoneId,
  ZoneSummary,
} from './zones';

/**
 * A Karmada `cluster.karmada.io/v1alpha1` Cluster, as far as H-MAS reads it.
 *
 * @public
 */
export interface KarmadaClusterObject {
  apiVersion: 'cluster.karmada.io/v1alpha1';
  kind: 'Cluster';
  metadata: {
    name: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec: {
    syncMode: 'Push' | 'Pull';
    apiEndpoint?: string;
    provider?: string;
    region?: string;
    zones?: string[];
    taints?: Array<{ key: string; value?: string; effect: string }>;
    [key: string]: unknown;
  };
  status?: {
    kubernetesVersion?: string;
    conditions?: KubeCondition[];
    nodeSummary?: { totalNum?: number; readyNum?: number };
    resourceSummary?: {
      allocatable?: Record<string, string>;
      allocated?: Record<string, string>;
      allocating?: Record<string, string>;
    };
  };
}

/** Allocatable and allocated amounts of one resource, as quantities. @public */
export interface ResourceUsage {
  allocatable: string;
  allocated: string;
}

/**
 * A cluster as H-MAS shows it: identity, classification and capacity.
 *
 * @public
 */
export interface ClusterInfo {
  name: string;
  zone: ZoneId;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Karmada's resourceVersion, for optimistic concurrency on label edits. */
  resourceVersion: string;
  ready: boolean;
  kubernetesVersion?: string;
  syncMode: 'Push' | 'Pull';
  apiEndpoint?: string;
  provider?: string;
  region?: string;
  nodes: { ready: number; total: number };
  cpu: ResourceUsage;
  memory: ResourceUsage;
  gpu: ResourceUsage;
  gpuTypes: string[];
  /**
   * How the cluster shares its GPUs (time-slicing from its `h-mas.io/gpu-sharing` label,
   * MIG profiles from Karmada's resource summary); absent in cache rows written before it.
   */
  gpuSharing?: ClusterGpuSharing;
  scheduler?: string;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

/**
 * Clusters of one zone with the zone header's summary (`GET /clusters`).
 *
 * @public
 */
export interface ZoneGroup {
  zone: ZoneId;
  title: string;
  summary: ZoneSummary;
  clusters: ClusterInfo[];
}

/** @public */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Maps a Karmada Cluster to the {@link ClusterInfo} the API and UI show.
 *
 * @public
 */
export function toClusterInfo(
  cluster: KarmadaClusterObject,
  prefix = '',
): ClusterInfo {
  const labels = cluster.metadata.labels ?? {};
  const annotations = cluster.metadata.annotations ?? {};
  const summary = cluster.status?.resourceSummary;
  const usage = (resource: string): ResourceUsage => ({
    allocatable: summary?.allocatable?.[resource] ?? '0',
    allocated: summary?.allocated?.[resource] ?? '0',
  });
  const ready =
    cluster.status?.conditions?.find(c => c.type === 'Ready')?.status ===
    'True';
  return {
    name: cluster.metadata.name,
    zone: classifyZone(labels, prefix),
    labels,
    annotations,
    resourceVersion: cluster.metadata.resourceVersion ?? '',
    ready,
    kubernetesVersion: cluster.status?.kubernetesVersion,
    syncMode: cluster.spec.syncMode,
    apiEndpoint: cluster.spec.apiEndpoint,
    provider: cluster.spec.provider,
    region: cluster.spec.region,
    nodes: {
      ready: cluster.status?.nodeSummary?.readyNum ?? 0,
      total: cluster.status?.nodeSummary?.totalNum ?? 0,
    },
    cpu: usage('cpu'),
    memory: usage('memory'),
    gpu: usage(GPU_RESOURCE),
    gpuTypes: clusterGpuTypes(labels, annotations, prefix),
    gpuSharing: clusterGpuSharing(cluster),
    scheduler: labels[coreLabelKeys(prefix).scheduler],
    taints: cluster.spec.taints ?? [],
  };
}

/** Zone choices of the registration form; `none` leaves the cluster Unclassified. @public */
export const registrationZones = [
  'gpu-high',
  'gpu-general',
  'cpu-only',
  'none',
] as const;

/** GPU types the registration form offers as presets. @public */
export const recommendedGpuTypes = ['h100', 'a100', 'l40s', 'l4', 't4'];

/**
 * Body of `POST /clusters`: registers a member cluster as a labelled Karmada Cluster.
 *
 * @public
 */
export const clusterRegistrationSchema = z
  .object({
    name: clusterNameSchema(),
    apiEndpoint: z
      .string()
      .url('must be a URL')
      .regex(
        new RegExp(kubernetesPatterns.apiEndpoint),
        'must be an http(s) URL',
      ),
    syncMode: z.enum(['Push', 'Pull']).default('Push'),
    zone: z.enum(registrationZones),
    gpuTypes: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .min(1, 'must not be empty')
          .pipe(labelValueSchema),
      )
      .default([])
      .refine(t => new Set(t).size === t.length, 'must not repeat a GPU type'),
    scheduler: labelValueSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.zone === 'cpu-only' && r.gpuTypes.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['gpuTypes'],
        message: 'a CPU Only cluster has no GPU types',
      });
    }
  });

/** @public */
export type ClusterRegistration = z.infer<typeof clusterRegistrationSchema>;

const zoneTier: Record<
  (typeof registrationZones)[number],
  GpuTier | undefined
> = {
  'gpu-high': 'high',
  'gpu-general': 'general',
  'cpu-only': 'none',
  none: undefined,
};

/**
 * The Karmada Cluster a registration creates: labels for its zone, GPU types and scheduler.
 *
 * @public
 */
export function buildClusterObject(
  registration: ClusterRegistration,
  prefix = '',
): KarmadaClusterObject {
  const keys = coreLabelKeys(prefix);
  const tier = zoneTier[registration.zone];
  const labels: Record<string, string> = {};
  if (tier) {
    labels[keys.gpuTier] = tier;
    labels[keys.clusterType] = deriveClusterType(tier)!;
  }
  if (registration.gpuTypes.length > 0) {
    labels[keys.gpuType] = registration.gpuTypes[0];
  }
  if (registration.scheduler) labels[keys.scheduler] = registration.scheduler;
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: {
      name: registration.name,
      labels,
      ...(registration.gpuTypes.length > 0
        ? {
            annotations: {
              [GPU_TYPES_ANNOTATION]: registration.gpuTypes.join(','),
            },
          }
        : {}),
    },
    spec: {
      syncMode: registration.syncMode,
      apiEndpoint: registration.apiEndpoint,
    },
  };
}
