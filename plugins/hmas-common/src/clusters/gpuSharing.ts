import { parseQuantity } from '../quantity';
import { GPU_RESOURCE } from './cluster';

/**
 * The prefix of the resources MIG devices are advertised as under the GPU Operator's
 * `mixed` MIG strategy: `nvidia.com/mig-<profile>`, e.g. `nvidia.com/mig-1g.5gb`.
 *
 * @public
 */
export const MIG_RESOURCE_PREFIX = 'nvidia.com/mig-';

/**
 * Cluster label that says how the cluster's GPUs are shared: `time-slicing` (or `mps`) when
 * the device plugin advertises each GPU several times — a pod's "GPUs" may then be one
 * physical GPU — or `exclusive` (whole GPUs, the default when unset). The platform team sets
 * it (the GPU readiness check reports each node's sharing mode); MIG needs no label, since
 * Karmada reports MIG devices as resources of their own.
 *
 * @public
 */
export const GPU_SHARING_LABEL = 'h-mas.io/gpu-sharing';

const MIG_PROFILE_RE = /^[1-8]g\.[0-9]+gb(\+me)?$/;

/**
 * The MIG profile a GPU type names (`mig-1g.5gb` → `1g.5gb`), or undefined for a whole-GPU
 * type.
 *
 * @public
 */
export function migProfileOf(gpuType: string | undefined): string | undefined {
  if (!gpuType) return undefined;
  const lower = gpuType.toLowerCase();
  if (!lower.startsWith('mig-')) return undefined;
  const profile = lower.slice(4);
  return MIG_PROFILE_RE.test(profile) ? profile : undefined;
}

/**
 * Whether a GPU type looks like a MIG profile but is not one H-MAS can request
 * (`mig-` followed by something other than `<n>g.<m>gb`).
 *
 * @public
 */
export function isMalformedMigType(gpuType: string): boolean {
  return (
    gpuType.toLowerCase().startsWith('mig-') &&
    migProfileOf(gpuType) === undefined
  );
}

/**
 * The extended resource a pod requests for its GPUs: `nvidia.com/mig-<profile>` for a MIG
 * type, `nvidia.com/gpu` otherwise.
 *
 * @public
 */
export function gpuResourceName(gpuType: string | undefined): string {
  const profile = migProfileOf(gpuType);
  return profile ? `${MIG_RESOURCE_PREFIX}${profile}` : GPU_RESOURCE;
}

/** How one cluster shares its GPUs, as the planner and the portal see it. @public */
export interface ClusterGpuSharing {
  /** The device plugin advertises GPUs several times (time-slicing or MPS). */
  timeSliced: boolean;
  /** MIG profiles the cluster has allocatable, sorted (`1g.5gb`, `3g.20gb`, ...). */
  migProfiles: string[];
}

/**
 * How a cluster shares its GPUs: its {@link GPU_SHARING_LABEL} and the MIG resources in its
 * Karmada resource summary.
 *
 * @public
 */
export function clusterGpuSharing(cluster: {
  metadata?: { labels?: Record<string, string> };
  status?: { resourceSummary?: { allocatable?: Record<string, string> } };
}): ClusterGpuSharing {
  const sharing = cluster.metadata?.labels?.[GPU_SHARING_LABEL];
  const allocatable = cluster.status?.resourceSummary?.allocatable ?? {};
  const migProfiles = Object.entries(allocatable)
    .filter(
      ([resource, quantity]) =>
        resource.startsWith(MIG_RESOURCE_PREFIX) &&
        (parseQuantity(quantity) ?? 0) > 0,
    )
    .map(([resource]) => resource.slice(MIG_RESOURCE_PREFIX.length))
    .sort();
  return {
    timeSliced: sharing === 'time-slicing' || sharing === 'mps',
    migProfiles,
  };
}

/**
 * How the GPUs of a cluster are shared, in a few words for the portal: `time-sliced`,
 * `MIG 1g.5gb, 3g.20gb`, both, or undefined for whole GPUs.
 *
 * @public
 */
export function gpuSharingText(sharing: ClusterGpuSharing): string | undefined {
  const parts = [
    ...(sharing.timeSliced ? ['time-sliced'] : []),
    ...(sharing.migProfiles.length > 0
      ? [`MIG ${sharing.migProfiles.join(', ')}`]
      : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}
