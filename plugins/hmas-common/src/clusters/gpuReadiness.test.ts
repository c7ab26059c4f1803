import { buildManifests } from '../deployments/manifests';
import { resolveDeployment } from '../deployments/resolve';
import { deploymentSpecSchema } from '../deployments/spec';
import {
  GpuReadinessCheck,
  GpuReadinessCheckId,
  gpuNodeSummaries,
  gpuReadiness,
  NodeObject,
} from './gpuReadiness';

type Taint = { key: string; value?: string; effect: string };

const GPU_TAINT: Taint = {
  key: 'nvidia.com/gpu',
  value: 'present',
  effect: 'NoSchedule',
};

/** Labels the GPU Operator's feature discovery puts on a node (as the simulator's seed does). */
const operatorLabels = {
  'nvidia.com/gpu.present': 'true',
  'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
  'nvidia.com/gpu.count': '8',
  'nvidia.com/gpu.deploy.device-plugin': 'true',
  'nvidia.com/gpu.sharing-strategy': 'none',
  'nvidia.com/mig.capable': 'true',
  'nvidia.com/mig.config': 'all-disabled',
};

function cpuNode(name: string): NodeObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      capacity: { cpu: '32', memory: '128Gi' },
      allocatable: { cpu: '31', memory: '124Gi' },
    },
  };
}

