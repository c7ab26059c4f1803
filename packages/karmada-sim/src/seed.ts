import { KubeObject } from './types';
import { formatQuantity, sumResourceLists } from './karmada/quantity';
import { TAINT_CLUSTER_NOT_READY } from './karmada/failover';

/** When the seed fleet was "created"; fixed so the simulator is deterministic. @public */
export const SEED_CREATED = '2025-06-01T00:00:00Z';
/** When `lab-offline` went not ready. @public */
export const SEED_OFFLINE_SINCE = '2025-06-01T06:00:00Z';

/**
 * The core labels of each seed cluster, by cluster name (label key prefix: none).
 *
 * | cluster | zone | gpu-tier | cluster-type | gpu-type | gpu-memory | scheduler |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | gpu-hp-seoul | GPU High Performance | high | standard | h100 | 80gb | kai-scheduler |
 * | gpu-hp-tokyo | GPU High Performance | high | standard | h100 | 80gb | volcano |
 * | gpu-gen-frankfurt | GPU General | general | standard | l40s | 48gb | default-scheduler |
 * | gpu-gen-virginia | GPU General | general | standard | l4 | 24gb | volcano |
 * | lab-offline | GPU General (not ready) | general | standard | a100 | 40gb | default-scheduler |
 * | cpu-oregon | CPU Only | none | cpu-only | - | - | default-scheduler |
 * | edge-joined | Unclassified | - | - | - | - | - |
 *
 * `edge-joined` has no labels at all, as `karmadactl join` leaves a cluster, although it
 * has T4 GPUs; the label reconciler is expected to leave it Unclassified or apply the
 * configured default tier. A cluster with several GPU types lists them all in the
 * `h-mas.io/gpu-types` annotation, as the portal's registration writes it (Seoul's A100s,
 * Frankfurt's A100s, Virginia's T4s; see `SEED_GPU_TYPES`), the `gpu-type` label naming
 * the primary one.
 * @public
 */
export const SEED_LABELS: Record<string, Record<string, string>> = {
  'gpu-hp-seoul': {
    'gpu-tier': 'high',
    'cluster-type': 'standard',
    'gpu-type': 'h100',
    'gpu-memory': '80gb',
    scheduler: 'kai-scheduler',
  },
  'gpu-hp-tokyo': {
    'gpu-tier': 'high',
    'cluster-type': 'standard',
    'gpu-type': 'h100',
    'gpu-memory': '80gb',
    scheduler: 'volcano',
  },
  'gpu-gen-frankfurt': {
    'gpu-tier': 'general',
    'cluster-type': 'standard',
    'gpu-type': 'l40s',
    'gpu-memory': '48gb',
    scheduler: 'default-scheduler',
  },
  'gpu-gen-virginia': {
    'gpu-tier': 'general',
    'cluster-type': 'standard',
    'gpu-type': 'l4',
    'gpu-memory': '24gb',
    scheduler: 'volcano',
  },
  'lab-offline': {
    'gpu-tier': 'general',
    'cluster-type': 'standard',
    'gpu-type': 'a100',
    'gpu-memory': '40gb',
    scheduler: 'default-scheduler',
  },
  'cpu-oregon': {
    'gpu-tier': 'none',
    'cluster-type': 'cpu-only',
    scheduler: 'default-scheduler',
  },
  'edge-joined': {},
};

interface GpuModel {
  product: string;
  memoryMiB: number;
  family: string;
}

const GPUS: Record<string, GpuModel> = {
  h100: {
    product: 'NVIDIA-H100-80GB-HBM3',
    memoryMiB: 81559,
    family: 'hopper',
  },
  a100: {
    product: 'NVIDIA-A100-SXM4-80GB',
    memoryMiB: 81920,
    family: 'ampere',
  },
  a100_40: {
    product: 'NVIDIA-A100-SXM4-40GB',
    memoryMiB: 40960,
    family: 'ampere',
  },
  l40s: { product: 'NVIDIA-L40S', memoryMiB: 46068, family: 'ada-lovelace' },
  l4: { product: 'NVIDIA-L4', memoryMiB: 23034, family: 'ada-lovelace' },
  t4: { product: 'Tesla-T4', memoryMiB: 15360, family: 'turing' },
};

