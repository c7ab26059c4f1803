import { z } from 'zod';

/**
 * Where a write came from, derived from the caller's credentials (never from a header):
 * `ui` (a user's own token, as the portal's sign-in issues), `scaffolder` (the scaffolder's
 * on-behalf-of or service token), `api` (any other service or external-access token), or one
 * of the backend's own tasks: `reconciler` (cluster labels), `recovery` (finishing or rolling
 * back an interrupted deployment write), `migration` (moving plaintext secrets of old rows
 * into Secrets), `seed` (the development portal's demo data).
 *
 * @public
 */
export const auditSources = [
  'ui',
  'api',
  'scaffolder',
  'reconciler',
  'recovery',
  'migration',
  'seed',
] as const;

/** @public */
export type AuditSource = (typeof auditSources)[number];

/**
 * Kinds of things the audit log records changes to.
 *
 * @public
 */
export const auditTargetKinds = [
  'cluster',
  'deployment',
  'namespace',
  'policy',
  'preset',
] as const;

/** @public */
export type AuditTargetKind = (typeof auditTargetKinds)[number];

/**
 * How a write ended: `succeeded`; `failed` (attempted and not done, or not completely; the
 * error is in `details.error`); `rolled-back` (an interrupted or failed write was undone).
 *
 * @public
 */
export const auditOutcomes = ['succeeded', 'failed', 'rolled-back'] as const;

/** @public */
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * One entry of the H-MAS audit log.
 *
 * @public
 */
export interface AuditEntry {
  id: number;
  /** ISO 8601 timestamp of the write. */
  createdAt: string;
  /** Entity ref of the user or service that made the change. */
  actor: string;
  source: AuditSource;
  /** What was done, e.g. `cluster.labels.update`. */
  action: string;
  targetKind: AuditTargetKind;
  /** Name of the target; namespaced targets use `namespace/name`. */
  targetName: string;
  /** One human-readable line. */
  summary: string;
  outcome: AuditOutcome;
  /** Structured details of the change (never secrets). */
  details?: Record<string, unknown>;
}

/** A timestamp as `Date.parse` reads it (ISO 8601). */
const isoTimestamp = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 timestamp');

/**
 * Query of `GET /audit`: filters (all optional, combined with and), the cursor `before` (an
 * entry id: only older entries) and the page size.
 *
 * @public
 */
export const auditQuerySchema = z
  .object({
    targetKind: z.enum(auditTargetKinds).optional(),
    targetName: z.string().min(1).max(253).optional(),
    actor: z.string().min(1).max(253).optional(),
    source: z.enum(auditSources).optional(),
    outcome: z.enum(auditOutcomes).optional(),
    since: isoTimestamp.optional(),
    until: isoTimestamp.optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine(q => !q.targetName || q.targetKind, {
    message: 'targetName requires targetKind',
    path: ['targetKind'],
  });

/**
 * A page of the audit log: newest first; `nextBefore` is the cursor of the next (older) page
 * when more entries match.
 *
 * @public
 */
export interface AuditPage {
  items: AuditEntry[];
  nextBefore?: number;
}

/** @public */
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/**
 * Response of `GET /health`.
 *
 * @public
 */
export interface HealthResponse {
  status: 'ok';
  database: 'ok';
  karmada: { mode: 'embedded' | 'remote' };
}
