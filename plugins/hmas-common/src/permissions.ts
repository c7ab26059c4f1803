import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a model deployment in the permission framework: resource permissions of
 * this type are checked against one deployment (its id is the resource ref), and a policy may
 * answer them with conditions (e.g. "is owned by the caller") that H-MAS applies to the row.
 *
 * @public
 */
export const HMAS_DEPLOYMENT_RESOURCE_TYPE = 'hmas-deployment';

/**
 * Read the H-MAS audit log.
 *
 * @public
 */
export const hmasAuditReadPermission = createPermission({
  name: 'hmas.audit.read',
  attributes: { action: 'read' },
});

/**
 * List and read clusters.
 *
 * @public
 */
export const hmasClusterReadPermission = createPermission({
  name: 'hmas.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Change a cluster's labels (and so its zone).
 *
 * @public
 */
export const hmasClusterLabelsUpdatePermission = createPermission({
  name: 'hmas.cluster.labels.update',
  attributes: { action: 'update' },
});

/**
 * Register a cluster with Karmada.
 *
 * @public
 */
export const hmasClusterCreatePermission = createPermission({
  name: 'hmas.cluster.create',
  attributes: { action: 'create' },
});

/**
 * List and read model deployments and their status; a resource permission, so a policy can
 * let a caller see only some (lists are filtered by its conditions).
 *
 * @public
 */
export const hmasDeploymentReadPermission = createPermission({
  name: 'hmas.deployment.read',
  attributes: { action: 'read' },
  resourceType: HMAS_DEPLOYMENT_RESOURCE_TYPE,
});

/**
 * Create model deployments.
 *
 * @public
 */
export const hmasDeploymentCreatePermission = createPermission({
  name: 'hmas.deployment.create',
  attributes: { action: 'create' },
});

/**
 * Change a model deployment (scale, env, resources); a resource permission (the shipped policy
 * allows it to the owner and its groups, and to platform admins).
 *
 * @public
 */
export const hmasDeploymentUpdatePermission = createPermission({
  name: 'hmas.deployment.update',
  attributes: { action: 'update' },
  resourceType: HMAS_DEPLOYMENT_RESOURCE_TYPE,
});

/**
 * Delete a model deployment; a resource permission, like update.
 *
 * @public
 */
export const hmasDeploymentDeletePermission = createPermission({
  name: 'hmas.deployment.delete',
  attributes: { action: 'delete' },
  resourceType: HMAS_DEPLOYMENT_RESOURCE_TYPE,
});

/**
 * Call a model deployment's endpoint through the inference gateway
 * (`/api/hmas/inference/<deployment>/v1/...`); a resource permission (the shipped policy
 * allows it to the owner and its groups, and to platform admins).
 *
 * @public
 */
export const hmasInferenceInvokePermission = createPermission({
  name: 'hmas.inference.invoke',
  attributes: {},
  resourceType: HMAS_DEPLOYMENT_RESOURCE_TYPE,
});

/**
 * List and read Karmada propagation and override policies.
 *
 * @public
 */
export const hmasPolicyReadPermission = createPermission({
  name: 'hmas.policy.read',
  attributes: { action: 'read' },
});

/**
 * Create Karmada propagation and override policies.
 *
 * @public
 */
export const hmasPolicyCreatePermission = createPermission({
  name: 'hmas.policy.create',
  attributes: { action: 'create' },
});

/**
 * Replace Karmada propagation and override policies.
 *
 * @public
 */
export const hmasPolicyUpdatePermission = createPermission({
  name: 'hmas.policy.update',
  attributes: { action: 'update' },
});

/**
 * Delete Karmada propagation and override policies.
 *
 * @public
 */
export const hmasPolicyDeletePermission = createPermission({
  name: 'hmas.policy.delete',
  attributes: { action: 'delete' },
});

/**
 * List and read team namespaces and their quota use.
 *
 * @public
 */
export const hmasNamespaceReadPermission = createPermission({
  name: 'hmas.namespace.read',
  attributes: { action: 'read' },
});

/**
 * Define a team namespace (its Namespace, ResourceQuota and allowed priority classes).
 *
 * @public
 */
export const hmasNamespaceCreatePermission = createPermission({
  name: 'hmas.namespace.create',
  attributes: { action: 'create' },
});

/**
 * Change a team namespace's quota, description or allowed priority classes.
 *
 * @public
 */
export const hmasNamespaceUpdatePermission = createPermission({
  name: 'hmas.namespace.update',
  attributes: { action: 'update' },
});

/**
 * Delete a team namespace that holds no deployment.
 *
 * @public
 */
export const hmasNamespaceDeletePermission = createPermission({
  name: 'hmas.namespace.delete',
  attributes: { action: 'delete' },
});

/**
 * Every permission of the H-MAS plugins.
 *
 * @public
 */
export const hmasPermissions = [
  hmasAuditReadPermission,
  hmasClusterReadPermission,
  hmasClusterLabelsUpdatePermission,
  hmasClusterCreatePermission,
  hmasDeploymentReadPermission,
  hmasDeploymentCreatePermission,
  hmasDeploymentUpdatePermission,
  hmasDeploymentDeletePermission,
  hmasInferenceInvokePermission,
  hmasPolicyReadPermission,
  hmasPolicyCreatePermission,
  hmasPolicyUpdatePermission,
  hmasPolicyDeletePermission,
  hmasNamespaceReadPermission,
  hmasNamespaceCreatePermission,
  hmasNamespaceUpdatePermission,
  hmasNamespaceDeletePermission,
];
