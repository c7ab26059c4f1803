import { writeContext } from './ClusterService';
import { InputError } from '@backstage/errors';
import {
  hmasPolicyCreatePermission,
  hmasPolicyDeletePermission,
  hmasPolicyReadPermission,
  hmasPolicyUpdatePermission,
  isNamespacedPolicyKind,
  KarmadaPolicyObject,
  policyKindOfPlural,
  policyKinds,
  policyListQuerySchema,
  policyObjectSchema,
  policyPathParamsSchema,
} from '@h-mas/plugin-hmas-common';
import type { HmasApiRouter } from '../schema/openapi';
import type { RouteAccess } from './access';
import type { HmasRequest } from './router';
import { PolicyRef, PolicyService, policyTargetName } from './PolicyService';

/** @internal */
export interface PolicyRoutesOptions extends RouteAccess {
  policyService: PolicyService;
}

/**
 * Mounts the policy REST API on a router: `GET /policies?kind=&refresh=`, `POST /policies`,
 * and `GET|PUT|DELETE /policies/:kind/:name` (cluster-scoped kinds) or
 * `/policies/:kind/:namespace/:name` (namespaced kinds), `:kind` being the lowercase plural.
 *
 * @internal
 */
export function registerPolicyRoutes(
  router: HmasApiRouter,
  options: PolicyRoutesOptions,
): void {
  const { policyService, authorize, audited, parseInput } = options;
  const target = (verb: string, ref: PolicyRef) => ({
    action: `policy.${verb}`,
    targetKind: 'policy' as const,
    targetName: policyTargetName(ref),
  });

  function refOf(path: unknown): PolicyRef {
    const params = parseInput(policyPathParamsSchema, path, 'policy path');
    const kind = policyKindOfPlural(params.kind);
    const namespaced = isNamespacedPolicyKind(kind);
    if (namespaced && !params.namespace) {
      throw new InputError(
        `${kind} is namespaced: use /policies/${params.kind}/<namespace>/<name>`,
      );
    }
    if (!namespaced && params.namespace) {
      throw new InputError(
        `${kind} is cluster-scoped: use /policies/${params.kind}/<name>`,
      );
    }
    return { kind, name: params.name, namespace: params.namespace };
  }

  function bodyOf(body: unknown): KarmadaPolicyObject {
    return parseInput(
      policyObjectSchema,
      body,
      'policy',
    ) as KarmadaPolicyObject;
  }

  router.get('/policies', async (req, res) => {
    const query = parseInput(policyListQuerySchema, req.query, 'policy query');
    await authorize(
      req,
      hmasPolicyReadPermission,
      'Not allowed to list policies',
    );
    res.json({
      items: await policyService.list({
        kind: query.kind ? policyKindOfPlural(query.kind) : undefined,
        refresh: query.refresh === 'true',
      }),
    });
  });

  router.post('/policies', async (req, res) => {
    const policy = bodyOf(req.body);
    const ctx = await authorize(
      req,
      hmasPolicyCreatePermission,
      'Not allowed to create policies',
    );
    const ref = {
      kind: policy.kind,
      name: policy.metadata.name,
      namespace: policy.metadata.namespace ?? undefined,
    } as PolicyRef;
    res
      .status(201)
      .json(
        await audited(ctx, target('create', ref), () =>
          policyService.create(policy, writeContext(ctx)),
        ),
      );
  });

  // A cluster-scoped kind is addressed as /policies/:kind/:name, a namespaced one as
  // /policies/:kind/:namespace/:name; each handler serves both routes.
  async function read(req: HmasRequest, path: unknown) {
    const ref = refOf(path);
    await authorize(
      req,
      hmasPolicyReadPermission,
      'Not allowed to read policies',
    );
    return policyService.get(ref);
  }

  async function replace(req: HmasRequest, path: unknown, body: unknown) {
    const ref = refOf(path);
    const policy = bodyOf(body);
    if (
      policy.kind !== ref.kind ||
      policy.metadata.name !== ref.name ||
      (policy.metadata.namespace ?? undefined) !== ref.namespace
    ) {
      throw new InputError(
        `Invalid policy: kind, metadata.namespace and metadata.name must match the path (${
          ref.kind
        } ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name})`,
      );
    }
    const ctx = await authorize(
      req,
      hmasPolicyUpdatePermission,
      `Not allowed to change ${policyKinds[ref.kind].plural}`,
    );
    return audited(ctx, target('update', ref), () =>
      policyService.replace(policy, writeContext(ctx)),
    );
  }

  async function remove(req: HmasRequest, path: unknown) {
    const ref = refOf(path);
    const ctx = await authorize(
      req,
      hmasPolicyDeletePermission,
      `Not allowed to delete ${policyKinds[ref.kind].plural}`,
    );
    await audited(ctx, target('delete', ref), () =>
      policyService.delete(ref, writeContext(ctx)),
    );
  }

  router.get('/policies/:kind/:name', async (req, res) => {
    res.json(await read(req, req.params));
  });
  router.get('/policies/:kind/:namespace/:name', async (req, res) => {
    res.json(await read(req, req.params));
  });
  router.put('/policies/:kind/:name', async (req, res) => {
    res.json(await replace(req, req.params, req.body));
  });
  router.put('/policies/:kind/:namespace/:name', async (req, res) => {
    res.json(await replace(req, req.params, req.body));
  });
  router.delete('/policies/:kind/:name', async (req, res) => {
    await remove(req, req.params);
    res.status(204).end();
  });
  router.delete('/policies/:kind/:namespace/:name', async (req, res) => {
    await remove(req, req.params);
    res.status(204).end();
  });
}
