/**
 * H-MAS backend plugin: clusters, model deployments, policies and the audit log on Karmada.
 *
 * @packageDocumentation
 */

export { hmasPlugin as default } from './plugin';
export type { AuditStore, NewAuditEntry } from './database/AuditStore';
export { DatabaseAuditStore } from './database/DatabaseAuditStore';
