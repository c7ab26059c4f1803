import { mockErrorHandler } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { KarmadaSimulator, startKarmadaSimulator } from '@h-mas/karmada-sim';
import { PolicyStore } from '../database/PolicyStore';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import express from 'express';
import request from 'supertest';
import { PolicyService } from './PolicyService';
import { registerPolicyRoutes } from './policyRoutes';
import { createHmasApiRouter, parseInput } from './router';

const pp = {
  apiVersion: 'policy.karmada.io/v1alpha1',
  kind: 'PropagationPolicy',
  metadata: { name: 'llama', namespace: 'default' },
  spec: {
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
    ],
    placement: { clusterAffinity: { clusterNames: ['gpu-hp-seoul'] } },
  },
};

function memoryStore(): PolicyStore {
  const rows = new Map<string, any>();
  const key = (k: any) => `${k.kind}/${k.namespace}/${k.name}`;
  return {
    listPolicies: async kind =>
      [...rows.values()].filter(r => !kind || r.kind === kind),
    getPolicy: async k => rows.get(key(k)),
    savePolicy: async p => {
      rows.set(key(p), p);
      return undefined;
    },
    deletePolicy: async k => {
      rows.delete(key(k));
      return undefined;
    },
    replaceKind: async (kind, ps) => {
      for (const [k, r] of rows) if (r.kind === kind) rows.delete(k);
      for (const p of ps) rows.set(key(p), p);
    },
  };
}

describe('policy routes', () => {
  let sim: KarmadaSimulator;
  let denied: string[];

  beforeEach(async () => {
    sim = await startKarmadaSimulator({});
    denied = [];
  });
  afterEach(() => sim.close());

  async function app() {
    const router = await createHmasApiRouter();
    registerPolicyRoutes(router, {
      policyService: new PolicyService({
        karmada: new KarmadaClient({ url: sim.url, token: sim.token }),
        store: memoryStore(),
        logger: { error: jest.fn() } as any,
      }),
      audited: (_caller, _target, write) => write(),
      parseInput,
      authorize: async (_req, permission, refusal) => {
        if (denied.includes(permission.name))
          throw new NotAllowedError(refusal);
        return { actor: 'user:default/ada', source: 'api' };
      },
    });
    return express().use(router).use(mockErrorHandler());
  }

  it('creates, reads, lists, replaces and deletes a policy', async () => {
    const server = await app();
    const created = await request(server).post('/policies').send(pp);
    expect(created.status).toBe(201);
    const got = await request(server).get(
      '/policies/propagationpolicies/default/llama',
    );
    expect(got.status).toBe(200);
    expect(got.body.spec).toEqual(pp.spec);
    const list = await request(server).get(
      '/policies?kind=propagationpolicies',
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        kind: 'PropagationPolicy',
        name: 'llama',
        namespace: 'default',
      }),
    ]);
    const put = await request(server)
      .put('/policies/propagationpolicies/default/llama')
      .send({
        ...got.body,
        metadata: { ...got.body.metadata, labels: { a: 'b' } },
      });
    expect(put.status).toBe(200);
    expect(put.body.metadata.labels).toEqual({ a: 'b' });
    expect(
      (
        await request(server).delete(
          '/policies/propagationpolicies/default/llama',
        )
      ).status,
    ).toBe(204);
    expect(
      (await request(server).get('/policies/propagationpolicies/default/llama'))
        .status,
    ).toBe(404);
  });

  it('answers an invalid policy with 400 naming the field', async () => {
    const res = await request(await app())
      .post('/policies')
      .send({
        ...pp,
        spec: {
          ...pp.spec,
          propagateDeps: true,
          failover: {
            application: { purgeMode: 'Directly', gracePeriodSeconds: 30 },
          },
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'spec.failover.application.gracePeriodSeconds',
    );
    expect(
      sim.store.list('karmada', 'propagationpolicies.policy.karmada.io').items,
    ).toEqual([]);
  });

  it('answers bad paths and bodies with 400', async () => {
    const server = await app();
    expect(
      (await request(server).get('/policies?kind=deployments')).status,
    ).toBe(400);
    expect(
      (await request(server).get('/policies/propagationpolicies/llama')).status,
    ).toBe(400);
    expect(
      (await request(server).get('/policies/clusteroverridepolicies/default/x'))
        .status,
    ).toBe(400);
    expect(
      (await request(server).post('/policies').send({ kind: 'Deployment' }))
        .status,
    ).toBe(400);
    const put = await request(server)
      .put('/policies/propagationpolicies/default/other')
      .send({ ...pp, metadata: { ...pp.metadata, resourceVersion: '1' } });
    expect(put.status).toBe(400);
  });

  it('answers 403 when the permission is denied, before touching Karmada', async () => {
    denied = ['hmas.policy.create', 'hmas.policy.read'];
    const server = await app();
    expect((await request(server).post('/policies').send(pp)).status).toBe(403);
    expect((await request(server).get('/policies')).status).toBe(403);
    expect(
      sim.store.list('karmada', 'propagationpolicies.policy.karmada.io').items,
    ).toEqual([]);
  });

  it('answers 409 to a stale replace and 404 to a missing policy', async () => {
    const server = await app();
    const created = (await request(server).post('/policies').send(pp)).body;
    await request(server)
      .put('/policies/propagationpolicies/default/llama')
      .send({
        ...created,
        metadata: { ...created.metadata, labels: { a: 'b' } },
      })
      .expect(200);
    const stale = await request(server)
      .put('/policies/propagationpolicies/default/llama')
      .send(created);
    expect(stale.status).toBe(409);
    expect(
      (
        await request(server).delete(
          '/policies/clusterpropagationpolicies/nope',
        )
      ).status,
    ).toBe(404);
  });
});
