import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  canonicalEntityRef,
  entityRefLabelValue,
} from '@h-mas/plugin-hmas-common';
import { deploymentAnnotations } from './deploymentEntity';

const KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';

/** The refresh key of an entity that model deployments may serve. @public */
export function servedRefreshKey(entityRef: string): string {
  return `hmas-serves:${canonicalEntityRef(entityRef)}`;
}

/** The canonical ref of an entity, as deployments' `entityRef` holds it. @public */
export function servedEntityKey(entity: Entity): string {
  return canonicalEntityRef(stringifyEntityRef(entity));
}

/**
 * An entity served by model deployments (their `entityRef` names it): the deployments join
 * its `h-mas.io/model-deployments` annotation (so the Model deployments card shows), and,
 * unless the entity already tells the Kubernetes plugin what to show, a label selector on
 * `h-mas.io/serves` puts their pods on its Kubernetes tab. Nothing else changes.
 *
 * @public
 */
export function withServedDeployments(
  entity: Entity,
  deployments: string[],
): Entity {
  if (deployments.length === 0) return entity;
  const annotations = { ...entity.metadata.annotations };
  const listed = (annotations[deploymentAnnotations.modelDeployments] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const merged = [...new Set([...listed, ...deployments])];
  annotations[deploymentAnnotations.modelDeployments] = merged.join(',');
  if (
    !annotations[KUBERNETES_LABEL_SELECTOR] &&
    !annotations[deploymentAnnotations.kubernetesId]
  ) {
    annotations[
      KUBERNETES_LABEL_SELECTOR
    ] = `h-mas.io/serves=${entityRefLabelValue(servedEntityKey(entity))}`;
  }
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}
