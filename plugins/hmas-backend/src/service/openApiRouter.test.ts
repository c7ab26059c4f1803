import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { examplePresets, PolicyPreset } from '@h-mas/plugin-hmas-common';
import express from 'express';
import request from 'supertest';
import { InMemoryPresetStore } from '../__testUtils__/presetStore';
import type { InferenceUsageStore } from '../database/InferenceUsageStore';
import { AuditStore } from '../database/AuditStore';
import { spec } from '../schema/openapi';
import { ClusterService } from './ClusterService';
import { DeploymentService } from './DeploymentService';
import { PolicyService } from './PolicyService';
import { TeamNamespaceService } from './TeamNamespaceService';
import { PresetService } from './PresetService';
import { registerPresetRoutes } from './presetRoutes';
import { createHmasApiRouter, createRouter, parseInput } from './router';

const preset = examplePresets[0];

async function app() {
  const store = new InMemoryPresetStore();
  const router = await createHmasApiRouter();
  registerPresetRoutes(router, {
    presetService: new PresetService({ store }),
    authorize: async () => ({ actor: 'user:default/ada', source: 'api' }),
    audited: (_caller, _target, write) => write(),
    parseInput,
  });
  return { app: express().use(router).use(mockErrorHandler()), store };
}

describe('the validated router of the H-MAS API', () => {
  it('answers a body of the wrong wire type with a 400 InputError naming the field', async () => {
    const { app: server, store } = await app();
    const res = await request(server)
      .post('/presets')
      .send({ ...preset, title: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: expect.stringContaining('/body/title must be string'),
    });
    expect(store.rows.size).toBe(0);
  });

  it('leaves value rules to the shared zod schemas and their messages', async () => {
    const { app: server } = await app();
    const res = await request(server)
      .post('/presets')
      .send({ ...preset, name: 'Not A Label' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid preset: name: /);
  });

  it('refuses query parameters the description does not have', async () => {
    const { app: server } = await app();
    const res = await request(server).get('/presets?page=2');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('page');
  });

  it('answers 500 rather than send a response that breaks the description', async () => {
    const { app: server, store } = await app();
    const broken = { id: 'p-1', name: preset.name } as PolicyPreset;
    store.rows.set(broken.id, broken);
    const res = await request(server).get('/presets');
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('/response/items/0');
  });

  it('serves the description at /openapi.json', async () => {
    const { app: server } = await app();
    const res = await request(server).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toBe('hmas');
    expect(Object.keys(res.body.paths)).toContain('/presets/{id}');
  });

  it('has a route for every operation of the description, and no other', async () => {
    // Nothing is called while the routes are registered.
    const router = await createRouter({
      auditStore: {} as AuditStore,
      usageStore: {} as InferenceUsageStore,
      clusterService: {} as ClusterService,
      deploymentService: {} as DeploymentService,
      presetService: {} as PresetService,
      policyService: {} as PolicyService,
      teamNamespaceService: {} as TeamNamespaceService,
      userInfo: mockServices.userInfo(),
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      logger: mockServices.logger.mock(),
      pingDatabase: async () => {},
      karmadaMode: 'embedded',
    });
    // express keeps a route's methods on it, though its types do not say so.
    type Route = { path: string; methods: Record<string, boolean> };
    const routes = router.stack.flatMap(layer => {
      const route = layer.route as Route | undefined;
      return route
        ? Object.keys(route.methods).map(
            method => `${method.toUpperCase()} ${route.path}`,
          )
        : [];
    });
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map(
        method =>
          `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`,
      ),
    );
    expect([...routes].sort()).toEqual(
      [...operations, 'GET /openapi.json'].sort(),
    );
  });
});
