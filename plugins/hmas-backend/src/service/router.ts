import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  auditQuerySchema,
  clusterLabelsPatchSchema,
  clusterNameSchema,
  clusterRegistrationSchema,
  formatZodError,
  HealthResponse,
  hmasAuditReadPermission,
  hmasClusterCreatePermission,
  hmasClusterLabelsUpdatePermission,
  hmasClusterReadPermission,
  deploymentCreateQuerySchema,
  deploymentListQuerySchema,
  deploymentUpdateSchema,
  hmasDeploymentAdminPermission,
  hmasDeploymentCreatePermission,
  hmasDeploymentDeletePermission,
  hmasDeploymentReadPermission,
} from '@h-mas/plugin-hmas-common';
import express from 'express';
import { z } from 'zod';
import { AuditStore } from '../database/AuditStore';
import { ClusterService, WriteContext, writeContext } from './ClusterService';
import { DeploymentService } from './DeploymentService';
import { PresetService } from './PresetService';
import { registerPresetRoutes } from './presetRoutes';
import { PolicyService } from './PolicyService';
import { registerPolicyRoutes } from './policyRoutes';
import { DeploymentRow } from '../database/DeploymentStore';
import { createOpenApiRouter, HmasApiRouter } from '../schema/openapi';

/**
 * A request of any route, as `authorize` reads it: its credentials and its `x-hmas-source`
 * header.
 *
 * @internal
 */
export type HmasRequest = Parameters<HttpAuthService['credentials']>[0];

/** @internal */
export interface RouterOptions {
  auditStore: AuditStore;
  clusterService: ClusterService;
  deploymentService: DeploymentService;
  presetService: PresetService;
  policyService: PolicyService;
  auth: AuthService;
  userInfo: UserInfoService;
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

/** A cluster name in a path: Karmada's rule, from hmas-common. */
const clusterNameParam = clusterNameSchema();

/**
 * The router of the H-MAS API: requests and responses are validated against its OpenAPI
 * description (a bad request is a 400 `InputError`; a response that breaks the description
 * is a 500), and every route is typed by it.
 *
 * @internal
 */
export function createHmasApiRouter(): Promise<HmasApiRouter> {
  return createOpenApiRouter({
    validatorOptions: { validateResponses: true },
  });
}

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    auditStore,
    auth,
    clusterService,
    deploymentService,
    httpAuth,
    permissions,
    userInfo,
  } = options;
  const router = await createHmasApiRouter();

  /** Checks a permission and returns who is asking, for the audit log. */
  async function authorize(
    req: HmasRequest,
    permission: BasicPermission,
    refusal: string,
  ): Promise<WriteContext & { credentials: BackstageCredentials }> {
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
    // The portal's client and the scaffolder actions say which path they are (recorded in the
    // audit log); every other caller is the REST API.
    const claimed = req.header('x-hmas-source');
    const source: WriteContext['source'] =
      claimed === 'ui' || claimed === 'scaffolder' ? claimed : 'api';
    return { actor, source, credentials };
  }

  /** Owners may change their deployments; anyone else needs the admin permission. */
  async function requireOwnerOrAdmin(
    credentials: BackstageCredentials,
    row: DeploymentRow,
    verb: string,
  ) {
    if (auth.isPrincipal(credentials, 'user')) {
      const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
      if (ownershipEntityRefs.includes(row.owner)) return;
    }
    const [decision] = await permissions.authorize(
      [{ permission: hmasDeploymentAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owner (${row.owner}) or an admin may ${verb} deployment ${row.name}`,
      );
    }
  }

  const idSchema = z.string().uuid('must be a deployment id (UUID)');

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
    const name = parseInput(clusterNameParam, req.params.name, 'cluster name');
    await authorize(
      req,
      hmasClusterReadPermission,
      'Not allowed to read clusters',
    );
    res.json(await clusterService.getCluster(name));
  });

  router.get('/clusters/:name/gpu-readiness', async (req, res) => {
    const name = parseInput(clusterNameParam, req.params.name, 'cluster name');
    await authorize(
      req,
      hmasClusterReadPermission,
      'Not allowed to read clusters',
    );
    res.json(await clusterService.getGpuReadiness(name));
  });

  router.patch('/clusters/:name/labels', async (req, res) => {
    const name = parseInput(clusterNameParam, req.params.name, 'cluster name');
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
    res.json(await clusterService.updateLabels(name, patch, writeContext(ctx)));
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
      .json(
        await clusterService.registerCluster(registration, writeContext(ctx)),
      );
  });

  router.get('/deployments', async (req, res) => {
    const filter = parseInput(
      deploymentListQuerySchema,
      req.query,
      'deployment query',
    );
    await authorize(
      req,
      hmasDeploymentReadPermission,
      'Not allowed to list deployments',
    );
    const rows = await deploymentService.list(filter);
    // Status is read per deployment in parallel: one request each when it is ready.
    const items = await Promise.all(
      rows.map(async row => ({
        ...row,
        status: await deploymentService.status(row).catch(e => ({
          phase: 'failed' as const,
          message: `status unavailable: ${e.message}`,
          replicas: Number((row.spec as { replicas?: number }).replicas ?? 1),
          readyReplicas: 0,
          clusters: [],
        })),
      })),
    );
    res.json({ items });
  });

  router.post('/deployments', async (req, res) => {
    const query = parseInput(deploymentCreateQuerySchema, req.query, 'query');
    const ctx = await authorize(
      req,
      hmasDeploymentCreatePermission,
      'Not allowed to create deployments',
    );
    const result = await deploymentService.create(req.body, {
      ...writeContext(ctx),
      dryRun: query.dryRun === 'true',
    });
    res.status(result.deployment ? 201 : 200).json({
      ...result,
      // KubeObject is an interface (no index signature); on the wire each is a JSON object.
      manifests: result.manifests.map(manifest => ({ ...manifest })),
    });
  });

  router.get('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    await authorize(
      req,
      hmasDeploymentReadPermission,
      'Not allowed to read deployments',
    );
    const row = await deploymentService.get(id);
    res.json({ ...row, status: await deploymentService.status(row) });
  });

  router.patch('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const change = parseInput(
      deploymentUpdateSchema,
      req.body,
      'deployment change',
    );
    const ctx = await authorize(
      req,
      hmasDeploymentCreatePermission,
      'Not allowed to change deployments',
    );
    await requireOwnerOrAdmin(
      ctx.credentials,
      await deploymentService.get(id),
      'change',
    );
    res.json(await deploymentService.update(id, change, writeContext(ctx)));
  });

  router.delete('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const ctx = await authorize(
      req,
      hmasDeploymentDeletePermission,
      'Not allowed to delete deployments',
    );
    await requireOwnerOrAdmin(
      ctx.credentials,
      await deploymentService.get(id),
      'delete',
    );
    await deploymentService.delete(id, writeContext(ctx));
    res.status(204).end();
  });

  registerPolicyRoutes(router, {
    policyService: options.policyService,
    authorize,
    parseInput,
  });
  registerPresetRoutes(router, {
    presetService: options.presetService,
    authorize,
    parseInput,
  });

  return router;
}