/**
 * MIG partitioning of a node's GPUs, as the GPU Operator's MIG manager applies it and
 * gpu-feature-discovery labels it (NVIDIA k8s-device-plugin
 * `docs/gpu-feature-discovery/README.md`, "MIG 'single' strategy" and "MIG 'mixed'
 * strategy"). @public
 */
export interface MigLayout {
  /**
   * `mixed`: one `nvidia.com/mig-<profile>` resource per profile, `nvidia.com/gpu` counts
   * the GPUs left whole and `nvidia.com/gpu.product` stays the parent GPU's; `single`: the
   * MIG devices are `nvidia.com/gpu` and the product gets a `-MIG-<profile>` suffix.
   */
  strategy: 'mixed' | 'single';
  /** MIG devices on the node by profile (`{ '1g.5gb': 14, '3g.20gb': 4 }`); one profile for `single`. */
  devices: Record<string, number>;
  /** Under `mixed`, GPUs not partitioned (default 0). */
  wholeGpus?: number;
  /** The MIG manager's `nvidia.com/mig.config` (default `all-balanced`, or `all-<profile>` for single). */
  config?: string;
}

/** Memory (MiB) and multiprocessors of the MIG profiles of A100 and H100 GPUs. */
const MIG_PROFILES: Record<string, { memoryMiB: number; sm: number }> = {
  '1g.5gb': { memoryMiB: 4864, sm: 14 },
  '1g.10gb': { memoryMiB: 9856, sm: 16 },
  '2g.10gb': { memoryMiB: 9856, sm: 28 },
  '2g.20gb': { memoryMiB: 19968, sm: 32 },
  '3g.20gb': { memoryMiB: 19968, sm: 42 },
  '3g.40gb': { memoryMiB: 40192, sm: 60 },
  '4g.20gb': { memoryMiB: 19968, sm: 56 },
  '4g.40gb': { memoryMiB: 40192, sm: 64 },
  '7g.40gb': { memoryMiB: 40192, sm: 98 },
  '7g.80gb': { memoryMiB: 80896, sm: 132 },
};

interface NodePlan {
  /** Suffix of the node name. */
  name: string;
  cores: number;
  memoryGi: number;
  gpu?: { model: keyof typeof GPUS; count: number };
  ready?: boolean;
  mig?: MigLayout;
  /** The device plugin's time-slicing: each GPU is advertised `replicas` times. */
  timeSlicing?: { replicas: number };
}

interface ClusterPlan {
  name: string;
  syncMode: 'Push' | 'Pull';
  apiEndpoint: string;
  provider?: string;
  region?: string;
  zones?: string[];
  kubernetesVersion: string;
  ready: boolean;
  nodes: NodePlan[];
  /** Requests of the pods already running there (allocatable minus this is free). */
  allocated: { cpu: number; memoryGi: number; pods: number; gpus: number };
  extraApis?: Array<{
    groupVersion: string;
    resources: Array<{ name: string; kind: string }>;
  }>;
  id: string;
}

