/**
 * H-MAS frontend plugin: model deployments, cluster catalog by zone, policies and audit.
 *
 * @packageDocumentation
 */

export { hmasPlugin, HmasPage } from './plugin';
export { rootRouteRef } from './routes';
export * from './api';
export { AuditLogTable } from './components/AuditLogTable';
export type { AuditLogTableProps } from './components/AuditLogTable';
