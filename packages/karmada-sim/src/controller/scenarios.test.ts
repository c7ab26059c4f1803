import {
  createKarmadaObject,
  getKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { failure, statusOf } from '../__testUtils__/kube';
import { CONTROL_PLANE } from '../types';

const RB = 'resourcebindings.work.karmada.io';
const WORKS = 'works.work.karmada.io';

let fleet: TestFleet;
let nsCount = 0;

beforeAll(async () => {
  fleet = await startTestFleet({ modelLoadMs: 1000 });
});
afterAll(() => fleet.close());

/** A fresh namespace with one Deployment and a policy for it; returns the binding after settling. */
async function deploy(
  placement: Record<string, unknown>,
  options: {
    replicas?: number;
    requests?: Record<string, string>;
    extra?: Record<string, unknown>;
  } = {},
) {
  const ns = `scenario-${++nsCount}`;
  await fleet.core.createNamespace({ body: { metadata: { name: ns } } });
  await fleet.apps.createNamespacedDeployment({
    namespace: ns,
    body: modelDeployment('app', ns, {
      replicas: options.replicas ?? 2,
      requests: options.requests ?? { cpu: '1', memory: '2Gi' },
    }) as any,
  });
  await createKarmadaObject(
    fleet,
    propagationPolicy(
      'app',
      ns,
      [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' }],
      placement,
      options.extra,
    ),
  );
  await fleet.settle();
  const binding = await getKarmadaObject(
    fleet,
    'ResourceBinding',
    'app-deployment',
    ns,
  );
  return { ns, binding };
}

function scheduled(binding: any) {
  return binding.status.conditions.find((c: any) => c.type === 'Scheduled');
}

describe('GPU capacity', () => {
  it('is Unschedulable when a replica needs more GPUs than any zone cluster has free', async () => {
    const { ns, binding } = await deploy(
      {
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
        },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      },
      { requests: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': '10' } },
    );
    expect(binding.spec.clusters ?? []).toEqual([]);
    expect(scheduled(binding)).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: expect.stringContaining('nvidia.com/gpu'),
    });
    expect(
      fleet.karmada.sim.store.list(CONTROL_PLANE, WORKS, {
        predicate: w =>
          w.metadata.annotations?.['resourcebinding.karmada.io/namespace'] ===
          ns,
      }).items,
    ).toEqual([]);
  });
});

describe('placement', () => {
  it('duplicates replicas to the named clusters', async () => {
    const { ns, binding } = await deploy({
      clusterAffinity: { clusterNames: ['cpu-oregon', 'gpu-hp-seoul'] },
      replicaScheduling: { replicaSchedulingType: 'Duplicated' },
    });
    expect(binding.spec.clusters).toEqual([
      { name: 'cpu-oregon', replicas: 2 },
      { name: 'gpu-hp-seoul', replicas: 2 },
    ]);
    for (const name of ['cpu-oregon', 'gpu-hp-seoul']) {
      const d = await fleet
        .member(name)
        .apps.readNamespacedDeployment({ name: 'app', namespace: ns });
      expect(d.spec?.replicas).toBe(2);
    }
  });

  it('falls back to the second affinity group when the first has no feasible cluster', async () => {
    const { binding } = await deploy({
      clusterAffinities: [
        { affinityName: 'lab', clusterNames: ['lab-offline'] },
        {
          affinityName: 'cpu',
          labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
        },
      ],
      replicaScheduling: { replicaSchedulingType: 'Duplicated' },
    });
    expect(binding.spec.clusters).toEqual([
      { name: 'cpu-oregon', replicas: 2 },
    ]);
    expect(binding.status.schedulerObservingAffinityName).toBe('cpu');
    expect(scheduled(binding)).toMatchObject({
      status: 'True',
      message: expect.stringContaining('after "lab" failed'),
    });
  });

  it('never chooses the not-ready lab-offline cluster', async () => {
    const { binding } = await deploy({
      clusterAffinity: { clusterNames: ['lab-offline'] },
    });
    expect(binding.spec.clusters ?? []).toEqual([]);
    expect(scheduled(binding)).toMatchObject({
      status: 'False',
      reason: 'NoClusterFit',
      message: expect.stringContaining('cluster.karmada.io/not-ready'),
    });
  });

  it('lets a workload that tolerates a cluster taint onto that cluster', async () => {
    await fleet.custom.patchClusterCustomObject({
      group: 'cluster.karmada.io',
      version: 'v1alpha1',
      plural: 'clusters',
      name: 'edge-joined',
      body: [
        {
          op: 'add',
          path: '/spec/taints',
          value: [{ key: 'site', value: 'edge', effect: 'NoSchedule' }],
        },
      ],
    });
    const placement = { clusterAffinity: { clusterNames: ['edge-joined'] } };
    const refused = await deploy(placement);
    expect(scheduled(refused.binding)).toMatchObject({
      status: 'False',
      reason: 'NoClusterFit',
      message: expect.stringContaining('untolerated taint {site: edge}'),
    });
    const tolerated = await deploy({
      ...placement,
      clusterTolerations: [
        { key: 'site', operator: 'Equal', value: 'edge', effect: 'NoSchedule' },
      ],
    });
    expect(tolerated.binding.spec.clusters).toEqual([
      { name: 'edge-joined', replicas: 2 },
    ]);
  });

  it('claims a workload for a policy created after it', async () => {
    const ns = `scenario-${++nsCount}`;
    await fleet.core.createNamespace({ body: { metadata: { name: ns } } });
    await fleet.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'settings' }, data: { a: 'b' } },
    });
    await fleet.settle();
    const store = fleet.karmada.sim.store;
    expect(
      store.tryGet(CONTROL_PLANE, RB, 'settings-configmap', ns),
    ).toBeUndefined();
    await createKarmadaObject(
      fleet,
      propagationPolicy(
        'cm',
        ns,
        [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings' }],
        { clusterAffinity: { clusterNames: ['cpu-oregon'] } },
      ),
    );
    await fleet.settle();
    expect(
      store.get(CONTROL_PLANE, RB, 'settings-configmap', ns).spec.clusters,
    ).toEqual([{ name: 'cpu-oregon', replicas: 0 }]);
    expect(store.get('cpu-oregon', 'configmaps', 'settings', ns).data).toEqual({
      a: 'b',
    });
  });
});

