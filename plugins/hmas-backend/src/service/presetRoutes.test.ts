import { mockErrorHandler } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { examplePresets } from '@h-mas/plugin-hmas-common';
import { BasicPermission } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { InMemoryPresetStore } from '../__testUtils__/presetStore';
import { PresetService } from './PresetService';
import { registerPresetRoutes } from './presetRoutes';
import { createHmasApiRouter, parseInput } from './router';

const e2e = examplePresets.find(
  p => p.name === 'gpu-general-divided-failover-60',
)!;

async function setup(denied: string[] = []) {
  const store = new InMemoryPresetStore();
  const asked: string[] = [];
  const authorize = async (
    _req: express.Request,
    permission: BasicPermission,
    refusal: string,
  ) => {
    asked.push(permission.name);
    if (denied.includes(permission.name)) throw new NotAllowedError(refusal);
    return {
      actor: 'user:default/ada',
      source: 'ui' as const,
    };
  };
  const router = await createHmasApiRouter();
  registerPresetRoutes(router, {
    presetService: new PresetService({ store }),
    authorize,
    audited: (_caller, _target, write) => write(),
    parseInput,
  });
  const app = express().use(router).use(mockErrorHandler());
  return { app, store, asked };
}

describe('preset routes', () => {
  it('creates a preset (201), reads it back and lists it', async () => {
    const { app, store, asked } = await setup();
    const created = await request(app).post('/presets').send(e2e);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'gpu-general-divided-failover-60',
      placement: { zone: 'gpu-general' },
      failover: { tolerationSeconds: 60 },
      createdBy: 'user:default/ada',
    });
    expect(store.audit).toEqual([
      expect.objectContaining({
        actor: 'user:default/ada',
        source: 'ui',
        action: 'preset.create',
        targetKind: 'preset',
        targetName: 'gpu-general-divided-failover-60',
        summary:
          'created preset gpu-general-divided-failover-60: zone gpu-general, Divided (dynamic), failover after 60s',
      }),
    ]);

    const got = await request(app).get(`/presets/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const list = await request(app).get('/presets');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [created.body] });
    expect(asked).toEqual([
      'hmas.policy.create',
      'hmas.policy.read',
      'hmas.policy.read',
    ]);
  });

  it('rejects an invalid preset with a 400 naming the field', async () => {
    const { app, store } = await setup();
    const res = await request(app)
      .post('/presets')
      .send({
        ...e2e,
        failover: { purgeMode: 'Directly', gracePeriodSeconds: 30 },
      });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'InputError' });
    expect(res.body.error.message).toBe(
      'Invalid preset: failover.gracePeriodSeconds: gracePeriodSeconds requires purgeMode Gracefully',
    );
    expect(store.rows.size).toBe(0);
    expect(store.audit).toEqual([]);
  });

  it('rejects a resource profile for an unknown runtime', async () => {
    const { app } = await setup();
    const res = await request(app)
      .post('/presets')
      .send({ ...e2e, resources: { nope: { cpu: '1' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid preset: resources.nope: unknown runtime nope',
    );
  });

  it('answers 409 for a taken name', async () => {
    const { app } = await setup();
    await request(app).post('/presets').send(e2e).expect(201);
    const res = await request(app).post('/presets').send(e2e);
    expect(res.status).toBe(409);
    expect(res.body.error.name).toBe('ConflictError');
  });

  it('updates a preset with PUT and records before and after', async () => {
    const { app, store, asked } = await setup();
    const { body } = await request(app).post('/presets').send(e2e).expect(201);
    const res = await request(app)
      .put(`/presets/${body.id}`)
      .send({ ...e2e, failover: { tolerationSeconds: 30 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: body.id,
      createdAt: body.createdAt,
      failover: { tolerationSeconds: 30 },
    });
    expect(res.body.updatedAt).not.toBe(body.updatedAt);
    expect(store.audit[1]).toMatchObject({
      action: 'preset.update',
      targetName: e2e.name,
      details: {
        id: body.id,
        before: { failover: { tolerationSeconds: 60 } },
        after: { failover: { tolerationSeconds: 30 } },
      },
    });
    expect(asked).toContain('hmas.policy.update');
  });

  it('deletes a preset with 204, then answers 404', async () => {
    const { app, store, asked } = await setup();
    const { body } = await request(app).post('/presets').send(e2e).expect(201);
    await request(app).delete(`/presets/${body.id}`).expect(204);
    expect(store.audit.map(a => a.action)).toEqual([
      'preset.create',
      'preset.delete',
    ]);
    expect(asked).toContain('hmas.policy.delete');
    for (const method of ['get', 'put', 'delete'] as const) {
      const res = await request(app)[method](`/presets/${body.id}`).send(e2e);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });

  it('rejects an id that is not a UUID', async () => {
    const { app } = await setup();
    const res = await request(app).get('/presets/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid preset id: must be a preset id (UUID)',
    );
  });

  it.each([
    ['get', '/presets', 'hmas.policy.read'],
    ['post', '/presets', 'hmas.policy.create'],
    [
      'get',
      '/presets/00000000-0000-4000-8000-000000000001',
      'hmas.policy.read',
    ],
    [
      'put',
      '/presets/00000000-0000-4000-8000-000000000001',
      'hmas.policy.update',
    ],
    [
      'delete',
      '/presets/00000000-0000-4000-8000-000000000001',
      'hmas.policy.delete',
    ],
  ] as const)('%s %s needs %s (403)', async (method, path, permission) => {
    const { app, store } = await setup([permission]);
    const res = await request(app)[method](path).send(e2e);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(store.rows.size).toBe(0);
  });
});
