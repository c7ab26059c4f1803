import { createPermission } from '@backstage/plugin-permission-common';

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
 * List and read model deployments and their status.
 *
 * @public
 */
export const hmasDeploymentReadPermission = createPermission({
  name: 'hmas.deployment.read',
  attributes: { action: 'read' },
});

/**
 * Create model deployments (and change one's own: scale, env).
 *
 * @public
 */
export const hmasDeploymentCreatePermission = createPermission({
  name: 'hmas.deployment.create',
  attributes: { action: 'create' },
});

/**
 * Delete model deployments one owns.
 *
 * @public
 */
export const hmasDeploymentDeletePermission = createPermission({
  name: 'hmas.deployment.delete',
  attributes: { action: 'delete' },
});

/**
 * Change or delete model deployments owned by someone else (platform admins).
 *
 * @public
 */
export const hmasDeploymentAdminPermission = createPermission({
  name: 'hmas.deployment.admin',
  attributes: { action: 'update' },
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
  hmasDeploymentDeletePermission,
  hmasDeploymentAdminPermission,
  hmasPolicyReadPermission,
  hmasPolicyCreatePermission,
  hmasPolicyUpdatePermission,
  hmasPolicyDeletePermission,
];
