import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import request from 'supertest';
import { hmasPlugin } from './plugin';

jest.setTimeout(60_000);

describe('GET /clusters/:name/gpu-readiness against the embedded Karmada simulator', () => {
  let karmada: EmbeddedKarmada;

  beforeEach(async () => {
    karmada = await startEmbeddedKarmada();
  });
  afterEach(() => karmada.close());

  /** Starts the plugin; records the permissions asked and allows all but `deny`. */
  async function start(deny: string[] = []) {
    const asked: string[] = [];
    const { server } = await startTestBackend({
      features: [
        hmasPlugin,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({ url: karmada.url, token: karmada.token }),
        }),
        createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => ({
            authorize: async (requests: any[]) =>
              requests.map(r => {
                asked.push(r.permission.name);
                return {
                  result: deny.includes(r.permission.name)
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
                };
              }),
            authorizeConditional: async (requests: any[]) =>
              requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          }),
        }),
      ],
    });
    return { server, asked };
  }

  const path = (name: string) => `/api/hmas/clusters/${name}/gpu-readiness`;

  it('answers the checklist and the nodes of a GPU cluster', async () => {
    const { server, asked } = await start();
    const res = await request(server).get(path('gpu-gen-virginia'));
    expect(res.status).toBe(200);
    expect(res.body.cluster).toBe('gpu-gen-virginia');
    expect(res.body.checks.map((c: any) => [c.id, c.title, c.status])).toEqual([
      ['gpu-nodes', 'GPU nodes exist', 'pass'],
      ['gpu-taints', 'GPU nodes are tainted so CPU pods stay off', 'pass'],
      [
        'gpu-allocatable',
        'nvidia.com/gpu is allocatable on every GPU node',
        'pass',
      ],
      [
        'device-plugin',
        'NVIDIA device plugin or GPU Operator is present',
        'pass',
      ],
      ['gpu-sharing', 'MIG and time-slicing mode are reported', 'pass'],
    ]);
    expect(
      res.body.checks.every((c: any) => typeof c.detail === 'string'),
    ).toBe(true);
    expect(res.body.nodes).toEqual([
      { name: 'gpu-gen-virginia-cpu-1', gpus: 0 },
      { name: 'gpu-gen-virginia-l4-1', gpuProduct: 'NVIDIA-L4', gpus: 4 },
      { name: 'gpu-gen-virginia-l4-2', gpuProduct: 'NVIDIA-L4', gpus: 4 },
      { name: 'gpu-gen-virginia-t4-1', gpuProduct: 'Tesla-T4', gpus: 4 },
    ]);
    expect(asked).toEqual(['hmas.cluster.read']);
  });

  it('answers n/a items for the CPU-only cluster', async () => {
    const { server } = await start();
    const res = await request(server).get(path('cpu-oregon'));
    expect(res.status).toBe(200);
    expect(res.body.checks.map((c: any) => c.status)).toEqual([
      'n/a',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
    ]);
  });

  it('answers 404 for an unknown cluster and 400 for a bad name', async () => {
    const { server } = await start();
    const missing = await request(server).get(path('nope'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    const bad = await request(server).get(path('Bad_Name'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Invalid cluster name');
  });

  it('answers 503 with the reason for a not-ready cluster', async () => {
    const { server } = await start();
    const res = await request(server).get(path('lab-offline'));
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        "Cluster lab-offline is not ready (ClusterNotReachable: cluster is not reachable), so its nodes cannot be read through Karmada's cluster proxy; check again once it is Ready",
    });
  });

  it('answers 503 when the cluster proxy cannot reach a ready member', async () => {
    const { server } = await start();
    karmada.sim.faults.inject({
      match: { cluster: 'gpu-hp-tokyo' },
      status: 503,
    });
    const res = await request(server).get(path('gpu-hp-tokyo'));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^Cluster gpu-hp-tokyo is unreachable through Karmada's cluster proxy: /,
    );
  });

  it('answers 403 without hmas.cluster.read', async () => {
    const { server } = await start(['hmas.cluster.read']);
    const res = await request(server).get(path('gpu-hp-seoul'));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed to read clusters',
    });
  });
});