const PLANS: ClusterPlan[] = [
  {
    name: 'gpu-hp-seoul',
    syncMode: 'Push',
    apiEndpoint: 'https://gpu-hp-seoul.k8s.hmas.internal:6443',
    provider: 'on-premise',
    region: 'kr-seoul',
    zones: ['kr-seoul-1a'],
    kubernetesVersion: 'v1.31.4',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 32, memoryGi: 128 },
      { name: 'cpu-2', cores: 32, memoryGi: 128 },
      {
        name: 'h100-1',
        cores: 224,
        memoryGi: 2048,
        gpu: { model: 'h100', count: 8 },
      },
      {
        name: 'h100-2',
        cores: 224,
        memoryGi: 2048,
        gpu: { model: 'h100', count: 8 },
      },
      {
        name: 'a100-1',
        cores: 128,
        memoryGi: 1024,
        gpu: { model: 'a100', count: 8 },
      },
    ],
    allocated: { cpu: 180, memoryGi: 1400, pods: 96, gpus: 12 },
    extraApis: [
      {
        groupVersion: 'scheduling.run.ai/v2',
        resources: [{ name: 'queues', kind: 'Queue' }],
      },
    ],
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a01',
  },
  {
    name: 'gpu-hp-tokyo',
    syncMode: 'Pull',
    apiEndpoint: 'https://gpu-hp-tokyo.k8s.hmas.internal:6443',
    provider: 'on-premise',
    region: 'jp-tokyo',
    zones: ['jp-tokyo-1a', 'jp-tokyo-1c'],
    kubernetesVersion: 'v1.30.8',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 64, memoryGi: 256 },
      {
        name: 'h100-1',
        cores: 224,
        memoryGi: 2048,
        gpu: { model: 'h100', count: 8 },
      },
      {
        name: 'h100-2',
        cores: 224,
        memoryGi: 2048,
        gpu: { model: 'h100', count: 8 },
      },
    ],
    allocated: { cpu: 120, memoryGi: 900, pods: 64, gpus: 10 },
    extraApis: [
      {
        groupVersion: 'scheduling.volcano.sh/v1beta1',
        resources: [
          { name: 'podgroups', kind: 'PodGroup' },
          { name: 'queues', kind: 'Queue' },
        ],
      },
    ],
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a02',
  },
  {
    name: 'gpu-gen-frankfurt',
    syncMode: 'Push',
    apiEndpoint: 'https://gpu-gen-frankfurt.k8s.hmas.internal:6443',
    provider: 'hetzner',
    region: 'eu-central',
    zones: ['fsn1'],
    kubernetesVersion: 'v1.31.4',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 32, memoryGi: 128 },
      {
        name: 'l40s-1',
        cores: 64,
        memoryGi: 512,
        gpu: { model: 'l40s', count: 4 },
      },
      {
        name: 'l40s-2',
        cores: 64,
        memoryGi: 512,
        gpu: { model: 'l40s', count: 4 },
      },
      {
        name: 'a100-1',
        cores: 128,
        memoryGi: 1024,
        gpu: { model: 'a100', count: 4 },
      },
    ],
    allocated: { cpu: 60, memoryGi: 400, pods: 55, gpus: 5 },
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a03',
  },
  {
    name: 'gpu-gen-virginia',
    syncMode: 'Push',
    apiEndpoint: 'https://gpu-gen-virginia.k8s.hmas.internal:6443',
    provider: 'aws',
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    kubernetesVersion: 'v1.32.2',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 16, memoryGi: 64 },
      {
        name: 'l4-1',
        cores: 48,
        memoryGi: 192,
        gpu: { model: 'l4', count: 4 },
      },
      {
        name: 'l4-2',
        cores: 48,
        memoryGi: 192,
        gpu: { model: 'l4', count: 4 },
      },
      {
        name: 't4-1',
        cores: 48,
        memoryGi: 192,
        gpu: { model: 't4', count: 4 },
      },
    ],
    allocated: { cpu: 40, memoryGi: 150, pods: 48, gpus: 3 },
    extraApis: [
      {
        groupVersion: 'scheduling.volcano.sh/v1beta1',
        resources: [
          { name: 'podgroups', kind: 'PodGroup' },
          { name: 'queues', kind: 'Queue' },
        ],
      },
    ],
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a04',
  },
  {
    name: 'cpu-oregon',
    syncMode: 'Push',
    apiEndpoint: 'https://cpu-oregon.k8s.hmas.internal:6443',
    provider: 'aws',
    region: 'us-west-2',
    zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    kubernetesVersion: 'v1.32.2',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 64, memoryGi: 256 },
      { name: 'cpu-2', cores: 64, memoryGi: 256 },
      { name: 'cpu-3', cores: 64, memoryGi: 256 },
      { name: 'cpu-4', cores: 64, memoryGi: 256 },
    ],
    allocated: { cpu: 70, memoryGi: 300, pods: 120, gpus: 0 },
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a05',
  },
  {
    name: 'edge-joined',
    syncMode: 'Push',
    apiEndpoint: 'https://192.168.40.10:6443',
    kubernetesVersion: 'v1.29.12',
    ready: true,
    nodes: [
      { name: 'cpu-1', cores: 8, memoryGi: 32 },
      { name: 't4-1', cores: 16, memoryGi: 64, gpu: { model: 't4', count: 2 } },
      { name: 't4-2', cores: 16, memoryGi: 64, gpu: { model: 't4', count: 1 } },
    ],
    allocated: { cpu: 6, memoryGi: 20, pods: 22, gpus: 1 },
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a06',
  },
  {
    name: 'lab-offline',
    syncMode: 'Pull',
    apiEndpoint: 'https://lab-offline.k8s.hmas.internal:6443',
    provider: 'on-premise',
    region: 'kr-daejeon',
    zones: ['kr-daejeon-lab'],
    kubernetesVersion: 'v1.28.15',
    ready: false,
    nodes: [
      { name: 'cpu-1', cores: 16, memoryGi: 64, ready: false },
      {
        name: 'a100-1',
        cores: 64,
        memoryGi: 512,
        gpu: { model: 'a100_40', count: 4 },
        ready: false,
      },
    ],
    allocated: { cpu: 10, memoryGi: 60, pods: 30, gpus: 2 },
    id: '6f1c7d2e-2b0a-4d41-9a51-6a3e1f0c1a07',
  },
];

