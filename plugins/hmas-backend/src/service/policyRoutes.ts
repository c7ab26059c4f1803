import { WriteContext } from './ClusterService';
import { InputError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
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
import express, { Request } from 'express';
import type { parseInput as ParseInput } from './router';
import { PolicyRef, PolicyService } from './PolicyService';

/** @internal */
export interface PolicyRoutesOptions {
  policyService: PolicyService;
  /** Checks a permission (NotAllowedError when refused) and returns who is asking. */
  authorize: (
    req: Request,
    permission: BasicPermission,
    refusal: string,
  ) => Promise<WriteContext>;
  parseInput: typeof ParseInput;
}

/**
 * Mounts the policy REST API on a router: `GET /policies?kind=&refresh=`, `POST /policies`,
 * and `GET|PUT|DELETE /policies/:kind/:name` (cluster-scoped kinds) or
 * `/policies/:kind/:namespace/:name` (namespaced kinds), `:kind` being the lowercase plural.
 *
 * @internal
 */
export function registerPolicyRoutes(
  router: express.Router,
  options: PolicyRoutesOptions,
): void {
  const { policyService, authorize, parseInput } = options;

  function refOf(req: Request): PolicyRef {
    const params = parseInput(
      policyPathParamsSchema,
      req.params,
      'policy path',
    );
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

  function bodyOf(req: Request): KarmadaPolicyObject {
    return parseInput(
      policyObjectSchema,
      req.body,
      'policy',
    ) as KarmadaPolicyObject;
  }

  const writeContext = (ctx: WriteContext) => ({
    actor: ctx.actor,
    source: ctx.source,
  });

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
    const policy = bodyOf(req);
    const ctx = await authorize(
      req,
      hmasPolicyCreatePermission,
      'Not allowed to create policies',
    );
    res.status(201).json(await policyService.create(policy, writeContext(ctx)));
  });

  const paths = ['/policies/:kind/:name', '/policies/:kind/:namespace/:name'];

  router.get(paths, async (req, res) => {
    const ref = refOf(req);
    await authorize(
      req,
      hmasPolicyReadPermission,
      'Not allowed to read policies',
    );
    res.json(await policyService.get(ref));
  });

  router.put(paths, async (req, res) => {
    const ref = refOf(req);
    const policy = bodyOf(req);
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
    res.json(await policyService.replace(policy, writeContext(ctx)));
  });

  router.delete(paths, async (req, res) => {
    const ref = refOf(req);
    const ctx = await authorize(
      req,
      hmasPolicyDeletePermission,
      `Not allowed to delete ${policyKinds[ref.kind].plural}`,
    );
    await policyService.delete(ref, writeContext(ctx));
    res.status(204).end();
  });
}
