import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  AuditQuery,
  HealthResponse,
} from '@h-mas/plugin-hmas-common';

/**
 * Client of the H-MAS backend (`/api/hmas`).
 *
 * @public
 */
export interface HmasApi {
  getHealth(): Promise<HealthResponse>;
  listAudit(query?: Partial<AuditQuery>): Promise<AuditEntry[]>;
}

/** @public */
export const hmasApiRef = createApiRef<HmasApi>({ id: 'plugin.hmas.api' });
