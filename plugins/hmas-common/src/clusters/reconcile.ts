import { parseQuantity } from '../quantity';
import { GPU_RESOURCE, KarmadaClusterObject } from './cluster';
import { coreLabelKeys, deriveClusterType, GpuTier } from './zones';

/** @public */
export interface LabelReconcileOptions {
  prefix?: string;
  /**
   * Tier for a cluster that has GPUs but no `gpu-tier`; unset leaves it Unclassified for a
   * person to decide.
   */
  defaultGpuTier?: Exclude<GpuTier, 'none'>;
}

function hasGpus(cluster: KarmadaClusterObject): boolean {
  const gpus = cluster.status?.resourceSummary?.allocatable?.[GPU_RESOURCE];
  return gpus !== undefined && (parseQuantity(gpus) ?? 0) > 0;
}

/**
 * The core labels the reconciler would add to a cluster joined outside the portal: only
 * missing labels, never one that is set. No GPUs in the resource summary → `gpu-tier=none`
 * and `cluster-type=cpu-only`; GPUs but no tier → the configured default tier, if any.
 * A cluster Karmada has not synced yet (no resource summary) is left alone: its capacity is
 * unknown. Returns `undefined` when there is nothing to add, so a second pass writes nothing.
 *
 * @public
 */
export function missingCoreLabels(
  cluster: KarmadaClusterObject,
  options: LabelReconcileOptions = {},
): Record<string, string> | undefined {
  const keys = coreLabelKeys(options.prefix);
  const labels = cluster.metadata.labels ?? {};
  const add: Record<string, string> = {};

  let tier = labels[keys.gpuTier];
  if (tier === undefined) {
    if (!cluster.status?.resourceSummary?.allocatable) return undefined;
    const inferred = hasGpus(cluster) ? options.defaultGpuTier : 'none';
    if (inferred) {
      add[keys.gpuTier] = inferred;
      tier = inferred;
    }
  }
  const type = deriveClusterType(tier);
  if (type && labels[keys.clusterType] === undefined) {
    add[keys.clusterType] = type;
  }
  return Object.keys(add).length > 0 ? add : undefined;
}
