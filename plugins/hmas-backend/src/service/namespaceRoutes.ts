import {
  dns1123LabelSchema,
  hmasNamespaceCreatePermission,
  hmasNamespaceDeletePermission,
  hmasNamespaceReadPermission,
  hmasNamespaceUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import type { HmasApiRouter } from '../schema/openapi';
import { writeContext } from './ClusterService';
import type { RouteAccess } from './access';
import { TeamNamespaceService } from './TeamNamespaceService';

/** @internal */
export interface NamespaceRoutesOptions extends RouteAccess {
  teamNamespaceService: TeamNamespaceService;
}

const nameSchema = dns1123LabelSchema('Namespace');

/**
 * Mounts the team namespace endpoints: `GET /namespaces` (`?usage=true` adds the quota use
 * per cluster), `POST /namespaces` (201), `GET|PATCH|DELETE /namespaces/:name`. Bodies are
 * validated by the service.
 *
 * @internal
 */
export function registerNamespaceRoutes(
  router: HmasApiRouter,
  options: NamespaceRoutesOptions,
): void {
  const {
    teamNamespaceService: service,
    authorize,
    audited,
    parseInput,
  } = options;
  const target = (verb: string, name: string) => ({
    action: `namespace.${verb}`,
    targetKind: 'namespace' as const,
    targetName: name,
  });

  router.get('/namespaces', async (req, res) => {
    await authorize(
      req,
      hmasNamespaceReadPermission,
      'Not allowed to list team namespaces',
    );
    res.json({
      items: await service.list({ usage: req.query.usage === 'true' }),
    });
  });

  router.post('/namespaces', async (req, res) => {
    const ctx = await authorize(
      req,
      hmasNamespaceCreatePermission,
      'Not allowed to define team namespaces',
    );
    const name = String((req.body as { name?: unknown }).name);
    res
      .status(201)
      .json(
        await audited(ctx, target('create', name), () =>
          service.create(req.body, writeContext(ctx)),
        ),
      );
  });

  router.get('/namespaces/:name', async (req, res) => {
    const name = parseInput(nameSchema, req.params.name, 'namespace name');
    await authorize(
      req,
      hmasNamespaceReadPermission,
      'Not allowed to read team namespaces',
    );
    res.json(await service.get(name));
  });

  router.patch('/namespaces/:name', async (req, res) => {
    const name = parseInput(nameSchema, req.params.name, 'namespace name');
    const ctx = await authorize(
      req,
      hmasNamespaceUpdatePermission,
      `Not allowed to change team namespace ${name}`,
    );
    res.json(
      await audited(ctx, target('update', name), () =>
        service.update(name, req.body, writeContext(ctx)),
      ),
    );
  });

  router.delete('/namespaces/:name', async (req, res) => {
    const name = parseInput(nameSchema, req.params.name, 'namespace name');
    const ctx = await authorize(
      req,
      hmasNamespaceDeletePermission,
      `Not allowed to delete team namespace ${name}`,
    );
    await audited(ctx, target('delete', name), () =>
      service.delete(name, writeContext(ctx)),
    );
    res.status(204).end();
  });
}