function gpuNode(
  name: string,
  options: {
    gpus?: number;
    allocatable?: number;
    labels?: Record<string, string | undefined>;
    taints?: Taint[];
  } = {},
): NodeObject {
  const gpus = options.gpus ?? 8;
  const labels = Object.fromEntries(
    Object.entries({ ...operatorLabels, ...options.labels }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  return {
    metadata: { name, labels },
    spec: { taints: options.taints ?? [GPU_TAINT] },
    status: {
      capacity: gpus ? { cpu: '64', 'nvidia.com/gpu': String(gpus) } : {},
      allocatable: {
        cpu: '63',
        ...(gpus
          ? { 'nvidia.com/gpu': String(options.allocatable ?? gpus) }
          : {}),
      },
    },
  };
}

function check(
  checks: GpuReadinessCheck[],
  id: GpuReadinessCheckId,
): GpuReadinessCheck {
  const found = checks.find(c => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('gpuReadiness', () => {
  it('passes every check for a cluster set up as H-MAS expects', () => {
    const checks = gpuReadiness([
      cpuNode('cpu-1'),
      gpuNode('h100-2'),
      gpuNode('h100-1'),
      gpuNode('l40s-1', {
        gpus: 4,
        labels: {
          'nvidia.com/gpu.product': 'NVIDIA-L40S',
          'nvidia.com/mig.capable': 'false',
        },
      }),
    ]);
    expect(checks).toEqual([
      {
        id: 'gpu-nodes',
        title: 'GPU nodes exist',
        status: 'pass',
        detail:
          '3 of 4 nodes have NVIDIA GPUs: h100-1 (8×NVIDIA-H100-80GB-HBM3), h100-2 (8×NVIDIA-H100-80GB-HBM3) and l40s-1 (4×NVIDIA-L40S).',
      },
      {
        id: 'gpu-taints',
        title: 'GPU nodes are tainted so CPU pods stay off',
        status: 'pass',
        detail:
          'All 3 GPU nodes carry nvidia.com/gpu=present:NoSchedule: H-MAS GPU deployments tolerate it and CPU pods stay off.',
      },
      {
        id: 'gpu-allocatable',
        title: 'nvidia.com/gpu is allocatable on every GPU node',
        status: 'pass',
        detail:
          'Every GPU node advertises allocatable nvidia.com/gpu: 20 in all (h100-1: 8, h100-2: 8 and l40s-1: 4).',
      },
      {
        id: 'device-plugin',
        title: 'NVIDIA device plugin or GPU Operator is present',
        status: 'pass',
        detail:
          'The NVIDIA GPU Operator deploys the device plugin on all 3 GPU nodes (nvidia.com/gpu.deploy.device-plugin=true).',
      },
      {
        id: 'gpu-sharing',
        title: 'MIG and time-slicing mode are reported',
        status: 'pass',
        detail:
          'Whole GPUs (sharing strategy none), MIG config all-disabled on h100-1 and h100-2; whole GPUs (sharing strategy none), not MIG-capable on l40s-1.',
      },
    ]);
  });

  it.each([
    ['a CPU-only cluster', [cpuNode('cpu-1'), cpuNode('cpu-2')]],
    ['an empty cluster', []],
  ])('answers n/a for every check of %s', (_what, nodes) => {
    const checks = gpuReadiness(nodes);
    expect(checks.map(c => [c.id, c.status])).toEqual([
      ['gpu-nodes', 'n/a'],
      ['gpu-taints', 'n/a'],
      ['gpu-allocatable', 'n/a'],
      ['device-plugin', 'n/a'],
      ['gpu-sharing', 'n/a'],
    ]);
    expect(checks.every(c => c.fix === undefined)).toBe(true);
    expect(checks[1].detail).toBe(
      'Not applicable: the cluster has no GPU nodes.',
    );
  });

  it('says why a CPU-only cluster has no GPU nodes', () => {
    expect(gpuReadiness([cpuNode('cpu-1'), cpuNode('cpu-2')])[0].detail).toBe(
      "None of the cluster's 2 nodes has NVIDIA GPUs (no nvidia.com/gpu capacity, no nvidia.com/gpu.present or nvidia.com/gpu.product label): a CPU-only cluster. If it should serve GPU workloads, check that the NVIDIA driver and GPU feature discovery run on its GPU nodes.",
    );
    expect(gpuReadiness([])[0].detail).toMatch(
      /^The cluster reports no nodes\./,
    );
  });

  it.each<[string, NodeObject]>([
    [
      'nvidia.com/gpu capacity alone',
      gpuNode('g', {
        labels: {
          'nvidia.com/gpu.present': undefined,
          'nvidia.com/gpu.product': undefined,
        },
      }),
    ],
    [
      'the GPU feature discovery product label',
      {
        metadata: {
          name: 'g',
          labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
        },
      },
    ],
    [
      'nvidia.com/gpu.present',
      { metadata: { name: 'g', labels: { 'nvidia.com/gpu.present': 'true' } } },
    ],
    [
      "Node Feature Discovery's NVIDIA PCI label",
      {
        metadata: {
          name: 'g',
          labels: { 'feature.node.kubernetes.io/pci-10de.present': 'true' },
        },
      },
    ],
  ])('recognises a GPU node by %s', (_what, node) => {
    expect(gpuReadiness([node, cpuNode('c')])[0]).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^1 of 2 nodes has NVIDIA GPUs: g \(/),
    });
  });

  describe('GPU node taints', () => {
    it.each<[string, Taint[], 'pass' | 'warn' | 'fail', string[]]>([
      ['nvidia.com/gpu=present:NoSchedule', [GPU_TAINT], 'pass', []],
      [
        'nvidia.com/gpu:NoSchedule without a value',
        [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
        'pass',
        [],
      ],
      [
        'dedicated=gpu:NoSchedule',
        [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        'pass',
        [],
      ],
      [
        'a taint Kubernetes manages besides the GPU taint',
        [
          GPU_TAINT,
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        ],
        'pass',
        [],
      ],
      [
        'no taint',
        [],
        'warn',
        ['kubectl taint nodes g1 nvidia.com/gpu=present:NoSchedule'],
      ],
      [
        'only PreferNoSchedule',
        [{ ...GPU_TAINT, effect: 'PreferNoSchedule' }],
        'warn',
        ['kubectl taint nodes g1 nvidia.com/gpu=present:NoSchedule'],
      ],
      [
        'NoExecute, which the GPU pods do not tolerate',
        [{ ...GPU_TAINT, effect: 'NoExecute' }],
        'fail',
        [
          '# replace the taints H-MAS does not tolerate',
          'kubectl taint nodes g1 nvidia.com/gpu=present:NoExecute-',
          'kubectl taint nodes g1 nvidia.com/gpu=present:NoSchedule',
        ],
      ],
      [
        'dedicated with another value',
        [{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' }],
        'fail',
        [
          '# replace the taints H-MAS does not tolerate',
          'kubectl taint nodes g1 dedicated=ml:NoSchedule-',
          'kubectl taint nodes g1 nvidia.com/gpu=present:NoSchedule',
        ],
      ],
      [
        'a foreign taint next to the GPU taint',
        [GPU_TAINT, { key: 'gpu', value: 'true', effect: 'NoSchedule' }],
        'fail',
        [
          '# replace the taints H-MAS does not tolerate',
          'kubectl taint nodes g1 gpu=true:NoSchedule-',
        ],
      ],
    ])('%s', (_what, taints, status, fix) => {
      const result = check(
        gpuReadiness([gpuNode('g1', { taints })]),
        'gpu-taints',
      );
      expect(result.status).toBe(status);
      expect(result.fix?.split('\n') ?? []).toEqual(fix);
    });

    it('names the untainted and the unreachable nodes and fixes each', () => {
      const result = check(
        gpuReadiness([
          gpuNode('g1'),
          gpuNode('g2', { taints: [] }),
          gpuNode('g3', { taints: [] }),
          gpuNode('g4', {
            taints: [{ key: 'nvidia.com/gpu', effect: 'NoExecute' }],
          }),
        ]),
        'gpu-taints',
      );
      expect(result).toEqual({
        id: 'gpu-taints',
        title: 'GPU nodes are tainted so CPU pods stay off',
        status: 'fail',
        detail:
          'g4 (nvidia.com/gpu:NoExecute) has a taint H-MAS GPU deployments do not tolerate, so its GPUs are out of their reach. H-MAS tolerates nvidia.com/gpu:NoSchedule (any value) and dedicated=gpu:NoSchedule. g2 and g3 have no nvidia.com/gpu=present:NoSchedule or dedicated=gpu:NoSchedule taint: CPU pods can be scheduled there and take the CPU and memory GPU workloads need.',
        fix: [
          '# replace the taints H-MAS does not tolerate',
          'kubectl taint nodes g4 nvidia.com/gpu:NoExecute-',
          'kubectl taint nodes g4 nvidia.com/gpu=present:NoSchedule',
          '# keep CPU pods off the GPU nodes',
          'kubectl taint nodes g2 nvidia.com/gpu=present:NoSchedule',
          'kubectl taint nodes g3 nvidia.com/gpu=present:NoSchedule',
        ].join('\n'),
      });
    });

    // The check must agree with the tolerations the manifest builder gives pods: a passing
    // node admits H-MAS GPU pods and keeps CPU pods off.
    const podTolerations = (gpuMode: 'gpu' | 'cpu') => {
      const spec = deploymentSpecSchema.parse({
        name: 'chat',
        namespace: 'ml-team',
        owner: 'group:default/ml-team',
        model: { preset: 'phi-3-mini-4k-instruct-gguf' },
        runtime: 'llamacpp',
        gpuMode,
        placement: {
          mode: 'zone',
          zone: gpuMode === 'gpu' ? 'gpu-general' : 'cpu-only',
        },
      });
      const manifests = buildManifests(resolveDeployment(spec)) as any;
      return (manifests.deployment.spec.template.spec.tolerations ??
        []) as Array<{
        key: string;
        operator: string;
        value?: string;
        effect: string;
      }>;
    };
    const admits =
      (tolerations: ReturnType<typeof podTolerations>) => (t: Taint) =>
        tolerations.some(
          tol =>
            tol.key === t.key &&
            tol.effect === t.effect &&
            (tol.operator === 'Exists' || tol.value === t.value),
        );

    it.each<Taint>([
      GPU_TAINT,
      { key: 'nvidia.com/gpu', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NoExecute' },
      { key: 'dedicated', value: 'ml', effect: 'NoSchedule' },
    ])('agrees with the manifest tolerations on %j', taint => {
      const passes =
        check(gpuReadiness([gpuNode('g1', { taints: [taint] })]), 'gpu-taints')
          .status === 'pass';
      expect(admits(podTolerations('gpu'))(taint)).toBe(passes);
      expect(admits(podTolerations('cpu'))(taint)).toBe(false);
    });
  });

  describe('allocatable GPUs', () => {
    it.each<[string, NodeObject[], 'pass' | 'warn' | 'fail', string]>([
      [
        'every node advertising',
        [gpuNode('g1'), gpuNode('g2', { gpus: 2 })],
        'pass',
        'Every GPU node advertises allocatable nvidia.com/gpu: 10 in all (g1: 8 and g2: 2).',
      ],
      [
        'a node whose GPUs are all MIG devices (mixed strategy)',
        [
          gpuNode('g1'),
          (() => {
            const n = gpuNode('mig1', { allocatable: 0 });
            n.status!.allocatable!['nvidia.com/mig-1g.5gb'] = '7';
            n.status!.allocatable!['nvidia.com/mig-3g.20gb'] = '1';
            return n;
          })(),
        ],
        'pass',
        'Every GPU node advertises allocatable nvidia.com/gpu or MIG devices: 8 in all (g1: 8 and mig1: 0 + MIG 7× 1g.5gb, 1× 3g.20gb).',
      ],
      [
        'one of two advertising none',
        [gpuNode('g1'), gpuNode('g2', { allocatable: 0 })],
        'warn',
        'g2 (capacity 8) advertises no allocatable nvidia.com/gpu: the device plugin is not registering its GPUs, so no GPU pod can be scheduled there.',
      ],
      [
        'no node advertising',
        [gpuNode('g1', { allocatable: 0 }), gpuNode('g2', { gpus: 0 })],
        'fail',
        'g1 (capacity 8) and g2 advertise no allocatable nvidia.com/gpu: the device plugin is not registering their GPUs, so no GPU pod can be scheduled there; no GPU in this cluster is usable.',
      ],
    ])('%s', (_what, nodes, status, detail) => {
      const result = check(gpuReadiness(nodes), 'gpu-allocatable');
      expect(result.status).toBe(status);
      expect(result.detail).toBe(detail);
      expect(result.fix === undefined).toBe(status === 'pass');
    });

    it('points at the device plugin pods of the nodes concerned', () => {
      const result = check(
        gpuReadiness([gpuNode('g1'), gpuNode('g2', { allocatable: 0 })]),
        'gpu-allocatable',
      );
      expect(result.fix).toContain(
        'kubectl get pods -A -o wide --field-selector spec.nodeName=g2 | grep -i nvidia',
      );
      expect(result.fix).not.toContain('spec.nodeName=g1');
    });
  });

  describe('device plugin', () => {
    const bare = { 'nvidia.com/gpu.deploy.device-plugin': undefined };
    it.each<[string, NodeObject[], 'pass' | 'fail', string]>([
      [
        'the GPU Operator on every node',
        [gpuNode('g1'), gpuNode('g2')],
        'pass',
        'The NVIDIA GPU Operator deploys the device plugin on all 2 GPU nodes (nvidia.com/gpu.deploy.device-plugin=true).',
      ],
      [
        'a bare device plugin (no operator labels)',
        [gpuNode('g1', { labels: bare })],
        'pass',
        'A device plugin without the GPU Operator advertises nvidia.com/gpu on the GPU node (no nvidia.com/gpu.deploy.* labels).',
      ],
      [
        'the operator on some nodes, a bare plugin on others',
        [gpuNode('g1'), gpuNode('g2', { labels: bare })],
        'pass',
        'The NVIDIA GPU Operator deploys the device plugin on g1 (nvidia.com/gpu.deploy.device-plugin=true); a device plugin without the GPU Operator advertises nvidia.com/gpu on g2 (no nvidia.com/gpu.deploy.* labels).',
      ],
      [
        'neither',
        [gpuNode('g1'), gpuNode('g2', { labels: bare, allocatable: 0 })],
        'fail',
        'g2 has GPUs but no device plugin: no nvidia.com/gpu is advertised and no GPU Operator label (nvidia.com/gpu.deploy.device-plugin=true) is set.',
      ],
    ])('%s', (_what, nodes, status, detail) => {
      const result = check(gpuReadiness(nodes), 'device-plugin');
      expect(result.status).toBe(status);
      expect(result.detail).toBe(detail);
    });

    it('offers the GPU Operator and the device plugin chart as fixes', () => {
      const { fix } = check(
        gpuReadiness([gpuNode('g1', { labels: bare, allocatable: 0 })]),
        'device-plugin',
      );
      expect(fix?.split('\n')).toEqual([
        '# install the NVIDIA GPU Operator (driver, device plugin, GPU feature discovery, MIG manager)',
        'helm repo add nvidia https://helm.ngc.nvidia.com/nvidia && helm repo update',
        'helm install --wait gpu-operator -n gpu-operator --create-namespace nvidia/gpu-operator',
        '# or, with the NVIDIA driver already on the nodes, only the device plugin DaemonSet (with GPU feature discovery)',
        'helm repo add nvdp https://nvidia.github.io/k8s-device-plugin && helm repo update',
        'helm upgrade -i nvdp nvdp/nvidia-device-plugin -n nvidia-device-plugin --create-namespace --set gfd.enabled=true',
      ]);
    });
  });

  describe('MIG and time-slicing mode', () => {
    const unlabelled = {
      'nvidia.com/gpu.sharing-strategy': undefined,
      'nvidia.com/mig.capable': undefined,
      'nvidia.com/mig.config': undefined,
    };
    it.each<[string, Record<string, string | undefined>, string]>([
      [
        'time-slicing',
        {
          'nvidia.com/gpu.sharing-strategy': 'time-slicing',
          'nvidia.com/gpu.replicas': '4',
        },
        'Time-slicing (4 replicas per GPU), MIG config all-disabled on g1.',
      ],
      [
        'MPS',
        {
          'nvidia.com/gpu.sharing-strategy': 'mps',
          'nvidia.com/gpu.replicas': '2',
        },
        'MPS (2 replicas per GPU), MIG config all-disabled on g1.',
      ],
      [
        'a MIG profile',
        { 'nvidia.com/mig.config': 'all-1g.10gb' },
        'Whole GPUs (sharing strategy none), MIG config all-1g.10gb on g1.',
      ],
      [
        'a MIG profile being applied',
        {
          ...unlabelled,
          'nvidia.com/mig.config': 'all-3g.40gb',
          'nvidia.com/mig.config.state': 'pending',
        },
        'MIG config all-3g.40gb (pending) on g1.',
      ],
      [
        'only the MIG strategy',
        { ...unlabelled, 'nvidia.com/mig.strategy': 'single' },
        'MIG strategy single on g1.',
      ],
      [
        'only replicas',
        { ...unlabelled, 'nvidia.com/gpu.replicas': '2' },
        '2 replicas per GPU on g1.',
      ],
    ])('passes and reports %s', (_what, labels, detail) => {
      const result = check(
        gpuReadiness([gpuNode('g1', { labels })]),
        'gpu-sharing',
      );
      expect(result).toMatchObject({ status: 'pass', detail });
    });

    it('warns about nodes that report no mode and says what the others report', () => {
      const result = check(
        gpuReadiness([gpuNode('g1'), gpuNode('g2', { labels: unlabelled })]),
        'gpu-sharing',
      );
      expect(result.status).toBe('warn');
      expect(result.detail).toBe(
        'g2 reports no sharing or MIG mode (no nvidia.com/gpu.sharing-strategy or nvidia.com/mig.config labels): GPU feature discovery is not labelling it, so H-MAS cannot tell whole GPUs from time-sliced or MIG ones. Reported: whole GPUs (sharing strategy none), MIG config all-disabled on g1.',
      );
      expect(result.fix).toContain('--set gfd.enabled=true');
    });

    it('fails when the MIG manager could not apply the config', () => {
      const result = check(
        gpuReadiness([
          gpuNode('g1', {
            labels: {
              'nvidia.com/mig.config': 'all-1g.10gb',
              'nvidia.com/mig.config.state': 'failed',
            },
          }),
          gpuNode('g2', { labels: unlabelled }),
        ]),
        'gpu-sharing',
      );
      expect(result).toEqual({
        id: 'gpu-sharing',
        title: 'MIG and time-slicing mode are reported',
        status: 'fail',
        detail:
          'The MIG manager failed to apply the MIG config on g1 (all-1g.10gb) (nvidia.com/mig.config.state=failed): its GPUs may not match what deployments expect.',
        fix: [
          '# read why, then apply a MIG config the GPUs support (all-disabled gives whole GPUs back)',
          'kubectl logs -n gpu-operator -l app=nvidia-mig-manager --tail=100',
          'kubectl label nodes g1 nvidia.com/mig.config=all-disabled --overwrite',
        ].join('\n'),
      });
    });
  });

  it('shortens long node lists', () => {
    const nodes = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map(n =>
      gpuNode(n, { taints: [] }),
    );
    expect(check(gpuReadiness(nodes), 'gpu-taints').detail).toMatch(
      /^g1, g2, g3, g4 and 2 more have no /,
    );
  });
});

describe('gpuNodeSummaries', () => {
  it('lists every node by name with its GPU product and allocatable GPUs', () => {
    expect(
      gpuNodeSummaries([
        gpuNode('h100-1', { allocatable: 6 }),
        cpuNode('cpu-1'),
        gpuNode('g-unlabelled', { labels: { 'nvidia.com/gpu.product': '' } }),
      ]),
    ).toEqual([
      { name: 'cpu-1', gpus: 0 },
      { name: 'g-unlabelled', gpus: 8 },
      { name: 'h100-1', gpuProduct: 'NVIDIA-H100-80GB-HBM3', gpus: 6 },
    ]);
  });
});
