import {
  addGpuNode,
  getKarmadaObject,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { buildGpuNode } from '../seed';

const MEMBER = 'gpu-gen-frankfurt';
const NS = 'serving';

function gpuPod(name: string, requests: Record<string, string>) {
  return {
    metadata: { name, namespace: NS },
    spec: {
      containers: [
        {
          name: 'server',
          image: 'vllm/vllm-openai:v0.8.5',
          resources: { requests, limits: requests },
        },
      ],
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    },
  };
}

describe('GPU sharing on members: MIG and time-slicing', () => {
  let fleet: TestFleet;
  beforeEach(async () => {
    fleet = await startTestFleet({ modelLoadMs: 0 });
    await fleet.settle();
    await fleet
      .member(MEMBER)
      .core.createNamespace({ body: { metadata: { name: NS } } });
  });
  afterEach(() => fleet.close());

  it('labels MIG nodes as GFD does for the mixed and single strategies', () => {
    const mixed = buildGpuNode({
      cluster: MEMBER,
      name: 'mig-1',
      model: 'a100_40',
      count: 2,
      mig: { strategy: 'mixed', devices: { '1g.5gb': 7, '3g.20gb': 2 } },
    });
    expect(mixed.metadata.labels).toMatchObject({
      'nvidia.com/mig.strategy': 'mixed',
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB',
      'nvidia.com/mig-1g.5gb.count': '7',
      'nvidia.com/mig-3g.20gb.count': '2',
      'nvidia.com/mig-3g.20gb.memory': '19968',
      'nvidia.com/mig.config.state': 'success',
    });
    expect(mixed.status.allocatable).toMatchObject({
      'nvidia.com/gpu': '0',
      'nvidia.com/mig-1g.5gb': '7',
      'nvidia.com/mig-3g.20gb': '2',
    });
    const single = buildGpuNode({
      cluster: MEMBER,
      name: 'mig-2',
      model: 'a100_40',
      count: 2,
      mig: { strategy: 'single', devices: { '1g.5gb': 14 } },
    });
    expect(single.metadata.labels).toMatchObject({
      'nvidia.com/mig.strategy': 'single',
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb',
      'nvidia.com/gpu.count': '14',
      'nvidia.com/mig.config': 'all-1g.5gb',
    });
    expect(single.status.allocatable['nvidia.com/gpu']).toBe('14');
  });

  it('schedules MIG requests as extended resources and counts them in the resource summary', async () => {
    await addGpuNode(fleet, {
      cluster: MEMBER,
      name: 'mig-1',
      model: 'a100_40',
      count: 1,
      mig: { strategy: 'mixed', devices: { '1g.5gb': 4, '3g.20gb': 1 } },
    });
    const { core } = fleet.member(MEMBER);
    for (const [name, requests] of [
      ['small-a', { 'nvidia.com/mig-1g.5gb': '2' }],
      ['small-b', { 'nvidia.com/mig-1g.5gb': '2' }],
      ['small-c', { 'nvidia.com/mig-1g.5gb': '1' }],
      ['medium', { 'nvidia.com/mig-3g.20gb': '1' }],
    ] as const) {
      await core.createNamespacedPod({
        namespace: NS,
        body: gpuPod(name, { cpu: '1', memory: '1Gi', ...requests }),
      });
    }
    await fleet.settle();
    const pods = await core.listNamespacedPod({ namespace: NS });
    const where = Object.fromEntries(
      pods.items.map(p => [p.metadata!.name, p.spec?.nodeName ?? null]),
    );
    expect(where).toEqual({
      'small-a': `${MEMBER}-mig-1`,
      'small-b': `${MEMBER}-mig-1`,
      'small-c': null,
      medium: `${MEMBER}-mig-1`,
    });
    const pending = pods.items.find(p => p.metadata!.name === 'small-c')!;
    expect(pending.status?.conditions?.[0]?.message).toContain(
      '0/5 nodes are available: 5 Insufficient nvidia.com/mig-1g.5gb.',
    );
    const cluster = await getKarmadaObject(fleet, 'Cluster', MEMBER);
    expect(cluster.status.resourceSummary.allocatable).toMatchObject({
      'nvidia.com/mig-1g.5gb': '4',
      'nvidia.com/mig-3g.20gb': '1',
    });
    expect(cluster.status.resourceSummary.allocated).toMatchObject({
      'nvidia.com/mig-1g.5gb': '4',
      'nvidia.com/mig-3g.20gb': '1',
    });
    expect(cluster.status.resourceSummary.allocating).toMatchObject({
      'nvidia.com/mig-1g.5gb': '1',
    });
  });

  it("advertises a time-sliced node's GPUs times the replicas", async () => {
    const node = await addGpuNode(fleet, {
      cluster: MEMBER,
      name: 'shared-1',
      model: 'l40s',
      count: 2,
      timeSlicing: { replicas: 4 },
    });
    expect(node.metadata.labels).toMatchObject({
      'nvidia.com/gpu.product': 'NVIDIA-L40S-SHARED',
      'nvidia.com/gpu.replicas': '4',
      'nvidia.com/gpu.count': '2',
      'nvidia.com/gpu.sharing-strategy': 'time-slicing',
    });
    expect(node.status.allocatable['nvidia.com/gpu']).toBe('8');
    const { core } = fleet.member(MEMBER);
    await core.createNamespacedPod({
      namespace: NS,
      body: {
        ...gpuPod('shared', { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '6' }),
        spec: {
          ...gpuPod('x', {}).spec,
          containers: [
            {
              name: 'server',
              image: 'vllm/vllm-openai:v0.8.5',
              resources: {
                requests: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '6' },
                limits: { 'nvidia.com/gpu': '6' },
              },
            },
          ],
          nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L40S-SHARED' },
        },
      },
    });
    await fleet.settle();
    const pod = await core.readNamespacedPod({ name: 'shared', namespace: NS });
    expect(pod.spec?.nodeName).toBe(`${MEMBER}-shared-1`);
    expect(pod.status?.phase).toBe('Running');
  });
});
