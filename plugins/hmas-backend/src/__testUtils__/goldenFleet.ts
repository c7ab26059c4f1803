import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
} from '@kubernetes/client-node';
import {
  buildGpuNode,
  buildStorageClass,
  CONTROL_PLANE,
  POD_SECURITY_ENFORCE_LABEL,
  POD_SECURITY_ENFORCE_VERSION_LABEL,
  startEmbeddedKarmada,
  type EmbeddedKarmada,
  type KubeObject,
} from '@h-mas/karmada-sim';

/**
 * A fleet of member clusters that behave like real ones (storage, Pod Security, runtime
 * and priority classes, the scheduler's filters), shaped as the deployment goldens
 * (plugins/hmas-common/src/deployments/__golden__) expect it:
 *
 * | cluster | labels | nodes |
 * | --- | --- | --- |
 * | gpu-high-kai | gpu-tier: high, scheduler: kai-scheduler | 1 CPU, 2 × 8 H100 |
 * | gpu-high-volcano | gpu-tier: high, scheduler: volcano | 1 CPU, 2 × 8 H100 |
 * | cpu-only | gpu-tier: none | 2 CPU |
 * | member-a | (none: default-scheduler) | 2 CPU, 2 × 4 L4 |
 * | member-b | (none: default-scheduler) | 2 CPU, 2 × 4 L4 |
 *
 * GPU nodes carry the `nvidia.com/gpu=present:NoSchedule` taint of the GPU Operator and
 * the `dedicated=gpu:NoSchedule` taint the platform puts on GPU pools. Every member has a
 * default StorageClass `standard` (ReadWriteOnce, ReadWriteOncePod), the platform's
 * PriorityClasses (`inference-critical`, ...), and the namespace `ml-team` enforcing the
 * restricted Pod Security Standard; `nfs-client` (RWO, ROX, RWX, RWOP) is on `cpu-only`,
 * `member-a` and `member-b`; `fast-rwo` (RWO, WaitForFirstConsumer) on the two high-tier
 * clusters; the GPU Operator's `nvidia` RuntimeClass on `member-a`. The pre-loaded volumes
 * exist on the members only (an administrator created them there, Karmada does not manage
 * them): `minilm-model-repository` (ReadWriteOnce, default class) everywhere and
 * `qwen-weights` (ReadOnlyMany, `nfs-client`) on `member-a` and `member-b`.
 */
export const GOLDEN_NAMESPACE = 'ml-team';

export const GOLDEN_MEMBERS = [
  'gpu-high-kai',
  'gpu-high-volcano',
  'cpu-only',
  'member-a',
  'member-b',
] as const;

const CLUSTER_LABELS: Record<string, Record<string, string>> = {
  'gpu-high-kai': { 'gpu-tier': 'high', scheduler: 'kai-scheduler' },
  'gpu-high-volcano': { 'gpu-tier': 'high', scheduler: 'volcano' },
  'cpu-only': { 'gpu-tier': 'none' },
  'member-a': {},
  'member-b': {},
};

const GPU_NODES: Record<string, { model: string; count: number }[]> = {
  'gpu-high-kai': [
    { model: 'h100', count: 8 },
    { model: 'h100', count: 8 },
  ],
  'gpu-high-volcano': [
    { model: 'h100', count: 8 },
    { model: 'h100', count: 8 },
  ],
  'cpu-only': [],
  'member-a': [
    { model: 'l4', count: 4 },
    { model: 'l4', count: 4 },
  ],
  'member-b': [
    { model: 'l4', count: 4 },
    { model: 'l4', count: 4 },
  ],
};

const CPU_NODES: Record<string, number> = {
  'gpu-high-kai': 1,
  'gpu-high-volcano': 1,
  'cpu-only': 2,
  'member-a': 2,
  'member-b': 2,
};

const NFS_CLUSTERS = ['cpu-only', 'member-a', 'member-b'];
const FAST_RWO_CLUSTERS = ['gpu-high-kai', 'gpu-high-volcano'];
const RUNTIME_CLASS_CLUSTERS = ['member-a'];
const QWEN_CLUSTERS = ['member-a', 'member-b'];

const CREATED = '2025-06-01T00:00:00Z';

