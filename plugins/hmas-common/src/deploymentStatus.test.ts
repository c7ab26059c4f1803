import {
  BindingLike,
  clustersNeedingPods,
  deploymentStatus,
  PodLike,
} from './deploymentStatus';

const binding = (
  scheduled: 'True' | 'False' | undefined,
  clusters: Array<[string, number, boolean?]>,
  message?: string,
): BindingLike => ({
  spec: { clusters: clusters.map(([name, replicas]) => ({ name, replicas })) },
  status: {
    conditions: scheduled
      ? [{ type: 'Scheduled', status: scheduled, message }]
      : [],
    aggregatedStatus: clusters.map(([clusterName, , applied]) => ({
      clusterName,
      applied: applied ?? true,
      health: applied === false ? 'Unknown' : 'Healthy',
    })),
  },
});

const running = (ready: boolean): PodLike => ({
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  },
});
const pending: PodLike = {
  status: {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        message: '0/3 nodes have enough nvidia.com/gpu',
      },
    ],
  },
};
const crashing: PodLike = {
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        ready: false,
        state: {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m' },
        },
      },
    ],
  },
};

describe('deploymentStatus', () => {
  it.each([
    ['no binding yet', undefined, {}, 'pending'],
    ['not scheduled yet', binding(undefined, []), {}, 'pending'],
    [
      'unschedulable',
      binding('False', [], 'insufficient GPUs'),
      {},
      'unschedulable',
    ],
    [
      'scheduled, not applied',
      binding('True', [['a', 2, false]]),
      {},
      'scheduled',
    ],
    ['applied, no pods yet', binding('True', [['a', 2]]), {}, 'applied'],
    [
      'pods pending on a node',
      binding('True', [['a', 1]]),
      { a: [pending] },
      'applied',
    ],
    [
      'running, probes not passing',
      binding('True', [['a', 2]]),
      { a: [running(false), running(false)] },
      'loading-model',
    ],
    [
      'one of two ready',
      binding('True', [
        ['a', 1],
        ['b', 1],
      ]),
      { a: [running(true)], b: [running(false)] },
      'loading-model',
    ],
    [
      'all ready',
      binding('True', [
        ['a', 1],
        ['b', 1],
      ]),
      { a: [running(true)], b: [running(true)] },
      'ready',
    ],
    ['crash looping', binding('True', [['a', 1]]), { a: [crashing] }, 'failed'],
  ])('%s → %s', (_name, b, pods, phase) => {
    const desired =
      (b?.spec?.clusters ?? []).reduce((n, c) => n + (c.replicas ?? 0), 0) || 2;
    expect(
      deploymentStatus({
        desiredReplicas: desired,
        binding: b,
        podsByCluster: pods as any,
      }).phase,
    ).toBe(phase);
  });

  it('never says ready before every desired replica is ready', () => {
    const status = deploymentStatus({
      desiredReplicas: 3,
      binding: binding('True', [['a', 3]]),
      podsByCluster: {
        a: [running(true), running(true), running(true), running(true)].slice(
          0,
          2,
        ),
      },
    });
    expect(status.phase).toBe('loading-model');
    expect(status.readyReplicas).toBe(2);
  });

  it.each([
    ['Unhealthy', 'Unhealthy'],
    ['Unknown', 'Unknown'],
    ['no item', undefined],
  ])(
    'is not ready while Karmada reports a cluster %s, though its pods are ready',
    (_name, health) => {
      const b = binding('True', [
        ['a', 1],
        ['b', 1],
      ]);
      b.status!.aggregatedStatus = b.status!.aggregatedStatus!.map(a =>
        a.clusterName === 'b' ? { ...a, health } : a,
      );
      const status = deploymentStatus({
        desiredReplicas: 2,
        binding: b,
        podsByCluster: { a: [running(true)], b: [running(true)] },
      });
      expect(status.phase).toBe('loading-model');
      expect(status.readyReplicas).toBe(2);
      expect(status.message).toBe(
        '2/2 replicas ready; waiting for Karmada to report b healthy',
      );
      const healthy = deploymentStatus({
        desiredReplicas: 2,
        binding: binding('True', [
          ['a', 1],
          ['b', 1],
        ]),
        podsByCluster: { a: [running(true)], b: [running(true)] },
      });
      expect(healthy.phase).toBe('ready');
      expect(healthy.clusters.every(c => c.health === 'Healthy')).toBe(true);
    },
  );

  it('reports each cluster with its replicas, readiness and messages', () => {
    const status = deploymentStatus({
      desiredReplicas: 3,
      binding: binding('True', [
        ['a', 2],
        ['b', 1],
      ]),
      podsByCluster: { a: [running(true), running(false)], b: [pending] },
    });
    expect(status.clusters).toEqual([
      {
        cluster: 'a',
        replicas: 2,
        readyReplicas: 1,
        runningReplicas: 2,
        applied: true,
        health: 'Healthy',
        message: undefined,
      },
      {
        cluster: 'b',
        replicas: 1,
        readyReplicas: 0,
        runningReplicas: 0,
        applied: true,
        health: 'Healthy',
        message: '0/3 nodes have enough nvidia.com/gpu',
      },
    ]);
    expect(status.message).toBe(
      '1/3 replicas ready; the others are loading the model',
    );
  });

  it('takes ready counts from the binding for clusters whose pods were not read', () => {
    const b: BindingLike = {
      spec: {
        clusters: [
          { name: 'a', replicas: 2 },
          { name: 'b', replicas: 1 },
        ],
      },
      status: {
        conditions: [{ type: 'Scheduled', status: 'True' }],
        aggregatedStatus: [
          {
            clusterName: 'a',
            applied: true,
            health: 'Healthy',
            status: { replicas: 2, readyReplicas: 2 },
          },
          {
            clusterName: 'b',
            applied: true,
            health: 'Unhealthy',
            status: { replicas: 1, readyReplicas: 0 },
          },
        ],
      },
    };
    expect(clustersNeedingPods(b)).toEqual(['b']);
    const status = deploymentStatus({
      desiredReplicas: 3,
      binding: b,
      podsByCluster: { b: [running(false)] },
    });
    expect(status.phase).toBe('loading-model');
    expect(status.clusters.map(c => [c.cluster, c.readyReplicas])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    const allReady = deploymentStatus({
      desiredReplicas: 3,
      binding: {
        ...b,
        status: {
          ...b.status,
          aggregatedStatus: b.status!.aggregatedStatus!.map(a => ({
            ...a,
            health: 'Healthy',
            status: {
              replicas: a.status!.replicas,
              readyReplicas: a.status!.replicas,
            },
          })),
        },
      },
      podsByCluster: {},
    });
    expect(allReady.phase).toBe('ready');
  });

  it('does not trust what Karmada last collected from a cluster that is not Ready', () => {
    const stale: BindingLike = {
      spec: {
        clusters: [
          { name: 'a', replicas: 1 },
          { name: 'down', replicas: 1 },
        ],
      },
      status: {
        conditions: [{ type: 'Scheduled', status: 'True' }],
        aggregatedStatus: ['a', 'down'].map(clusterName => ({
          clusterName,
          applied: true,
          health: 'Healthy',
          status: { replicas: 1, readyReplicas: 1 },
        })),
      },
    };
    // Without knowing, both clusters' last report says ready.
    expect(
      deploymentStatus({
        desiredReplicas: 2,
        binding: stale,
        podsByCluster: {},
      }).phase,
    ).toBe('ready');
    const status = deploymentStatus({
      desiredReplicas: 2,
      binding: stale,
      podsByCluster: {},
      notReadyClusters: {
        down: 'ClusterNotReachable: cluster is not reachable',
      },
    });
    expect(status.phase).not.toBe('ready');
    expect(status.readyReplicas).toBe(1);
    expect(status.clusters[1]).toEqual({
      cluster: 'down',
      replicas: 1,
      readyReplicas: 0,
      runningReplicas: 0,
      applied: true,
      health: 'Unknown',
      message:
        'cluster not ready: ClusterNotReachable: cluster is not reachable',
    });
    expect(status.message).toContain(
      'cluster down is not ready (ClusterNotReachable: cluster is not reachable): the state of its 1 replica(s) is unknown',
    );
    // A cluster that is not Ready but holds no replica changes nothing.
    expect(
      deploymentStatus({
        desiredReplicas: 2,
        binding: stale,
        podsByCluster: {},
        notReadyClusters: { other: 'x' },
      }).phase,
    ).toBe('ready');
  });

  it('needs pods for clusters Karmada has not reported on', () => {
    expect(clustersNeedingPods(binding('True', [['a', 1]]))).toEqual(['a']);
    expect(clustersNeedingPods(undefined)).toEqual([]);
  });

  it('passes on the scheduler message when nothing fits', () => {
    expect(
      deploymentStatus({
        desiredReplicas: 1,
        binding: binding('False', [], '0/6 clusters are available'),
        podsByCluster: {},
      }).message,
    ).toBe('0/6 clusters are available');
  });
});
