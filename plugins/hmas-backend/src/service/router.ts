import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditQuerySchema,
  formatZodError,
  hmasAuditReadPermission,
  HealthResponse,
} from '@h-mas/plugin-hmas-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditStore } from '../database/AuditStore';

/** @internal */
export interface RouterOptions {
  auditStore: AuditStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Resolves when the database answers; throws otherwise. */
  pingDatabase: () => Promise<void>;
  karmadaMode: HealthResponse['karmada']['mode'];
}

/**
 * Parses request input with a shared schema; bad input becomes an `InputError` (400) that
 * names every offending field.
 *
 * @internal
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${formatZodError(result.error)}`);
  }
  return result.data;
}

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditStore, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', async (_req, res) => {
    await options.pingDatabase();
    const body: HealthResponse = {
      status: 'ok',
      database: 'ok',
      karmada: { mode: options.karmadaMode },
    };
    res.json(body);
  });

  router.get('/audit', async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query, 'audit query');
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: hmasAuditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to read the H-MAS audit log');
    }
    res.json({ items: await auditStore.list(query) });
  });

  return router;
}
