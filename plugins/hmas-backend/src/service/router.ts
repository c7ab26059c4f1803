import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  auditQuerySchema,
  clusterLabelsPatchSchema,
  clusterRegistrationSchema,
  formatZodError,
  HealthResponse,
  hmasAuditReadPermission,
  hmasClusterCreatePermission,
  hmasClusterLabelsUpdatePermission,
  hmasClusterReadPermission,
} from '@h-mas/plugin-hmas-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditStore } from '../database/AuditStore';
import { ClusterService, WriteContext } from './ClusterService';

/** @internal */
export interface RouterOptions {
  auditStore: AuditStore;
  clusterService: ClusterService;
  auth: AuthService;
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

const clusterNameSchema = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
  .max(63);

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditStore, auth, clusterService, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json());

  /** Checks a permission and returns who is asking, for the audit log. */
  async function authorize(
    req: Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<WriteContext> {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    let actor = 'unknown';
    if (auth.isPrincipal(credentials, 'user')) {
      actor = credentials.principal.userEntityRef;
    } else if (auth.isPrincipal(credentials, 'service')) {
      actor = credentials.principal.subject;
    }
    // The portal's own client says it is the UI; every other caller is the REST API.
    const source = req.header('x-hmas-source') === 'ui' ? 'ui' : 'api';
    return { actor, source };
  }

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
    await authorize(
      req,
      hmasAuditReadPermission,
      'Not allowed to read the H-MAS audit log',
    );
    res.json({ items: await auditStore.list(query) });
  });

  router.get('/clusters', async (req, res) => {
    await authorize(
      req,
      hmasClusterReadPermission,
      'Not allowed to list clusters',
    );
    res.json({ zones: await clusterService.listZoneGroups() });
  });

  router.get('/clusters/:name', async (req, res) => {
    const name = parseInput(clusterNameSchema, req.params.name, 'cluster name');
    await authorize(
      req,
      hmasClusterReadPermission,
      'Not allowed to read clusters',
    );
    res.json(await clusterService.getCluster(name));
  });

  router.patch('/clusters/:name/labels', async (req, res) => {
    const name = parseInput(clusterNameSchema, req.params.name, 'cluster name');
    const patch = parseInput(
      clusterLabelsPatchSchema,
      req.body,
      'label change',
    );
    const ctx = await authorize(
      req,
      hmasClusterLabelsUpdatePermission,
      `Not allowed to change the labels of cluster ${name}`,
    );
    res.json(await clusterService.updateLabels(name, patch, ctx));
  });

  router.post('/clusters', async (req, res) => {
    const registration = parseInput(
      clusterRegistrationSchema,
      req.body,
      'cluster registration',
    );
    const ctx = await authorize(
      req,
      hmasClusterCreatePermission,
      'Not allowed to register clusters',
    );
    res
      .status(201)
      .json(await clusterService.registerCluster(registration, ctx));
  });

  return router;
}
