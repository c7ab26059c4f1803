import { KubeObject } from '../types';
import { ScheduleInput, availableReplicas, scheduleBinding } from './scheduler';
import { cluster } from './__fixtures__/objects';

const gpuTolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists' }];

function gpuCluster(
  name: string,
  labels: Record<string, string> | undefined,
  gpus: number,
  usedGpus: number,
  extra: Parameters<typeof cluster>[1] = {},
): KubeObject {
  return cluster(name, {
    labels,
    allocatable: {
      cpu: '200',
      memory: '1000Gi',
      pods: '110',
      'nvidia.com/gpu': String(gpus),
    },
    allocated: {
      cpu: '10',
      memory: '100Gi',
      pods: '10',
      'nvidia.com/gpu': String(usedGpus),
    },
    ...extra,
  });
}

/** A small fleet: free GPUs are seoul 12, tokyo 2, frankfurt 16, edge 3, offline 8. */
const fleet: KubeObject[] = [
  gpuCluster('gpu-hp-seoul', { 'gpu-tier': 'high' }, 16, 4, {
    provider: 'on-premise',
    region: 'kr-seoul',
  }),
  gpuCluster('gpu-hp-tokyo', { 'gpu-tier': 'high' }, 8, 6, {
    provider: 'on-premise',
    region: 'jp-tokyo',
  }),
  gpuCluster('gpu-gen-frankfurt', { 'gpu-tier': 'general' }, 16, 0, {
    provider: 'hetzner',
    region: 'eu-central',
  }),
  cluster('cpu-oregon', {
    labels: { 'gpu-tier': 'none' },
    provider: 'aws',
    region: 'us-west-2',
  }),
  gpuCluster('edge-joined', undefined, 3, 0),
  gpuCluster('lab-offline', { 'gpu-tier': 'general' }, 8, 0, {
    ready: 'False',
  }),
  gpuCluster('maintenance', { 'gpu-tier': 'general' }, 8, 0, {
    taints: [{ key: 'maintenance', effect: 'NoExecute' }],
  }),
];

const high = { labelSelector: { matchLabels: { 'gpu-tier': 'high' } } };
const oneGpu = {
  resourceRequest: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
};
const divided = (extra: Record<string, any> = {}) => ({
  replicaSchedulingType: 'Divided',
  replicaDivisionPreference: 'Weighted',
  ...extra,
});
const dynamic = divided({
  weightPreference: { dynamicWeight: 'AvailableReplicas' },
});

function input(
  placement: any,
  replicas: number,
  extra: Partial<ScheduleInput> = {},
): ScheduleInput {
  return { placement, replicas, clusters: fleet, ...extra };
}

