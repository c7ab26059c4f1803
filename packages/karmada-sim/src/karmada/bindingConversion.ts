/**
 * work.karmada.io ResourceBinding / ClusterResourceBinding conversion between the stored
 * v1alpha2 (the hub) and v1alpha1, as Karmada's conversion webhook does it
 * (pkg/apis/work/v1alpha1/binding_types_conversion.go, `ConvertFrom` and `ConvertTo`).
 */

import type { KubeObject } from '../types';

/**
 * A v1alpha2 binding as v1alpha1 shows it: the metadata unchanged; `spec.resource` gets
 * `resourcePerReplicas` (the JSON name of the Go field `ReplicaResourceRequirements` in
 * pkg/apis/work/v1alpha1/binding_types.go; v1alpha2 `spec.replicaRequirements.resourceRequest`) and
 * `replicas` (v1alpha2 `spec.replicas`); `spec.clusters` keeps `name` and `replicas`; the
 * status keeps `conditions` and, per `aggregatedStatus` item, `clusterName`, `status`,
 * `applied` and `appliedMessage`. Everything else v1alpha2 has (placement, failover,
 * `gracefulEvictionTasks`, `health`, `schedulerObservedGeneration`, ...) is dropped.
 * @public
 */
export function bindingToV1alpha1(obj: KubeObject): KubeObject {
  const spec = obj.spec ?? {};
  const src = spec.resource ?? {};
  const resource: Record<string, unknown> = {};
  for (const key of [
    'apiVersion',
    'kind',
    'namespace',
    'name',
    'resourceVersion',
  ]) {
    if (src[key] !== undefined && src[key] !== '') resource[key] = src[key];
  }
  const request = spec.replicaRequirements?.resourceRequest;
  if (request) resource.resourcePerReplicas = request;
  if (spec.replicas) resource.replicas = spec.replicas;
  const out: KubeObject = {
    ...obj,
    apiVersion: 'work.karmada.io/v1alpha1',
    metadata: obj.metadata,
    spec: {
      resource,
      ...(spec.clusters?.length
        ? {
            clusters: spec.clusters.map((c: any) => ({
              name: c.name,
              ...(c.replicas ? { replicas: c.replicas } : {}),
            })),
          }
        : {}),
    },
  };
  const status = obj.status ?? {};
  const convertedStatus: Record<string, unknown> = {};
  if (status.conditions?.length) convertedStatus.conditions = status.conditions;
  if (status.aggregatedStatus?.length) {
    convertedStatus.aggregatedStatus = status.aggregatedStatus.map(
      (item: any) => {
        const converted: Record<string, unknown> = {
          clusterName: item.clusterName,
        };
        if (item.status !== undefined) converted.status = item.status;
        if (item.applied) converted.applied = item.applied;
        if (item.appliedMessage) converted.appliedMessage = item.appliedMessage;
        return converted;
      },
    );
  }
  if (obj.status !== undefined) out.status = convertedStatus;
  return out;
}

/**
 * A v1alpha1 binding as it is stored (v1alpha2), as Karmada's `ConvertTo` does it
 * (pkg/apis/work/v1alpha1/binding_types_conversion.go, `ConvertBindingSpecToHub` and
 * `ConvertBindingStatusToHub`): the metadata unchanged; `spec.resource` keeps `apiVersion`,
 * `kind`, `namespace`, `name` and `resourceVersion`; its `resourcePerReplicas`
 * becomes `spec.replicaRequirements.resourceRequest` and its `replicas` `spec.replicas`;
 * `spec.clusters` keep `name` and `replicas`; the status keeps `conditions` and, per
 * `aggregatedStatus` item, `clusterName`, `status`, `applied` and `appliedMessage`.
 * Anything else is not carried: a v1alpha1 write replaces the stored v1alpha2-only fields
 * (placement, failover, `gracefulEvictionTasks`, ...) with nothing, as in Karmada.
 * @public
 */
export function bindingToV1alpha2(obj: KubeObject): KubeObject {
  const spec = obj.spec ?? {};
  const src = spec.resource ?? {};
  const resource: Record<string, unknown> = {};
  for (const key of [
    'apiVersion',
    'kind',
    'namespace',
    'name',
    'resourceVersion',
  ]) {
    if (src[key] !== undefined && src[key] !== '') resource[key] = src[key];
  }
  const outSpec: Record<string, unknown> = { resource };
  if (src.resourcePerReplicas) {
    outSpec.replicaRequirements = {
      resourceRequest: src.resourcePerReplicas,
    };
  }
  // int32 `replicas,omitempty`: 0 is not written.
  if (src.replicas) outSpec.replicas = src.replicas;
  if (Array.isArray(spec.clusters) && spec.clusters.length) {
    outSpec.clusters = spec.clusters.map((c: any) => ({
      name: c?.name,
      ...(c?.replicas ? { replicas: c.replicas } : {}),
    }));
  }
  const out: KubeObject = {
    ...obj,
    apiVersion: 'work.karmada.io/v1alpha2',
    metadata: obj.metadata,
    spec: outSpec,
  };
  if (obj.status !== undefined) {
    const status = obj.status ?? {};
    const convertedStatus: Record<string, unknown> = {};
    if (status.conditions?.length)
      convertedStatus.conditions = status.conditions;
    if (status.aggregatedStatus?.length) {
      convertedStatus.aggregatedStatus = status.aggregatedStatus.map(
        (item: any) => {
          const converted: Record<string, unknown> = {
            clusterName: item?.clusterName,
          };
          if (item?.status !== undefined) converted.status = item.status;
          if (item?.applied) converted.applied = item.applied;
          if (item?.appliedMessage)
            converted.appliedMessage = item.appliedMessage;
          return converted;
        },
      );
    }
    out.status = convertedStatus;
  }
  return out;
}
