import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import {
  KarmadaClient,
  karmadaConnectionServiceRef,
} from '@h-mas/plugin-hmas-node';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { kubernetesModuleHmasKarmadaClusters } from './module';

jest.setTimeout(60_000);

const ID = 'chat-llm';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat-assistant',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': ID },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
};

const podLabels = (id: string) => ({
  app: id,
  'backstage.io/kubernetes-id': id,
});

/** A pod written straight into a member cluster through Karmada's cluster proxy. */
async function createMemberPod(
  karmada: EmbeddedKarmada,
  cluster: string,
  name: string,
  id: string,
) {
  const res = await fetch(
    `${karmada.sim.memberUrl(cluster)}/api/v1/namespaces/default/pods`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${karmada.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: podLabels(id) },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'ghcr.io/ggml-org/llama.cpp:server',
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      }),
    },
  );
  expect(res.status).toBe(201);
}

describe('kubernetes backend with the H-MAS Karmada cluster supplier', () => {
  let karmada: EmbeddedKarmada;

  beforeAll(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50, resyncMs: 0 });
    const client = new KarmadaClient({
      url: karmada.url,
      token: karmada.token,
    });
    // A workload on the control plane, propagated by Karmada to two member clusters.
    await client.createObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ID, namespace: 'default', labels: podLabels(ID) },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: ID } },
        template: {
          metadata: { labels: podLabels(ID) },
          spec: {
            containers: [
              {
                name: 'server',
                image: 'ghcr.io/ggml-org/llama.cpp:server',
                resources: { requests: { cpu: '100m', memory: '128Mi' } },
              },
            ],
          },
        },
      },
    } as any);
    await client.createObject({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: ID, namespace: 'default' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: ID },
        ],
        placement: {
          clusterAffinity: {
            clusterNames: ['cpu-oregon', 'gpu-gen-frankfurt'],
          },
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    } as any);
    await karmada.controller.settle();
    // One more replica of the service, and a pod of another service, written into members.
    await createMemberPod(karmada, 'gpu-hp-tokyo', `${ID}-manual`, ID);
    await createMemberPod(karmada, 'gpu-hp-tokyo', 'other-app', 'other-app');
    await karmada.controller.settle();
  });
  afterAll(() => karmada.close());

  async function start() {
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleHmasKarmadaClusters,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({
            url: karmada.url,
            token: karmada.token,
            skipTLSVerify: true,
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
      ],
    });
    return backend.server;
  }

  it('lists every Ready Karmada member cluster as a Kubernetes cluster', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const karmadaClusters = karmada.sim.store
      .list('karmada', 'clusters.cluster.karmada.io')
      .items.filter(c =>
        c.status?.conditions?.some(
          (k: { type: string; status: string }) =>
            k.type === 'Ready' && k.status === 'True',
        ),
      )
      .map(c => c.metadata.name)
      .sort();
    expect(karmadaClusters).toContain('cpu-oregon');
    // lab-offline is not Ready: its proxy cannot answer, so it is left out.
    expect(karmadaClusters).not.toContain('lab-offline');
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(
      karmadaClusters,
    );
  });

  describe('in a backend process of its own', () => {
    let backend: ChildProcess | undefined;
    let baseUrl: string;

    beforeAll(async () => {
      const child = spawn(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(
            require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          )}); require(${JSON.stringify(
            path.resolve(__dirname, '__testUtils__/kubernetesBackend.ts'),
          )});`,
        ],
        {
          env: {
            ...process.env,
            HMAS_TEST_KARMADA: JSON.stringify({
              url: karmada.url,
              token: karmada.token,
            }),
            HMAS_TEST_ENTITIES: JSON.stringify([entity]),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      backend = child;
      let stderr = '';
      child.stderr!.on('data', chunk => {
        stderr += chunk;
      });
      const port = await new Promise<number>((resolve, reject) => {
        let stdout = '';
        child.stdout!.on('data', chunk => {
          stdout += chunk;
          const line = stdout.split('\n').find(l => l.startsWith('{"port"'));
          if (line) resolve(JSON.parse(line).port);
        });
        child.on('exit', code =>
          reject(new Error(`backend exited with ${code}: ${stderr}`)),
        );
      });
      baseUrl = `http://127.0.0.1:${port}`;
    });
    afterAll(() => {
      backend?.kill();
    });

    it("finds the entity's pods across the fleet, each in its own cluster", async () => {
      const res = await fetch(`${baseUrl}/api/kubernetes/services/${ID}`, {
        method: 'POST',
        headers: {
          authorization: mockCredentials.user.header(),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entity }),
      });
      expect(res.status).toBe(200);
      const items: any[] = (await res.json()).items;

      expect(items.flatMap(i => i.errors)).toEqual([]);
      const podsByCluster = Object.fromEntries(
        items
          .map(i => [
            i.cluster.name,
            i.resources
              .filter((r: any) => r.type === 'pods')
              .flatMap((r: any) => r.resources)
              .map((p: any) => p.metadata.name)
              .sort(),
          ])
          .filter(([, pods]) => pods.length > 0),
      );
      expect(Object.keys(podsByCluster).sort()).toEqual([
        'cpu-oregon',
        'gpu-gen-frankfurt',
        'gpu-hp-tokyo',
      ]);
      for (const cluster of ['cpu-oregon', 'gpu-gen-frankfurt']) {
        expect(podsByCluster[cluster]).toEqual([
          expect.stringMatching(new RegExp(`^${ID}-[a-z0-9]{10}-[a-z0-9]{5}$`)),
        ]);
      }
      expect(podsByCluster['gpu-hp-tokyo']).toEqual([`${ID}-manual`]);

      // The member Deployments that Karmada propagated come back too.
      const deploymentClusters = items
        .filter(i =>
          i.resources.some(
            (r: any) => r.type === 'deployments' && r.resources.length > 0,
          ),
        )
        .map(i => i.cluster.name)
        .sort();
      expect(deploymentClusters).toEqual(['cpu-oregon', 'gpu-gen-frankfurt']);
    });

    it('degrades per cluster: one cluster failing through the proxy is an error of that cluster, the others still answer', async () => {
      // Ready in Karmada, yet its proxy fails (it went away since the last status check).
      const fault = karmada.sim.faults.inject({
        match: { cluster: 'gpu-hp-tokyo' },
        status: 503,
      });
      try {
        const res = await fetch(`${baseUrl}/api/kubernetes/services/${ID}`, {
          method: 'POST',
          headers: {
            authorization: mockCredentials.user.header(),
            'content-type': 'application/json',
          },
          body: JSON.stringify({ entity }),
        });
        expect(res.status).toBe(200);
        const items: any[] = (await res.json()).items;
        const failing = items.filter(i => i.errors.length > 0);
        expect(failing.map(i => i.cluster.name)).toEqual(['gpu-hp-tokyo']);
        const withPods = items
          .filter(i =>
            i.resources.some(
              (r: any) => r.type === 'pods' && r.resources.length > 0,
            ),
          )
          .map(i => i.cluster.name)
          .sort();
        expect(withPods).toEqual(['cpu-oregon', 'gpu-gen-frankfurt']);
      } finally {
        fault.remove();
      }
    });
  });
});