const CORE_APIS = [
  {
    groupVersion: 'v1',
    resources: [
      { name: 'configmaps', kind: 'ConfigMap' },
      { name: 'namespaces', kind: 'Namespace' },
      { name: 'nodes', kind: 'Node' },
      { name: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim' },
      { name: 'pods', kind: 'Pod' },
      { name: 'secrets', kind: 'Secret' },
      { name: 'services', kind: 'Service' },
    ],
  },
  {
    groupVersion: 'apps/v1',
    resources: [
      { name: 'daemonsets', kind: 'DaemonSet' },
      { name: 'deployments', kind: 'Deployment' },
      { name: 'replicasets', kind: 'ReplicaSet' },
      { name: 'statefulsets', kind: 'StatefulSet' },
    ],
  },
  {
    groupVersion: 'autoscaling/v2',
    resources: [
      { name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' },
    ],
  },
  {
    groupVersion: 'batch/v1',
    resources: [
      { name: 'cronjobs', kind: 'CronJob' },
      { name: 'jobs', kind: 'Job' },
    ],
  },
  {
    groupVersion: 'networking.k8s.io/v1',
    resources: [{ name: 'ingresses', kind: 'Ingress' }],
  },
  {
    groupVersion: 'node.k8s.io/v1',
    resources: [{ name: 'runtimeclasses', kind: 'RuntimeClass' }],
  },
  {
    groupVersion: 'policy/v1',
    resources: [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' }],
  },
  {
    groupVersion: 'storage.k8s.io/v1',
    resources: [{ name: 'storageclasses', kind: 'StorageClass' }],
  },
];

const PODS_PER_NODE = 110;
// kubelet's system and kube reservations, taken off capacity to get allocatable.
const RESERVED_CORES = 1;
const RESERVED_MEMORY_GI = 4;

function buildNode(cluster: ClusterPlan, plan: NodePlan): KubeObject {
  const name = `${cluster.name}-${plan.name}`;
  const ready = plan.ready ?? cluster.ready;
  const gpu = plan.gpu ? GPUS[plan.gpu.model] : undefined;
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': gpu
      ? `gpu-${plan.gpu!.count}x-${plan.gpu!.model}`
      : `cpu-${plan.cores}c`,
  };
  if (cluster.region) labels['topology.kubernetes.io/region'] = cluster.region;
  if (cluster.zones?.length)
    labels['topology.kubernetes.io/zone'] = cluster.zones[0];
  if (gpu) {
    labels['nvidia.com/gpu.present'] = 'true';
    labels['nvidia.com/gpu.product'] = gpu.product;
    labels['nvidia.com/gpu.count'] = String(plan.gpu!.count);
    labels['nvidia.com/gpu.memory'] = String(gpu.memoryMiB);
    labels['nvidia.com/gpu.family'] = gpu.family;
    // The GPU Operator's feature discovery reports sharing and MIG modes (F-1.8); the
    // externally joined edge cluster runs the bare device plugin, without the operator.
    if (cluster.name !== 'edge-joined') {
      labels['nvidia.com/gpu.deploy.device-plugin'] = 'true';
      labels['nvidia.com/gpu.sharing-strategy'] = 'none';
      labels['nvidia.com/mig.capable'] = String(
        ['h100', 'a100', 'a100_40'].includes(plan.gpu!.model),
      );
      labels['nvidia.com/mig.config'] = 'all-disabled';
    }
  }
  const capacity: Record<string, string> = {
    cpu: String(plan.cores),
    memory: `${plan.memoryGi}Gi`,
    pods: String(PODS_PER_NODE),
    'ephemeral-storage': gpu ? '3840Gi' : '480Gi',
  };
  const allocatable: Record<string, string> = {
    cpu: String(plan.cores - RESERVED_CORES),
    memory: `${plan.memoryGi - RESERVED_MEMORY_GI}Gi`,
    pods: String(PODS_PER_NODE),
    'ephemeral-storage': gpu ? '3800Gi' : '450Gi',
  };
  if (gpu) {
    capacity['nvidia.com/gpu'] = String(plan.gpu!.count);
    allocatable['nvidia.com/gpu'] = String(plan.gpu!.count);
  }
  if (gpu && plan.mig) applyMig(plan.mig, gpu, labels, capacity, allocatable);
  if (gpu && plan.timeSlicing) {
    // The device plugin's time-slicing (`sharing.timeSlicing.resources[].replicas`, with
    // renameByDefault false): GFD labels the replicas and suffixes the product.
    const replicas = plan.timeSlicing.replicas;
    labels['nvidia.com/gpu.product'] = `${gpu.product}-SHARED`;
    labels['nvidia.com/gpu.replicas'] = String(replicas);
    labels['nvidia.com/gpu.sharing-strategy'] = 'time-slicing';
    capacity['nvidia.com/gpu'] = String(plan.gpu!.count * replicas);
    allocatable['nvidia.com/gpu'] = String(plan.gpu!.count * replicas);
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, creationTimestamp: SEED_CREATED },
    spec: gpu
      ? {
          taints: [
            { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
          ],
        }
      : {},
    status: {
      capacity,
      allocatable,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'Unknown',
          reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
          message: ready
            ? 'kubelet is posting ready status'
            : 'Kubelet stopped posting node status.',
          lastHeartbeatTime: ready ? SEED_CREATED : SEED_OFFLINE_SINCE,
          lastTransitionTime: ready ? SEED_CREATED : SEED_OFFLINE_SINCE,
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        kernelVersion: '5.15.0-131-generic',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: cluster.kubernetesVersion,
      },
    },
  };
}

/** Labels and resources of a MIG-partitioned node (see {@link MigLayout}). */
function applyMig(
  mig: MigLayout,
  gpu: GpuModel,
  labels: Record<string, string>,
  capacity: Record<string, string>,
  allocatable: Record<string, string>,
) {
  const profiles = Object.keys(mig.devices).sort();
  labels['nvidia.com/mig.capable'] = 'true';
  labels['nvidia.com/mig.strategy'] = mig.strategy;
  labels['nvidia.com/mig.config'] =
    mig.config ??
    (mig.strategy === 'single' ? `all-${profiles[0]}` : 'all-balanced');
  labels['nvidia.com/mig.config.state'] = 'success';
  const info = (p: string) => MIG_PROFILES[p] ?? { memoryMiB: 0, sm: 0 };
  if (mig.strategy === 'single') {
    const p = profiles[0];
    const count = String(mig.devices[p]);
    labels['nvidia.com/gpu.product'] = `${gpu.product}-MIG-${p}`;
    labels['nvidia.com/gpu.count'] = count;
    labels['nvidia.com/gpu.memory'] = String(info(p).memoryMiB);
    labels['nvidia.com/gpu.multiprocessors'] = String(info(p).sm);
    labels['nvidia.com/gpu.slices.gi'] = p.split('g.')[0];
    labels['nvidia.com/gpu.slices.ci'] = p.split('g.')[0];
    capacity['nvidia.com/gpu'] = count;
    allocatable['nvidia.com/gpu'] = count;
    return;
  }
  for (const p of profiles) {
    const key = `nvidia.com/mig-${p}`;
    labels[`${key}.count`] = String(mig.devices[p]);
    labels[`${key}.memory`] = String(info(p).memoryMiB);
    labels[`${key}.multiprocessors`] = String(info(p).sm);
    labels[`${key}.slices.gi`] = p.split('g.')[0];
    labels[`${key}.slices.ci`] = p.split('g.')[0];
    capacity[key] = String(mig.devices[p]);
    allocatable[key] = String(mig.devices[p]);
  }
  capacity['nvidia.com/gpu'] = String(mig.wholeGpus ?? 0);
  allocatable['nvidia.com/gpu'] = String(mig.wholeGpus ?? 0);
}

/** Options of {@link buildGpuNode}. @public */
export interface GpuNodeOptions {
  /** The member cluster (node names are `<cluster>-<name>`). */
  cluster: string;
  name: string;
  /** A seed GPU model: h100, a100, a100_40, l40s, l4, t4. */
  model: string;
  count: number;
  cores?: number;
  memoryGi?: number;
  mig?: MigLayout;
  timeSlicing?: { replicas: number };
  kubernetesVersion?: string;
}

/**
 * A Ready GPU node as the seed builds them (labels of the GPU Operator's feature
 * discovery, the `nvidia.com/gpu` taint), optionally MIG-partitioned or time-sliced:
 * for tests and fleets beyond the seed.
 * @public
 */
export function buildGpuNode(options: GpuNodeOptions): KubeObject {
  if (!GPUS[options.model])
    throw new Error(`unknown GPU model ${options.model}`);
  return buildNode(
    {
      name: options.cluster,
      syncMode: 'Push',
      apiEndpoint: '',
      kubernetesVersion: options.kubernetesVersion ?? 'v1.31.4',
      ready: true,
      nodes: [],
      allocated: { cpu: 0, memoryGi: 0, pods: 0, gpus: 0 },
      id: '',
    },
    {
      name: options.name,
      cores: options.cores ?? 128,
      memoryGi: options.memoryGi ?? 1024,
      gpu: { model: options.model as keyof typeof GPUS, count: options.count },
      mig: options.mig,
      timeSlicing: options.timeSlicing,
    },
  );
}

/** The seed's default StorageClass of every member, and Seoul's NFS class. */
const NFS_CLUSTERS = ['gpu-hp-seoul'];

/** What each provider's default class provisions with. */
function defaultProvisioner(plan: ClusterPlan): string {
  if (plan.provider === 'aws') return 'ebs.csi.aws.com';
  if (plan.provider === 'hetzner') return 'csi.hetzner.cloud';
  return 'rancher.io/local-path';
}

/**
 * A StorageClass; `accessModes` go to the simulator's `sim.h-mas.io/access-modes`
 * annotation (what the provisioner supports). @public
 */
export function buildStorageClass(
  name: string,
  options: {
    provisioner: string;
    isDefault?: boolean;
    accessModes?: string[];
    volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  },
): KubeObject {
  const annotations: Record<string, string> = {};
  if (options.isDefault)
    annotations['storageclass.kubernetes.io/is-default-class'] = 'true';
  if (options.accessModes)
    annotations['sim.h-mas.io/access-modes'] = options.accessModes.join(',');
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      creationTimestamp: SEED_CREATED,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    provisioner: options.provisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: options.volumeBindingMode ?? 'Immediate',
    allowVolumeExpansion: true,
  };
}