function cpuNode(cluster: string, name: string): KubeObject {
  const node = `${cluster}-${name}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node,
      creationTimestamp: CREATED,
      labels: {
        'kubernetes.io/hostname': node,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'cpu-64c',
        'topology.kubernetes.io/zone': `${cluster}-1a`,
      },
    },
    spec: {},
    status: {
      capacity: {
        cpu: '64',
        memory: '256Gi',
        pods: '110',
        'ephemeral-storage': '480Gi',
      },
      allocatable: {
        cpu: '63',
        memory: '252Gi',
        pods: '110',
        'ephemeral-storage': '450Gi',
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: CREATED,
          lastTransitionTime: CREATED,
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'v1.31.4',
        containerRuntimeVersion: 'containerd://1.7.24',
      },
    },
  };
}

function gpuNode(
  cluster: string,
  name: string,
  gpu: { model: string; count: number },
): KubeObject {
  const node = buildGpuNode({ cluster, name, ...gpu });
  node.metadata.labels = {
    ...node.metadata.labels,
    'topology.kubernetes.io/zone': `${cluster}-1a`,
  };
  node.spec = {
    ...node.spec,
    taints: [
      ...(node.spec?.taints ?? []),
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ],
  };
  return node;
}

function storageClassesOf(cluster: string): KubeObject[] {
  const classes = [
    buildStorageClass('standard', {
      provisioner: 'rancher.io/local-path',
      isDefault: true,
      accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
    }),
  ];
  if (NFS_CLUSTERS.includes(cluster))
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
  if (FAST_RWO_CLUSTERS.includes(cluster))
    classes.push(
      buildStorageClass('fast-rwo', {
        provisioner: 'local.csi.openebs.io',
        accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    );
  return classes;
}

function preloadedClaim(
  name: string,
  accessModes: string[],
  storageClassName?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: GOLDEN_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': 'model-repository' },
    },
    spec: {
      accessModes,
      resources: { requests: { storage: '50Gi' } },
      ...(storageClassName ? { storageClassName } : {}),
    },
  };
}

function clusterObject(name: string): KubeObject {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, labels: { ...CLUSTER_LABELS[name] } },
    spec: {
      syncMode: 'Push',
      apiEndpoint: `https://${name}.k8s.hmas.internal:6443`,
    },
  };
}

/** Typed clients of one member (through the simulator's cluster proxy). */
export interface GoldenMemberClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  policy: PolicyV1Api;
}

/** A running golden fleet on a fake clock. */
export interface GoldenFleet {
  karmada: EmbeddedKarmada;
  /** Kubeconfig of the control plane (context `karmada`). */
  kubeConfig: KubeConfig;
  member(name: string): GoldenMemberClients;
  /** Lets the controller run what is queued. */
  settle(): Promise<void>;
  /** Moves the fake clock and lets the controller run what came due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Simulated model load of each pod (fake clock). */
export const GOLDEN_MODEL_LOAD_MS = 1000;

/** Starts the golden fleet (see the module comment). */
export async function startGoldenFleet(): Promise<GoldenFleet> {
  let now = Date.parse('2025-07-01T00:00:00Z');
  const karmada = await startEmbeddedKarmada({
    seed: false,
    members: [...GOLDEN_MEMBERS],
    clock: () => new Date(now),
    modelLoadMs: GOLDEN_MODEL_LOAD_MS,
    resyncMs: 0,
  });
  const { store } = karmada.sim;
  const namespace = (labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: GOLDEN_NAMESPACE, ...(labels ? { labels } : {}) },
  });
  store.create(CONTROL_PLANE, 'namespaces', namespace());
  for (const cluster of GOLDEN_MEMBERS) {
    for (let i = 1; i <= CPU_NODES[cluster]; i++)
      store.create(cluster, 'nodes', cpuNode(cluster, `cpu-${i}`), {
        withStatus: true,
      });
    GPU_NODES[cluster].forEach((gpu, i) =>
      store.create(
        cluster,
        'nodes',
        gpuNode(cluster, `${gpu.model}-${i + 1}`, gpu),
        { withStatus: true },
      ),
    );
    for (const sc of storageClassesOf(cluster))
      store.create(cluster, 'StorageClass', sc);
    if (RUNTIME_CLASS_CLUSTERS.includes(cluster))
      store.create(cluster, 'RuntimeClass', {
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: {
          name: 'nvidia',
          labels: { 'app.kubernetes.io/component': 'gpu-operator' },
        },
        handler: 'nvidia',
      });
    store.create(
      cluster,
      'namespaces',
      namespace({
        [POD_SECURITY_ENFORCE_LABEL]: 'restricted',
        [POD_SECURITY_ENFORCE_VERSION_LABEL]: 'latest',
      }),
    );
    store.create(
      cluster,
      'persistentvolumeclaims',
      preloadedClaim('minilm-model-repository', ['ReadWriteOnce']),
      { namespace: GOLDEN_NAMESPACE },
    );
    if (QWEN_CLUSTERS.includes(cluster))
      store.create(
        cluster,
        'persistentvolumeclaims',
        preloadedClaim('qwen-weights', ['ReadOnlyMany'], 'nfs-client'),
        { namespace: GOLDEN_NAMESPACE },
      );
    store.create(
      CONTROL_PLANE,
      'clusters.cluster.karmada.io',
      clusterObject(cluster),
    );
  }
  await karmada.controller.settle();

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(karmada.sim.kubeconfig());
  kubeConfig.setCurrentContext(CONTROL_PLANE);
  const members = new Map<string, GoldenMemberClients>();
  return {
    karmada,
    kubeConfig,
    member(name) {
      let clients = members.get(name);
      if (!clients) {
        const kc = new KubeConfig();
        kc.loadFromString(karmada.sim.kubeconfig());
        kc.setCurrentContext(name);
        clients = {
          core: kc.makeApiClient(CoreV1Api),
          apps: kc.makeApiClient(AppsV1Api),
          policy: kc.makeApiClient(PolicyV1Api),
        };
        members.set(name, clients);
      }
      return clients;
    },
    settle: () => karmada.controller.settle(),
    async advance(ms) {
      now += ms;
      await karmada.controller.tick();
      await karmada.controller.settle();
    },
    close: () => karmada.close(),
  };
}
