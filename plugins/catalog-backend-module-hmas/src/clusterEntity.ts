import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ResourceEntity,
} from '@backstage/catalog-model';
import {
  ClusterInfo,
  parseQuantity,
  zoneById,
} from '@h-mas/plugin-hmas-common';

/** Location the provider's entities are attributed to. @public */
export const HMAS_LOCATION = 'hmas:karmada';

/** The location annotations of every H-MAS entity. @internal */
export const hmasLocationAnnotations = {
  [ANNOTATION_LOCATION]: HMAS_LOCATION,
  [ANNOTATION_ORIGIN_LOCATION]: HMAS_LOCATION,
} as const;

/** A catalog tag made of a value: lowercase, `[a-z0-9+#-]`, at most 63 characters. @internal */
export const entityTag = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9+#-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

/** Annotations H-MAS puts on cluster entities. @public */
export const clusterAnnotations = {
  zone: 'h-mas.io/zone',
  gpuTypes: 'h-mas.io/gpu-types',
  gpuAllocatable: 'h-mas.io/gpu-allocatable',
  scheduler: 'h-mas.io/scheduler',
  syncMode: 'h-mas.io/sync-mode',
  ready: 'h-mas.io/ready',
} as const;

/**
 * A Karmada member cluster as a catalog `Resource` of type `kubernetes-cluster`, with its zone
 * and GPUs as annotations and tags, so catalog search, filters and the graph work on it.
 *
 * @public
 */
export function clusterToEntity(
  cluster: ClusterInfo,
  owner: string,
): ResourceEntity {
  const zone = zoneById(cluster.zone);
  const gpus = parseQuantity(cluster.gpu.allocatable) ?? 0;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: cluster.name,
      title: cluster.name,
      description: `Karmada member cluster in zone ${zone.title}${
        gpus > 0
          ? ` with ${gpus} GPUs (${
              cluster.gpuTypes.join(', ') || 'type unknown'
            })`
          : ''
      }.`,
      annotations: {
        ...hmasLocationAnnotations,
        [clusterAnnotations.zone]: cluster.zone,
        [clusterAnnotations.gpuTypes]: cluster.gpuTypes.join(','),
        [clusterAnnotations.gpuAllocatable]: String(gpus),
        [clusterAnnotations.syncMode]: cluster.syncMode,
        [clusterAnnotations.ready]: String(cluster.ready),
        ...(cluster.scheduler
          ? { [clusterAnnotations.scheduler]: cluster.scheduler }
          : {}),
      },
      tags: [
        ...new Set(
          [cluster.zone, ...cluster.gpuTypes].map(entityTag).filter(Boolean),
        ),
      ],
    },
    spec: {
      type: 'kubernetes-cluster',
      owner,
    },
  };
}