function storageClassesOf(plan: ClusterPlan): KubeObject[] {
  const classes = [
    buildStorageClass('standard', {
      provisioner: defaultProvisioner(plan),
      isDefault: true,
      accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
    }),
  ];
  if (NFS_CLUSTERS.includes(plan.name))
    classes.push(
      buildStorageClass('nfs-client', {
        provisioner: 'cluster.local/nfs-subdir-external-provisioner',
        accessModes: [
          'ReadWriteOnce',
          'ReadOnlyMany',
          'ReadWriteMany',
          'ReadWriteOncePod',
        ],
      }),
    );
  return classes;
}

/** The `nvidia` RuntimeClass the GPU Operator creates (`operator.runtimeClass`). */
function runtimeClassesOf(plan: ClusterPlan): KubeObject[] {
  // The externally joined edge cluster runs the bare device plugin, without the operator.
  if (!plan.nodes.some(n => n.gpu) || plan.name === 'edge-joined') return [];
  return [
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {
        name: 'nvidia',
        creationTimestamp: SEED_CREATED,
        labels: { 'app.kubernetes.io/component': 'gpu-operator' },
      },
      handler: 'nvidia',
    },
  ];
}

function summarize(nodes: KubeObject[]): Record<string, string> {
  const total = sumResourceLists(nodes.map(n => n.status.allocatable));
  return Object.fromEntries(
    Object.entries(total)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => [
        name,
        formatQuantity(
          value,
          name === 'memory' || name === 'ephemeral-storage'
            ? 'BinarySI'
            : 'DecimalSI',
        ),
      ]),
  );
}

