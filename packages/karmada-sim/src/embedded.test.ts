import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startEmbeddedKarmada } from './embedded';
import { kubeConfigFor } from './__testUtils__/kube';
import { CONTROL_PLANE } from './types';

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('startEmbeddedKarmada', () => {
  it('serves the seeded fleet and runs the controller on the real clock', async () => {
    const karmada = await startEmbeddedKarmada({ modelLoadMs: 150 });
    try {
      expect(karmada.url).toBe(karmada.sim.url);
      expect(karmada.token).toBe(karmada.sim.token);
      expect(
        karmada.sim.store
          .list(CONTROL_PLANE, 'clusters.cluster.karmada.io')
          .items.map(c => c.metadata.name)
          .sort(),
      ).toEqual([
        'cpu-oregon',
        'edge-joined',
        'gpu-gen-frankfurt',
        'gpu-gen-virginia',
        'gpu-hp-seoul',
        'gpu-hp-tokyo',
        'lab-offline',
      ]);
      // Without a fake clock, a pod's model load runs on a real (short) timer.
      const member = kubeConfigFor(karmada.sim, 'cpu-oregon');
      await member.makeApiClient(AppsV1Api).createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'web' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx' }] },
            },
          },
        },
      });
      const core = member.makeApiClient(CoreV1Api);
      const pods = await until(
        () =>
          core.listNamespacedPod({
            namespace: 'default',
            labelSelector: 'app=web',
          }),
        list =>
          list.items.some(p =>
            p.status?.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ),
          ),
      );
      expect(pods.items).toHaveLength(1);
      expect(pods.items[0].status?.phase).toBe('Running');
      expect(
        pods.items[0].status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('True');
    } finally {
      await karmada.close();
    }
  });

  it('starts without the seed fleet when asked, and needs the token unless anonymous', async () => {
    const karmada = await startEmbeddedKarmada({ seed: false, token: 'tk' });
    try {
      expect(
        karmada.sim.store.list(CONTROL_PLANE, 'clusters.cluster.karmada.io')
          .items,
      ).toEqual([]);
      expect((await fetch(`${karmada.url}/api/v1/namespaces`)).status).toBe(
        401,
      );
      const ok = await fetch(`${karmada.url}/api/v1/namespaces`, {
        headers: { Authorization: 'Bearer tk' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await karmada.close();
    }
  });
});
