import { z } from 'zod';

/**
 * Where a write came from, derived from the caller's credentials (never from a header):
 * `ui` (a user's own token, as the portal's sign-in issues), `scaffolder` (the scaffolder's
 * on-behalf-of or service token), `api` (any other service or external-access token), or one
 * of the backend's own tasks: `reconciler` (cluster labels), `recovery` (finishing or rolling
 * back an interrupted deployment write), `seed` (the development portal's demo data).
 *
 * @public
 */
export const auditSources = [
  'ui',
  'api',
  'scaffolder',
  'reconciler',
  'recovery',
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
  'policy',
  'preset',
] as const;

/** @public */
export type AuditTargetKind = (typeof auditTargetKinds)[number];

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
  /** Structured details of the change (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * Query of `GET /audit`.
 *
 * @public
 */
export const auditQuerySchema = z
  .object({
    targetKind: z.enum(auditTargetKinds).optional(),
    targetName: z.string().min(1).max(253).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine(q => !q.targetName || q.targetKind, {
    message: 'targetName requires targetKind',
    path: ['targetKind'],
  });

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