/**
 * The GPU types of the seed clusters that have more than one, as the annotation
 * `h-mas.io/gpu-types` (hmas-common's `GPU_TYPES_ANNOTATION`) lists them: the types of
 * their GPU nodes, primary first.
 * @public
 */
export const SEED_GPU_TYPES: Record<string, string> = {
  'gpu-hp-seoul': 'h100,a100',
  'gpu-gen-frankfurt': 'l40s,a100',
  'gpu-gen-virginia': 'l4,t4',
};

function buildCluster(plan: ClusterPlan, nodes: KubeObject[]): KubeObject {
  const labels = SEED_LABELS[plan.name];
  const gpuTypes = SEED_GPU_TYPES[plan.name];
  const spec: Record<string, unknown> = {
    id: plan.id,
    syncMode: plan.syncMode,
    apiEndpoint: plan.apiEndpoint,
  };
  if (plan.syncMode === 'Push') {
    // Push clusters are reached by the control plane with these credentials; Pull
    // clusters run karmada-agent and need none.
    spec.secretRef = { namespace: 'karmada-cluster', name: plan.name };
    spec.impersonatorSecretRef = {
      namespace: 'karmada-cluster',
      name: `${plan.name}-impersonator`,
    };
  }
  if (plan.provider) spec.provider = plan.provider;
  if (plan.region) spec.region = plan.region;
  if (plan.zones) spec.zones = [...plan.zones];
  if (!plan.ready) {
    spec.taints = [
      {
        key: TAINT_CLUSTER_NOT_READY,
        effect: 'NoSchedule',
        timeAdded: SEED_OFFLINE_SINCE,
      },
    ];
  }
  const hasGpus = plan.nodes.some(n => n.gpu);
  const allocated: Record<string, string> = {
    cpu: String(plan.allocated.cpu),
    memory: `${plan.allocated.memoryGi}Gi`,
    pods: String(plan.allocated.pods),
  };
  if (hasGpus) allocated['nvidia.com/gpu'] = String(plan.allocated.gpus);
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: {
      name: plan.name,
      creationTimestamp: SEED_CREATED,
      ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
      ...(gpuTypes ? { annotations: { 'h-mas.io/gpu-types': gpuTypes } } : {}),
    },
    spec,
    status: {
      kubernetesVersion: plan.kubernetesVersion,
      apiEnablements: [...CORE_APIS, ...(plan.extraApis ?? [])].map(api => ({
        groupVersion: api.groupVersion,
        resources: api.resources.map(r => ({ ...r })),
      })),
      conditions: [
        plan.ready
          ? {
              type: 'Ready',
              status: 'True',
              reason: 'ClusterReady',
              message: 'cluster is healthy and ready to accept workloads',
              lastTransitionTime: SEED_CREATED,
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'ClusterNotReachable',
              message: 'cluster is not reachable',
              lastTransitionTime: SEED_OFFLINE_SINCE,
            },
        {
          type: 'CompleteAPIEnablements',
          status: 'True',
          reason: 'CompleteAPIEnablements',
          message: 'collected complete APIs from member cluster',
          lastTransitionTime: SEED_CREATED,
        },
      ],
      nodeSummary: {
        totalNum: nodes.length,
        readyNum: nodes.filter(n =>
          n.status.conditions.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        ).length,
      },
      resourceSummary: {
        allocatable: summarize(nodes),
        allocated,
        allocating: { cpu: '0', memory: '0', pods: '0' },
      },
    },
  };
}

