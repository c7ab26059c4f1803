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
 * Every permission of the H-MAS plugins.
 *
 * @public
 */
export const hmasPermissions = [
  hmasAuditReadPermission,
  hmasClusterReadPermission,
  hmasClusterLabelsUpdatePermission,
  hmasClusterCreatePermission,
];
