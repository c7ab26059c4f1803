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
 * Every permission of the H-MAS plugins.
 *
 * @public
 */
export const hmasPermissions = [hmasAuditReadPermission];
