import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
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
  deploymentUsageQuerySchema,
  deploymentUpdateSchema,
  hmasDeploymentCreatePermission,
  hmasDeploymentDeletePermission,
  hmasDeploymentReadPermission,
  hmasDeploymentUpdatePermission,
  redactPlainSecrets,
} from '@h-mas/plugin-hmas-common';
import express from 'express';
import { z } from 'zod';
import { AuditStore } from '../database/AuditStore';
import type { InferenceUsageStore } from '../database/InferenceUsageStore';
import { ClusterService, writeContext } from './ClusterService';
import {
  auditFailures,
  DeploymentRuleset,
  HmasAccess,
  HmasRequest,
} from './access';
import type { DeploymentRow } from '../database/DeploymentStore';
import { DeploymentService } from './DeploymentService';
import { PresetService } from './PresetService';
import { registerPresetRoutes } from './presetRoutes';
import { PolicyService } from './PolicyService';
import { registerPolicyRoutes } from './policyRoutes';
import { registerNamespaceRoutes } from './namespaceRoutes';
import { TeamNamespaceService } from './TeamNamespaceService';
import { createOpenApiRouter, HmasApiRouter } from '../schema/openapi';

export type { HmasRequest } from './access';

/** @internal */
export interface RouterOptions {
  auditStore: AuditStore;
  /** The inference gateway's metering. */
  usageStore: Pick<InferenceUsageStore, 'summary'>;
  clusterService: ClusterService;
  deploymentService: DeploymentService;
  presetService: PresetService;
  policyService: PolicyService;
  teamNamespaceService: TeamNamespaceService;
  /** The caller's ownership refs (user and groups): which team namespace a create goes to. */
  userInfo: Pick<UserInfoService, 'getUserInfo'>;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The registered deployment permission rules (lists apply their conditions). */
  deploymentRules?: DeploymentRuleset;
  logger: LoggerService;
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

/** The audit target of a write of one deployment. */
function deploymentTarget(verb: 'update' | 'delete', row: DeploymentRow) {
  return {
    action: `deployment.${verb}`,
    targetKind: 'deployment' as const,
    targetName: `${row.namespace}/${row.name}`,
  };
}

/** The period `GET /deployments/:id/usage` covers without `since`. */
const USAGE_DEFAULT_PERIOD_MS = 24 * 60 * 60 * 1000;

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
  } = options;
  const router = await createHmasApiRouter();

  const access = new HmasAccess({
    auth,
    httpAuth,
    permissions,
    deploymentRules: options.deploymentRules,
  });
  const authorize = access.authorize.bind(access);
  const audited = auditFailures(auditStore, options.logger);

  /** Reads a deployment and checks a resource permission on it (404 before 403). */
  async function authorizeDeployment(
    req: HmasRequest,
    id: string,
    permission: ResourcePermission<'hmas-deployment'>,
    verb: string,
  ) {
    const row = await deploymentService.get(id);
    const caller = await access.authorizeResource(
      req,
      permission,
      row,
      `Not allowed to ${verb} deployment ${row.namespace}/${row.name} (owned by ${row.owner})`,
    );
    return { row, caller };
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
    res.json(await auditStore.page(query));
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
    res.json(
      await audited(
        ctx,
        {
          action: 'cluster.labels.update',
          targetKind: 'cluster',
          targetName: name,
        },
        () => clusterService.updateLabels(name, patch, writeContext(ctx)),
      ),
    );
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
    res.status(201).json(
      await audited(
        ctx,
        {
          action: 'cluster.create',
          targetKind: 'cluster',
          targetName: registration.name,
        },
        () => clusterService.registerCluster(registration, writeContext(ctx)),
      ),
    );
  });

  router.get('/deployments', async (req, res) => {
    const filter = parseInput(
      deploymentListQuerySchema,
      req.query,
      'deployment query',
    );
    const visible = await access.listAccess(req, hmasDeploymentReadPermission);
    const rows =
      visible.result === 'none'
        ? []
        : await deploymentService.list({
            ...filter,
            ...(visible.result === 'some'
              ? { permission: visible.criteria }
              : {}),
          });
    // Status is read per deployment in parallel: one request each when it is ready.
    const items = await Promise.all(
      rows.map(async row => ({
        ...redactPlainSecrets(row),
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
    const dryRun = query.dryRun === 'true';
    const body = req.body as { name?: unknown; namespace?: unknown };
    const ownershipRefs = auth.isPrincipal(ctx.credentials, 'user')
      ? (await options.userInfo.getUserInfo(ctx.credentials))
          .ownershipEntityRefs
      : undefined;
    const create = () =>
      deploymentService.create(req.body, {
        ...writeContext(ctx),
        dryRun,
        ownershipRefs,
      });
    const result = dryRun
      ? await create()
      : await audited(
          ctx,
          {
            action: 'deployment.create',
            targetKind: 'deployment',
            targetName: `${body.namespace ?? 'default'}/${body.name}`,
          },
          create,
        );
    res.status(result.deployment ? 201 : 200).json({
      ...result,
      // KubeObject is an interface (no index signature); on the wire each is a JSON object.
      manifests: result.manifests.map(manifest => ({ ...manifest })),
    });
  });

  router.get('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const { row } = await authorizeDeployment(
      req,
      id,
      hmasDeploymentReadPermission,
      'read',
    );
    res.json({
      ...redactPlainSecrets(row),
      status: await deploymentService.status(row),
    });
  });

  router.get('/deployments/:id/manifests', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const { row } = await authorizeDeployment(
      req,
      id,
      hmasDeploymentReadPermission,
      'read',
    );
    const { manifests, yaml } = await deploymentService.manifests(row);
    res.json({ manifests: manifests.map(m => ({ ...m })), yaml });
  });

  router.get('/deployments/:id/usage', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const query = parseInput(
      deploymentUsageQuerySchema,
      req.query,
      'usage query',
    );
    await authorizeDeployment(req, id, hmasDeploymentReadPermission, 'read');
    const since = query.since
      ? new Date(query.since)
      : new Date(Date.now() - USAGE_DEFAULT_PERIOD_MS);
    res.json(await options.usageStore.summary(id, { since }));
  });

  router.patch('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const change = parseInput(
      deploymentUpdateSchema,
      req.body,
      'deployment change',
    );
    const { row, caller } = await authorizeDeployment(
      req,
      id,
      hmasDeploymentUpdatePermission,
      'change',
    );
    res.json(
      redactPlainSecrets(
        await audited(caller, deploymentTarget('update', row), () =>
          deploymentService.update(id, change, writeContext(caller)),
        ),
      ),
    );
  });

  router.delete('/deployments/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'deployment id');
    const { row, caller } = await authorizeDeployment(
      req,
      id,
      hmasDeploymentDeletePermission,
      'delete',
    );
    await audited(caller, deploymentTarget('delete', row), () =>
      deploymentService.delete(id, writeContext(caller)),
    );
    res.status(204).end();
  });

  registerPolicyRoutes(router, {
    policyService: options.policyService,
    authorize,
    audited,
    parseInput,
  });
  registerPresetRoutes(router, {
    presetService: options.presetService,
    authorize,
    audited,
    parseInput,
  });

  registerNamespaceRoutes(router, {
    teamNamespaceService: options.teamNamespaceService,
    authorize,
    audited,
    parseInput,
  });

  return router;
}
