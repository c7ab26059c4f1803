export { AuditLogTable } from './AuditLogTable';
export type { AuditLogTableProps } from './AuditLogTable';