/**
 * The simulator's member clusters and their nodes: seven clusters across the four zones
 * (see {@link SEED_LABELS}), one unlabeled as `karmadactl join` leaves it, one not ready.
 * Each call returns fresh objects.
 * @public
 */
export function seedFleet(): {
  clusters: KubeObject[];
  nodesByCluster: Record<string, KubeObject[]>;
  /**
   * Cluster-scoped objects of each member besides nodes: the StorageClasses (a default
   * `standard`, ReadWriteOnce only, everywhere; `nfs-client`, ReadWriteMany, in
   * gpu-hp-seoul) and the GPU Operator's `nvidia` RuntimeClass.
   */
  clusterObjectsByCluster: Record<string, KubeObject[]>;
} {
  const nodesByCluster: Record<string, KubeObject[]> = {};
  const clusterObjectsByCluster: Record<string, KubeObject[]> = {};
  const clusters = PLANS.map(plan => {
    const nodes = plan.nodes.map(n => buildNode(plan, n));
    nodesByCluster[plan.name] = nodes;
    clusterObjectsByCluster[plan.name] = [
      ...storageClassesOf(plan),
      ...runtimeClassesOf(plan),
    ];
    return buildCluster(plan, nodes);
  });
  return { clusters, nodesByCluster, clusterObjectsByCluster };
}
