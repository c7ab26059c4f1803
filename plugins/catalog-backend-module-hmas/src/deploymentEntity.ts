import { ResourceEntity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  canonicalEntityRef,
  DeploymentInfo,
  DeploymentStatus,
  runtimeById,
  zones,
} from '@h-mas/plugin-hmas-common';
import { createHash } from 'node:crypto';
import { entityTag, hmasLocationAnnotations } from './clusterEntity';

/** Annotations H-MAS puts on model deployment entities. @public */
export const deploymentAnnotations = {
  /** Id of the deployment in the H-MAS API. */
  deploymentId: 'h-mas.io/deployment-id',
  /**
   * Model deployments an entity is linked to (comma separated `name` or `namespace/name`);
   * read by the Model deployments card.
   */
  modelDeployments: 'h-mas.io/model-deployments',
  runtime: 'h-mas.io/runtime',
  model: 'h-mas.io/model',
  zone: 'h-mas.io/zone',
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
} as const;

/** `spec.type` of model deployment entities. @public */
export const MODEL_DEPLOYMENT_TYPE = 'model-deployment';

/** A deployment as `GET /api/hmas/deployments` lists it. @public */
export type DeploymentWithStatus = DeploymentInfo & {
  status?: Pick<DeploymentStatus, 'clusters'>;
};

const MAX_ENTITY_NAME = 63;

/**
 * Entity name of a deployment: its name, prefixed with `<namespace>.` outside the `default`
 * Kubernetes namespace. Too long a name keeps the deployment name and shortens the namespace,
 * with a hash of the full name so two namespaces never share an entity.
 *
 * @public
 */
export function deploymentEntityName(namespace: string, name: string): string {
  if (namespace === 'default') return name;
  const full = `${namespace}.${name}`;
  if (full.length <= MAX_ENTITY_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const room = MAX_ENTITY_NAME - name.length - hash.length - 2;
  if (room >= 1) {
    return `${namespace.slice(0, room).replace(/-+$/, '')}-${hash}.${name}`;
  }
  return `${full
    .slice(0, MAX_ENTITY_NAME - hash.length - 1)
    .replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * How the Model deployments card names a deployment: `name`, or `namespace/name` outside the
 * `default` namespace.
 *
 * @public
 */
export function deploymentReference(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/**
 * The catalog entity a deployment serves (canonical ref), from its spec (read defensively) or
 * its row.
 *
 * @public
 */
export function servedEntityRef(
  deployment: DeploymentWithStatus,
): string | undefined {
  const fromSpec = (deployment.spec as { entityRef?: unknown } | undefined)
    ?.entityRef;
  const ref = (
    typeof fromSpec === 'string' ? fromSpec : deployment.entityRef
  )?.trim();
  // The backend only accepts kinded refs; anything else is not a link.
  return ref?.includes(':') ? canonicalEntityRef(ref) : undefined;
}

/**
 * A model deployment as a catalog `Resource` of type `model-deployment`: owned by the
 * deployment's owner, depending on the cluster entities it is placed on, a dependency of the
 * entity it serves, and annotated so the Kubernetes tab and the Model deployments card show
 * it on its own page.
 *
 * @public
 */
export function deploymentToEntity(
  deployment: DeploymentWithStatus,
): ResourceEntity {
  const { namespace, name, runtime, model, zone } = deployment;
  const description = (deployment.spec as { description?: unknown })
    ?.description;
  const zoneTitle = zone ? zones.find(z => z.id === zone)?.title ?? zone : '';
  const clusters = [
    ...new Set((deployment.status?.clusters ?? []).map(c => c.cluster)),
  ].sort();
  const dependencyOf = servedEntityRef(deployment);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: deploymentEntityName(namespace, name),
      title: name,
      description:
        typeof description === 'string' && description.trim()
          ? description.trim()
          : `${model} served by ${runtimeById(runtime)?.title ?? runtime}${
              zoneTitle ? ` in zone ${zoneTitle}` : ''
            }${namespace === 'default' ? '' : ` (namespace ${namespace})`}.`,
      annotations: {
        ...hmasLocationAnnotations,
        [deploymentAnnotations.kubernetesId]: name,
        [deploymentAnnotations.kubernetesNamespace]: namespace,
        [deploymentAnnotations.deploymentId]: deployment.id,
        [deploymentAnnotations.modelDeployments]: deploymentReference(
          namespace,
          name,
        ),
        [deploymentAnnotations.runtime]: runtime,
        [deploymentAnnotations.model]: model,
        ...(zone ? { [deploymentAnnotations.zone]: zone } : {}),
      },
      tags: [...new Set([runtime, zone ?? ''].map(entityTag).filter(Boolean))],
    },
    spec: {
      type: MODEL_DEPLOYMENT_TYPE,
      owner: deployment.owner,
      dependsOn: clusters.map(cluster =>
        stringifyEntityRef({
          kind: 'resource',
          namespace: 'default',
          name: cluster,
        }),
      ),
      ...(dependencyOf ? { dependencyOf: [dependencyOf] } : {}),
    },
  };
}
