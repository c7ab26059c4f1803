import {
  hmasPolicyCreatePermission,
  hmasPolicyDeletePermission,
  hmasPolicyReadPermission,
  hmasPolicyUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import { z } from 'zod';
import type { HmasApiRouter } from '../schema/openapi';
import { writeContext } from './ClusterService';
import type { RouteAccess } from './access';
import { PresetService } from './PresetService';

/** @internal */
export interface PresetRoutesOptions extends RouteAccess {
  presetService: PresetService;
}

const idSchema = z.string().uuid('must be a preset id (UUID)');

/**
 * Mounts the preset endpoints: `GET /presets`, `POST /presets` (201),
 * `GET|PUT|DELETE /presets/:id`. The body of POST and PUT is validated by the service.
 *
 * @internal
 */
export function registerPresetRoutes(
  router: HmasApiRouter,
  options: PresetRoutesOptions,
): void {
  const { presetService, authorize, audited, parseInput } = options;
  const target = (verb: string, name: string) => ({
    action: `preset.${verb}`,
    targetKind: 'preset' as const,
    targetName: name,
  });

  router.get('/presets', async (req, res) => {
    await authorize(
      req,
      hmasPolicyReadPermission,
      'Not allowed to list presets',
    );
    res.json({ items: await presetService.list() });
  });

  router.post('/presets', async (req, res) => {
    const ctx = await authorize(
      req,
      hmasPolicyCreatePermission,
      'Not allowed to create presets',
    );
    const name = String((req.body as { name?: unknown }).name);
    res
      .status(201)
      .json(
        await audited(ctx, target('create', name), () =>
          presetService.create(req.body, writeContext(ctx)),
        ),
      );
  });

  router.get('/presets/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'preset id');
    await authorize(
      req,
      hmasPolicyReadPermission,
      'Not allowed to read presets',
    );
    res.json(await presetService.get(id));
  });

  router.put('/presets/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'preset id');
    const ctx = await authorize(
      req,
      hmasPolicyUpdatePermission,
      'Not allowed to change presets',
    );
    res.json(
      await audited(
        ctx,
        target('update', String((req.body as { name?: unknown }).name ?? id)),
        () => presetService.update(id, req.body, writeContext(ctx)),
      ),
    );
  });

  router.delete('/presets/:id', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'preset id');
    const ctx = await authorize(
      req,
      hmasPolicyDeletePermission,
      'Not allowed to delete presets',
    );
    await audited(ctx, target('delete', id), () =>
      presetService.delete(id, writeContext(ctx)),
    );
    res.status(204).end();
  });
}