describe('deleting a template', () => {
  it('removes the binding, its Works, the member copies and their pods', async () => {
    const { ns, binding } = await deploy({
      clusterAffinity: { clusterNames: ['cpu-oregon', 'gpu-gen-frankfurt'] },
      replicaScheduling: { replicaSchedulingType: 'Duplicated' },
    });
    const store = fleet.karmada.sim.store;
    const targets = binding.spec.clusters.map((c: any) => c.name);
    expect(targets).toEqual(['cpu-oregon', 'gpu-gen-frankfurt']);
    for (const t of targets) {
      expect(store.list(t, 'pods', { namespace: ns }).items).toHaveLength(2);
    }
    await fleet.apps.deleteNamespacedDeployment({ name: 'app', namespace: ns });
    await fleet.settle();
    expect(
      store.tryGet(CONTROL_PLANE, RB, 'app-deployment', ns),
    ).toBeUndefined();
    expect(
      store.list(CONTROL_PLANE, WORKS, {
        predicate: w =>
          w.metadata.annotations?.['resourcebinding.karmada.io/namespace'] ===
          ns,
      }).items,
    ).toEqual([]);
    for (const t of targets) {
      expect(store.tryGet(t, 'deployments.apps', 'app', ns)).toBeUndefined();
      expect(
        store.list(t, 'replicasets.apps', { namespace: ns }).items,
      ).toEqual([]);
      expect(store.list(t, 'pods', { namespace: ns }).items).toEqual([]);
    }
  });
});

describe('clusters', () => {
  it('reports a cluster registered without a member surface as not reachable, with no capacity', async () => {
    await createKarmadaObject(fleet, {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'new-site' },
      spec: { syncMode: 'Push', apiEndpoint: 'https://10.20.30.40:6443' },
    });
    await fleet.settle();
    const cluster = await getKarmadaObject(fleet, 'Cluster', 'new-site');
    expect(cluster.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Ready',
        status: 'False',
        reason: 'ClusterNotReachable',
        message: expect.stringContaining('https://10.20.30.40:6443'),
      }),
    ]);
    expect(cluster.status.resourceSummary).toBeUndefined();
    expect(cluster.status.nodeSummary).toBeUndefined();
    expect(cluster.spec.taints).toEqual([
      expect.objectContaining({
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoSchedule',
      }),
    ]);
  });

  it('serves the seed fleet, with edge-joined unlabeled but measured', async () => {
    const list = await fleet.custom.listClusterCustomObject({
      group: 'cluster.karmada.io',
      version: 'v1alpha1',
      plural: 'clusters',
    });
    const names = list.items.map((c: any) => c.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'gpu-hp-seoul',
        'gpu-hp-tokyo',
        'gpu-gen-frankfurt',
        'gpu-gen-virginia',
        'lab-offline',
        'cpu-oregon',
        'edge-joined',
      ]),
    );
    const edge = list.items.find((c: any) => c.metadata.name === 'edge-joined');
    expect(edge.metadata.labels ?? {}).toEqual({});
    expect(edge.status.resourceSummary.allocatable['nvidia.com/gpu']).toBe('3');
    const nodes = await fleet.member('edge-joined').core.listNode();
    expect(nodes.items).toHaveLength(3);
  });

  it('rejects an invalid policy over HTTP with 422 and its causes', async () => {
    const e = await failure(
      createKarmadaObject(
        fleet,
        propagationPolicy(
          'bad',
          'default',
          [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }],
          {
            clusterAffinity: { clusterNames: ['a'] },
            clusterAffinities: [{ affinityName: 'b', clusterNames: ['b'] }],
          },
        ),
      ),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e)).toMatchObject({ reason: 'Invalid' });
    expect(
      fleet.karmada.sim.store.tryGet(
        CONTROL_PLANE,
        'propagationpolicies.policy.karmada.io',
        'bad',
        'default',
      ),
    ).toBeUndefined();
  });
});
