import { ObjectStore } from '../store';
import { CONTROL_PLANE, type KubeObject } from '../types';
import { seedFleet } from '../seed';
import { KarmadaController } from './KarmadaController';
import { installSeedFleet } from './installSeed';
import { FakeClock, modelDeployment } from '../__testUtils__/fleet';

const CLUSTERS = 'clusters.cluster.karmada.io';

async function fleet(
  options: { clusterFailover?: boolean; modelLoadMsPerGiB?: number } = {},
) {
  const clock = new FakeClock();
  const store = new ObjectStore({ clock: clock.now });
  installSeedFleet(store);
  const controller = new KarmadaController({
    store,
    clock: clock.now,
    modelLoadMs: 1000,
    modelLoadMsPerGiB: options.modelLoadMsPerGiB,
    resyncMs: 0,
    clusterFailover: options.clusterFailover,
  });
  controller.start();
  await controller.settle();
  return {
    store,
    clock,
    controller,
    async advance(ms: number) {
      clock.advance(ms);
      await controller.tick();
    },
  };
}

function deployTo(
  store: ObjectStore,
  cluster: string,
  deployment: KubeObject,
  podSpec: Record<string, unknown> = {},
) {
  deployment.spec.template.spec = {
    ...deployment.spec.template.spec,
    ...podSpec,
  };
  if (!store.tryGet(cluster, 'namespaces', deployment.metadata.namespace!)) {
    store.create(cluster, 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: deployment.metadata.namespace },
    });
  }
  return store.create(cluster, 'deployments.apps', deployment);
}

function podsOf(store: ObjectStore, cluster: string, app: string) {
  return store
    .list(cluster, 'pods', { namespace: 'apps' })
    .items.filter(p => p.metadata.labels?.app === app);
}

function eventsFor(store: ObjectStore, cluster: string, name: string) {
  return store
    .list(cluster, 'events', { namespace: 'apps' })
    .items.filter((e: any) => e.involvedObject.name === name);
}