describe('scheduleBinding: placements that succeed', () => {
  it.each<[string, ScheduleInput, Array<[string, number]>]>([
    [
      'Duplicated by default, by names',
      input(
        { clusterAffinity: { clusterNames: ['gpu-hp-tokyo', 'gpu-hp-seoul'] } },
        2,
      ),
      [
        ['gpu-hp-seoul', 2],
        ['gpu-hp-tokyo', 2],
      ],
    ],
    [
      'Duplicated by labels',
      input({ clusterAffinity: high }, 1),
      [
        ['gpu-hp-seoul', 1],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'exclude',
      input({ clusterAffinity: { ...high, exclude: ['gpu-hp-tokyo'] } }, 1),
      [['gpu-hp-seoul', 1]],
    ],
    [
      'field selector',
      input(
        {
          clusterAffinity: {
            fieldSelector: {
              matchExpressions: [
                {
                  key: 'region',
                  operator: 'In',
                  values: ['jp-tokyo', 'eu-central'],
                },
              ],
            },
          },
        },
        1,
      ),
      [
        ['gpu-gen-frankfurt', 1],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'a not-ready cluster is skipped',
      input(
        {
          clusterAffinity: {
            labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
          },
        },
        1,
      ),
      [['gpu-gen-frankfurt', 1]],
    ],
    [
      'a tolerated not-ready taint lets the cluster in',
      input(
        {
          clusterAffinity: {
            clusterNames: ['gpu-gen-frankfurt', 'lab-offline'],
          },
          clusterTolerations: [
            {
              key: 'cluster.karmada.io/not-ready',
              operator: 'Exists',
              effect: 'NoSchedule',
            },
          ],
        },
        1,
      ),
      [
        ['gpu-gen-frankfurt', 1],
        ['lab-offline', 1],
      ],
    ],
    [
      'a NoSchedule taint does not remove a cluster already holding replicas',
      input(
        {
          clusterAffinity: {
            clusterNames: ['gpu-gen-frankfurt', 'lab-offline'],
          },
        },
        1,
        { previous: [{ name: 'lab-offline', replicas: 1 }] },
      ),
      [
        ['gpu-gen-frankfurt', 1],
        ['lab-offline', 1],
      ],
    ],
    [
      'a NoExecute taint removes a cluster even when it held replicas',
      input(
        {
          clusterAffinity: {
            clusterNames: ['gpu-gen-frankfurt', 'maintenance'],
          },
        },
        1,
        { previous: [{ name: 'maintenance', replicas: 1 }] },
      ),
      [['gpu-gen-frankfurt', 1]],
    ],
    [
      'static weights 2:1 with the remainder to the heaviest',
      input(
        {
          clusterAffinity: high,
          replicaScheduling: divided({
            weightPreference: {
              staticWeightList: [
                {
                  targetCluster: { clusterNames: ['gpu-hp-seoul'] },
                  weight: 2,
                },
                {
                  targetCluster: { clusterNames: ['gpu-hp-tokyo'] },
                  weight: 1,
                },
              ],
            },
          }),
        },
        7,
      ),
      [
        ['gpu-hp-seoul', 5],
        ['gpu-hp-tokyo', 2],
      ],
    ],
    [
      'static weights select only weighted clusters',
      input(
        {
          replicaScheduling: divided({
            weightPreference: {
              staticWeightList: [
                {
                  targetCluster: {
                    labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
                  },
                  weight: 1,
                },
              ],
            },
          }),
        },
        3,
      ),
      [['cpu-oregon', 3]],
    ],
    [
      'Divided without weights splits evenly, ties by name',
      input(
        {
          clusterAffinity: {
            clusterNames: ['gpu-hp-seoul', 'gpu-hp-tokyo', 'gpu-gen-frankfurt'],
          },
          replicaScheduling: { replicaSchedulingType: 'Divided' },
        },
        5,
      ),
      [
        ['gpu-gen-frankfurt', 2],
        ['gpu-hp-seoul', 2],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'static weights never exceed what a cluster can fit',
      input(
        {
          clusterAffinity: high,
          replicaScheduling: divided({
            weightPreference: {
              staticWeightList: [
                {
                  targetCluster: { clusterNames: ['gpu-hp-tokyo'] },
                  weight: 10,
                },
                {
                  targetCluster: { clusterNames: ['gpu-hp-seoul'] },
                  weight: 1,
                },
              ],
            },
          }),
        },
        6,
        { replicaRequirements: oneGpu },
      ),
      [
        ['gpu-hp-seoul', 4],
        ['gpu-hp-tokyo', 2],
      ],
    ],
    [
      'dynamic weights follow free GPUs (12:2)',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 7, {
        replicaRequirements: oneGpu,
      }),
      [
        ['gpu-hp-seoul', 6],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'a cluster that cannot fit one replica is left out',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 3, {
        replicaRequirements: { resourceRequest: { 'nvidia.com/gpu': '4' } },
      }),
      [['gpu-hp-seoul', 3]],
    ],
    [
      'Duplicated needs room for every replica',
      input({ clusterAffinity: high }, 3, { replicaRequirements: oneGpu }),
      [['gpu-hp-seoul', 3]],
    ],
    [
      'Aggregated fills the fewest clusters',
      input(
        {
          clusterAffinity: high,
          replicaScheduling: divided({
            replicaDivisionPreference: 'Aggregated',
          }),
        },
        4,
        { replicaRequirements: oneGpu },
      ),
      [['gpu-hp-seoul', 4]],
    ],
    [
      'Aggregated spills over when one cluster is not enough',
      input(
        {
          clusterAffinity: high,
          replicaScheduling: divided({
            replicaDivisionPreference: 'Aggregated',
          }),
        },
        13,
        { replicaRequirements: oneGpu },
      ),
      [
        ['gpu-hp-seoul', 12],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'dynamic weights keep a steady previous result',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 4, {
        replicaRequirements: oneGpu,
        previous: [
          { name: 'gpu-hp-seoul', replicas: 1 },
          { name: 'gpu-hp-tokyo', replicas: 3 },
        ],
      }),
      [
        ['gpu-hp-seoul', 1],
        ['gpu-hp-tokyo', 3],
      ],
    ],
    [
      'dynamic weights scale down in proportion to the previous result',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 4, {
        replicaRequirements: oneGpu,
        previous: [
          { name: 'gpu-hp-seoul', replicas: 6 },
          { name: 'gpu-hp-tokyo', replicas: 2 },
        ],
      }),
      [
        ['gpu-hp-seoul', 3],
        ['gpu-hp-tokyo', 1],
      ],
    ],
    [
      'dynamic weights scale up by dividing only the increment',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 4, {
        replicaRequirements: oneGpu,
        previous: [{ name: 'gpu-hp-tokyo', replicas: 2 }],
      }),
      [
        ['gpu-hp-seoul', 2],
        ['gpu-hp-tokyo', 2],
      ],
    ],
    [
      'spread by cluster caps the number of clusters (Duplicated: by name)',
      input(
        {
          clusterAffinity: high,
          spreadConstraints: [
            { spreadByField: 'cluster', maxGroups: 1, minGroups: 1 },
          ],
        },
        2,
      ),
      [['gpu-hp-seoul', 2]],
    ],
    [
      'spread by cluster prefers clusters already in use',
      input(
        {
          clusterAffinity: high,
          spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 1 }],
        },
        2,
        { previous: [{ name: 'gpu-hp-tokyo', replicas: 2 }] },
      ),
      [['gpu-hp-tokyo', 2]],
    ],
    [
      'spread by cluster for Divided keeps the roomiest clusters',
      input(
        {
          clusterAffinity: {
            clusterNames: ['gpu-hp-tokyo', 'gpu-hp-seoul', 'edge-joined'],
          },
          spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 2 }],
          replicaScheduling: dynamic,
        },
        5,
        { replicaRequirements: oneGpu },
      ),
      [
        ['edge-joined', 1],
        ['gpu-hp-seoul', 4],
      ],
    ],
    [
      'an object without replicas goes to every selected cluster',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 0),
      [
        ['gpu-hp-seoul', 0],
        ['gpu-hp-tokyo', 0],
      ],
    ],
    [
      'an empty placement selects every schedulable cluster',
      input({ clusterTolerations: gpuTolerations }, 1),
      [
        ['cpu-oregon', 1],
        ['edge-joined', 1],
        ['gpu-gen-frankfurt', 1],
        ['gpu-hp-seoul', 1],
        ['gpu-hp-tokyo', 1],
      ],
    ],
  ])('%s', (_name, scheduleInput, expected) => {
    const result = scheduleBinding(scheduleInput);
    expect(result).toMatchObject({ ok: true, reason: 'Success' });
    expect(result.ok && result.clusters.map(c => [c.name, c.replicas])).toEqual(
      expected,
    );
  });
});

describe('scheduleBinding: placements that fail', () => {
  it.each<[string, ScheduleInput, 'NoClusterFit' | 'Unschedulable', RegExp]>([
    [
      'no cluster matches',
      input({ clusterAffinity: { clusterNames: ['nowhere'] } }, 1),
      'NoClusterFit',
      /0\/7 clusters are available: 7 cluster\(s\) did not match the placement cluster affinity constraint/,
    ],
    [
      'the only match is not ready',
      input({ clusterAffinity: { clusterNames: ['lab-offline'] } }, 1),
      'NoClusterFit',
      /1 cluster\(s\) had untolerated taint \{cluster.karmada.io\/not-ready: \}/,
    ],
    [
      'not enough GPUs for Divided',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 20, {
        replicaRequirements: oneGpu,
      }),
      'Unschedulable',
      /available replicas 14 are not enough to schedule 20 .*nvidia.com\/gpu=1.*insufficient nvidia.com\/gpu/,
    ],
    [
      'not enough GPUs for static weights',
      input({ clusterAffinity: high, replicaScheduling: divided() }, 15, {
        replicaRequirements: oneGpu,
      }),
      'Unschedulable',
      /available replicas 14 are not enough to schedule 15/,
    ],
    [
      'no cluster fits one replica',
      input({ clusterAffinity: high, replicaScheduling: dynamic }, 1, {
        replicaRequirements: { resourceRequest: { 'nvidia.com/gpu': '16' } },
      }),
      'Unschedulable',
      /insufficient nvidia.com\/gpu/,
    ],
    [
      'GPUs requested on a CPU-only cluster',
      input({ clusterAffinity: { clusterNames: ['cpu-oregon'] } }, 1, {
        replicaRequirements: oneGpu,
      }),
      'Unschedulable',
      /cpu-oregon: 0 \(limited by nvidia.com\/gpu\)/,
    ],
    [
      'fewer clusters than minGroups',
      input(
        {
          clusterAffinity: high,
          spreadConstraints: [
            { spreadByField: 'cluster', minGroups: 3, maxGroups: 3 },
          ],
        },
        1,
      ),
      'Unschedulable',
      /less than spreadConstraint.minGroups \(3\)/,
    ],
    [
      'every affinity group fails',
      input(
        {
          clusterAffinities: [
            { affinityName: 'first', clusterNames: ['lab-offline'] },
            { affinityName: 'second', clusterNames: ['nowhere'] },
          ],
        },
        1,
      ),
      'NoClusterFit',
      /"first": .*not-ready.*; "second": .*did not match/,
    ],
  ])('%s', (_name, scheduleInput, reason, message) => {
    const result = scheduleBinding(scheduleInput);
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });
});