describe('member workloads (the simulated kubelet)', () => {
  it('computes resource summaries that match the seed, from nodes and pods', async () => {
    const { store } = await fleet();
    const seeded = new Map(
      seedFleet().clusters.map(c => [c.metadata.name!, c]),
    );
    for (const cluster of store.list(CONTROL_PLANE, CLUSTERS).items) {
      const seed = seeded.get(cluster.metadata.name!)!;
      expect(cluster.status.resourceSummary.allocatable).toEqual(
        seed.status.resourceSummary.allocatable,
      );
      expect(cluster.status.resourceSummary.allocated).toEqual(
        seed.status.resourceSummary.allocated,
      );
      expect(cluster.status.nodeSummary).toEqual(seed.status.nodeSummary);
    }
  });

  it('binds pods to a node with room and honours the GPU product selector', async () => {
    const { store, advance } = await fleet();
    deployTo(
      store,
      'gpu-hp-seoul',
      modelDeployment('a100', 'apps', { replicas: 2 }),
      { nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' } },
    );
    await advance(0);
    const pods = podsOf(store, 'gpu-hp-seoul', 'a100');
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.spec.nodeName).toBe('gpu-hp-seoul-a100-1');
      expect(p.status.phase).toBe('Running');
    }
    const before = store.get(CONTROL_PLANE, CLUSTERS, 'gpu-hp-seoul');
    expect(before.status.resourceSummary.allocated['nvidia.com/gpu']).toBe(
      '14',
    );
  });

  it('leaves a pod Pending and Unschedulable when no node has room', async () => {
    const { store, advance } = await fleet();
    deployTo(
      store,
      'gpu-hp-tokyo',
      modelDeployment('huge', 'apps', {
        replicas: 1,
        requests: { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '9' },
      }),
    );
    await advance(0);
    const [pod] = podsOf(store, 'gpu-hp-tokyo', 'huge');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: expect.stringContaining('Insufficient nvidia.com/gpu'),
      }),
    ]);
    const cluster = store.get(CONTROL_PLANE, CLUSTERS, 'gpu-hp-tokyo');
    expect(cluster.status.resourceSummary.allocating['nvidia.com/gpu']).toBe(
      '9',
    );
  });

  it('runs pods only under the default scheduler or the cluster scheduler', async () => {
    const { store, advance } = await fleet();
    deployTo(
      store,
      'gpu-hp-seoul',
      modelDeployment('wrong', 'apps', { replicas: 1 }),
      { schedulerName: 'volcano' },
    );
    deployTo(
      store,
      'gpu-hp-seoul',
      modelDeployment('right', 'apps', { replicas: 1 }),
      { schedulerName: 'kai-scheduler' },
    );
    await advance(0);
    const [wrong] = podsOf(store, 'gpu-hp-seoul', 'wrong');
    expect(wrong.status.phase).toBe('Pending');
    expect(wrong.spec.nodeName).toBeUndefined();
    expect(
      eventsFor(store, 'gpu-hp-seoul', wrong.metadata.name!).map(
        (e: any) => e.message,
      ),
    ).toContainEqual(expect.stringContaining('no scheduler named "volcano"'));
    const [right] = podsOf(store, 'gpu-hp-seoul', 'right');
    expect(right.status.phase).toBe('Running');
  });

  it('makes pods Ready after the model load, per-workload annotation first', async () => {
    const { store, advance } = await fleet();
    deployTo(
      store,
      'cpu-oregon',
      modelDeployment('slow', 'apps', {
        replicas: 1,
        requests: { cpu: '1', memory: '1Gi' },
        annotations: { 'sim.h-mas.io/model-load-ms': '10000' },
      }),
    );
    deployTo(
      store,
      'cpu-oregon',
      modelDeployment('fast', 'apps', {
        replicas: 1,
        requests: { cpu: '1', memory: '1Gi' },
      }),
    );
    await advance(0);
    const ready = (app: string) =>
      podsOf(store, 'cpu-oregon', app)[0].status.conditions.find(
        (c: any) => c.type === 'Ready',
      ).status;
    expect([ready('slow'), ready('fast')]).toEqual(['False', 'False']);
    await advance(1000);
    expect([ready('slow'), ready('fast')]).toEqual(['False', 'True']);
    const fast = store.get('cpu-oregon', 'deployments.apps', 'fast', 'apps');
    expect(fast.status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 1,
      observedGeneration: 1,
    });
    await advance(9000);
    expect(ready('slow')).toBe('True');
  });

  it('loads a model longer the more memory its pods request, with modelLoadMsPerGiB', async () => {
    const { store, advance } = await fleet({ modelLoadMsPerGiB: 500 });
    for (const [app, memory] of [
      ['small', '2Gi'],
      ['large', '8Gi'],
    ]) {
      deployTo(
        store,
        'cpu-oregon',
        modelDeployment(app, 'apps', {
          replicas: 1,
          requests: { cpu: '1', memory },
        }),
      );
    }
    await advance(0);
    const ready = (app: string) =>
      podsOf(store, 'cpu-oregon', app)[0].status.conditions.find(
        (c: any) => c.type === 'Ready',
      ).status;
    // 1000 ms + 500 ms per GiB: 2000 ms for 2Gi, 5000 ms for 8Gi.
    await advance(1999);
    expect([ready('small'), ready('large')]).toEqual(['False', 'False']);
    await advance(1);
    expect([ready('small'), ready('large')]).toEqual(['True', 'False']);
    await advance(2999);
    expect(ready('large')).toBe('False');
    await advance(1);
    expect(ready('large')).toBe('True');
  });

  it('deletes the newest pods on scale down', async () => {
    const { store, advance } = await fleet();
    deployTo(
      store,
      'cpu-oregon',
      modelDeployment('web', 'apps', {
        replicas: 2,
        requests: { cpu: '1', memory: '1Gi' },
      }),
    );
    await advance(1000);
    const first = podsOf(store, 'cpu-oregon', 'web').map(p => p.metadata.name);
    store.patch(
      'cpu-oregon',
      'deployments.apps',
      'web',
      'merge',
      {
        spec: { replicas: 3 },
      },
      { namespace: 'apps' },
    );
    await advance(0);
    const newest = podsOf(store, 'cpu-oregon', 'web')
      .map(p => p.metadata.name)
      .filter(n => !first.includes(n));
    expect(newest).toHaveLength(1);
    await advance(1000);
    store.patch(
      'cpu-oregon',
      'deployments.apps',
      'web',
      'merge',
      {
        spec: { replicas: 2 },
      },
      { namespace: 'apps' },
    );
    await advance(0);
    expect(
      podsOf(store, 'cpu-oregon', 'web')
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual([...first].sort());
  });

  it('marks a cluster not ready with Karmada taints, and ready again', async () => {
    const { store, controller, advance } = await fleet({
      clusterFailover: true,
    });
    controller.markClusterReady('cpu-oregon', false);
    await advance(0);
    let cluster = store.get(CONTROL_PLANE, CLUSTERS, 'cpu-oregon');
    expect(
      cluster.status.conditions.find((c: any) => c.type === 'Ready'),
    ).toMatchObject({ status: 'False', reason: 'ClusterNotReachable' });
    expect(cluster.spec.taints).toEqual([
      expect.objectContaining({
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoSchedule',
      }),
      expect.objectContaining({
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoExecute',
      }),
    ]);
    controller.markClusterReady('cpu-oregon', true);
    await advance(0);
    cluster = store.get(CONTROL_PLANE, CLUSTERS, 'cpu-oregon');
    expect(cluster.spec.taints).toBeUndefined();
    expect(
      cluster.status.conditions.find((c: any) => c.type === 'Ready').status,
    ).toBe('True');
  });
});