describe('scheduleBinding: cluster affinity groups', () => {
  const groups = {
    clusterAffinities: [
      {
        affinityName: 'gpu-high',
        labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
      },
      {
        affinityName: 'gpu-general',
        labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
      },
    ],
    replicaScheduling: dynamic,
  };

  it('uses the first group that schedules and names it', () => {
    const result = scheduleBinding(
      input(groups, 2, { replicaRequirements: oneGpu }),
    );
    expect(result).toMatchObject({ ok: true, affinityName: 'gpu-high' });
    expect(result.message).toContain('"gpu-high"');
  });

  it('falls back when the first group lacks GPUs', () => {
    const result = scheduleBinding(
      input(groups, 2, {
        replicaRequirements: { resourceRequest: { 'nvidia.com/gpu': '8' } },
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      affinityName: 'gpu-general',
      clusters: [{ name: 'gpu-gen-frankfurt', replicas: 2 }],
    });
    expect(result.message).toMatch(
      /cluster affinity group "gpu-general", after "gpu-high" failed/,
    );
  });

  it('reports Unschedulable when a group failed for capacity', () => {
    const result = scheduleBinding(
      input(groups, 40, { replicaRequirements: oneGpu }),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'Unschedulable',
      affinityName: 'gpu-general',
    });
  });
});

describe('scheduleBinding: determinism', () => {
  it('gives the same answer whatever the order of clusters', () => {
    const placement = {
      clusterTolerations: gpuTolerations,
      replicaScheduling: dynamic,
    };
    const a = scheduleBinding(
      input(placement, 9, { replicaRequirements: oneGpu }),
    );
    const b = scheduleBinding(
      input(placement, 9, {
        replicaRequirements: oneGpu,
        clusters: [...fleet].reverse(),
      }),
    );
    expect(a).toEqual(b);
    expect(a.ok && a.clusters.reduce((s, c) => s + c.replicas, 0)).toBe(9);
  });
});

describe('availableReplicas', () => {
  it.each<
    [
      string,
      KubeObject,
      Record<string, string> | undefined,
      number,
      string | undefined,
    ]
  >([
    ['GPU-limited', fleet[0], { 'nvidia.com/gpu': '2' }, 6, 'nvidia.com/gpu'],
    ['pods-limited without a request', fleet[0], undefined, 100, 'pods'],
    [
      'memory-limited with quantities',
      cluster('small', {
        allocatable: { cpu: '2', memory: '3Gi', pods: '110' },
        allocated: { cpu: '0' },
        allocating: {},
      }),
      { cpu: '500m', memory: '1Gi' },
      3,
      'memory',
    ],
    [
      'allocating counts as used',
      cluster('busy', {
        allocatable: { cpu: '8', pods: '110' },
        allocated: { cpu: '4' },
        allocating: { cpu: '3' },
      }),
      { cpu: '1' },
      1,
      'cpu',
    ],
    [
      'a resource the cluster lacks',
      fleet[3],
      { 'nvidia.com/gpu': '1' },
      0,
      'nvidia.com/gpu',
    ],
    [
      'no resource summary',
      { ...cluster('x'), status: {} },
      { cpu: '1' },
      0,
      'resourceSummary',
    ],
  ])('%s', (_name, c, request, replicas, limitedBy) => {
    expect(availableReplicas(c, request)).toEqual({ replicas, limitedBy });
  });
});
