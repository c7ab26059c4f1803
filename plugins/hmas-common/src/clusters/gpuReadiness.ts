import { parseQuantity } from '../quantity';
import { GPU_PRODUCT_NODE_LABEL } from '../deployments/gpuProducts';
import { GPU_POD_TOLERATIONS } from '../deployments/manifests';
import { GPU_RESOURCE } from './cluster';
import { MIG_RESOURCE_PREFIX } from './gpuSharing';

/**
 * A Kubernetes Node, as far as the GPU readiness checks read it. `V1Node` of
 * `@kubernetes/client-node` fits.
 *
 * @public
 */
export interface NodeObject {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { taints?: Array<{ key: string; value?: string; effect: string }> };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
  };
}

/** Outcome of one GPU readiness check; `n/a` when the cluster has no GPU nodes. @public */
export type GpuReadinessStatus = 'pass' | 'warn' | 'fail' | 'n/a';

/** The GPU readiness checks, in checklist order. @public */
export const gpuReadinessCheckIds = [
  'gpu-nodes',
  'gpu-taints',
  'gpu-allocatable',
  'device-plugin',
  'gpu-sharing',
] as const;

/** @public */
export type GpuReadinessCheckId = (typeof gpuReadinessCheckIds)[number];

/**
 * One item of a cluster's GPU readiness checklist.
 *
 * @public
 */
export interface GpuReadinessCheck {
  id: GpuReadinessCheckId;
  title: string;
  status: GpuReadinessStatus;
  /** What was found, naming the nodes concerned. */
  detail: string;
  /** Commands that fix a `warn` or `fail`, one per line (`#` lines explain). */
  fix?: string;
}

/** One node of a member cluster with its GPUs. @public */
export interface GpuNodeSummary {
  name: string;
  /** `nvidia.com/gpu.product` from GPU feature discovery, when labelled. */
  gpuProduct?: string;
  /** `nvidia.com/gpu` the node advertises as allocatable. */
  gpus: number;
  /** MIG devices the node advertises as allocatable, by profile (`mixed` strategy). */
  migDevices?: Record<string, number>;
}

/**
 * GPU readiness of one member cluster (`GET /clusters/:name/gpu-readiness`).
 *
 * @public
 */
export interface GpuReadinessReport {
  cluster: string;
  checks: GpuReadinessCheck[];
  /** Every node of the cluster, by name. */
  nodes: GpuNodeSummary[];
}

/** The taint GPU nodes should carry: H-MAS GPU deployments tolerate it, CPU pods do not. @public */
export const GPU_NODE_TAINT = {
  key: GPU_RESOURCE,
  value: 'present',
  effect: 'NoSchedule',
} as const;

const TITLES: Record<GpuReadinessCheckId, string> = {
  'gpu-nodes': 'GPU nodes exist',
  'gpu-taints': 'GPU nodes are tainted so CPU pods stay off',
  'gpu-allocatable': 'nvidia.com/gpu is allocatable on every GPU node',
  'device-plugin': 'NVIDIA device plugin or GPU Operator is present',
  'gpu-sharing': 'MIG and time-slicing mode are reported',
};

const LABELS = {
  present: 'nvidia.com/gpu.present',
  count: 'nvidia.com/gpu.count',
  // Node Feature Discovery's label for a PCI device of NVIDIA's vendor id.
  nfdPci: 'feature.node.kubernetes.io/pci-10de.present',
  operatorDevicePlugin: 'nvidia.com/gpu.deploy.device-plugin',
  operatorPrefix: 'nvidia.com/gpu.deploy.',
  sharingStrategy: 'nvidia.com/gpu.sharing-strategy',
  replicas: 'nvidia.com/gpu.replicas',
  migCapable: 'nvidia.com/mig.capable',
  migConfig: 'nvidia.com/mig.config',
  migConfigState: 'nvidia.com/mig.config.state',
  migStrategy: 'nvidia.com/mig.strategy',
};

// Taints Kubernetes itself manages (cordon, not-ready, cloud init) come and go with the
// node's state; they say nothing about how the GPU nodes are set up.
const MANAGED_TAINT_PREFIXES = [
  'node.kubernetes.io/',
  'node.cloudprovider.kubernetes.io/',
];

type Taint = { key: string; value?: string; effect: string };

interface GpuNode {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  product?: string;
  capacity: number;
  allocatable: number;
  /** Allocatable MIG devices by profile. */
  mig: Record<string, number>;
}

function migDevices(
  resources: Record<string, string> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [resource, quantity] of Object.entries(resources ?? {})) {
    if (!resource.startsWith(MIG_RESOURCE_PREFIX)) continue;
    const n = parseQuantity(quantity) ?? 0;
    if (n > 0) out[resource.slice(MIG_RESOURCE_PREFIX.length)] = n;
  }
  return out;
}

function migText(mig: Record<string, number>): string {
  return Object.entries(mig)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([profile, n]) => `${n}× ${profile}`)
    .join(', ');
}

function count(resources: Record<string, string> | undefined): number {
  return parseQuantity(resources?.[GPU_RESOURCE]) ?? 0;
}

function isGpuNode(node: NodeObject): boolean {
  const labels = node.metadata?.labels ?? {};
  return (
    count(node.status?.capacity) > 0 ||
    count(node.status?.allocatable) > 0 ||
    Object.keys(migDevices(node.status?.allocatable)).length > 0 ||
    labels[LABELS.present] === 'true' ||
    labels[LABELS.nfdPci] === 'true' ||
    Boolean(labels[GPU_PRODUCT_NODE_LABEL])
  );
}

function toGpuNode(node: NodeObject): GpuNode {
  const labels = node.metadata?.labels ?? {};
  return {
    name: node.metadata?.name ?? '',
    labels,
    taints: node.spec?.taints ?? [],
    product: labels[GPU_PRODUCT_NODE_LABEL] || undefined,
    capacity: count(node.status?.capacity),
    allocatable: count(node.status?.allocatable),
    mig: migDevices(node.status?.allocatable),
  };
}

function formatTaint(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** Names for a sentence: `a`, `a and b`, `a, b and c`, `a, b, c, d and 3 more`. */
function names(list: string[], max = 4): string {
  if (list.length <= 1) return list.join('');
  if (list.length > max) {
    return `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
  }
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function everyGpuNode(n: number): string {
  return n === 1 ? 'the GPU node' : `all ${n} GPU nodes`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Whether the tolerations H-MAS puts on GPU pods (see `buildManifests`) match a taint. */
function toleratedByGpuPods(t: Taint): boolean {
  return GPU_POD_TOLERATIONS.some(
    tol =>
      tol.key === t.key &&
      tol.effect === t.effect &&
      (tol.operator === 'Exists' || tol.value === t.value),
  );
}

/** A taint that keeps H-MAS GPU pods off the node. */
function blocksGpuPods(t: Taint): boolean {
  if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') return false;
  if (MANAGED_TAINT_PREFIXES.some(p => t.key.startsWith(p))) return false;
  return !toleratedByGpuPods(t);
}

function notApplicable(
  id: GpuReadinessCheckId,
  detail: string,
): GpuReadinessCheck {
  return { id, title: TITLES[id], status: 'n/a', detail };
}

function gpuNodesCheck(all: NodeObject[], gpu: GpuNode[]): GpuReadinessCheck {
  const described = gpu.map(n => {
    const gpus = n.capacity || Number(n.labels[LABELS.count]) || 0;
    const what = [gpus ? `${gpus}×` : '', n.product ?? 'NVIDIA GPU'].join('');
    return `${n.name} (${what})`;
  });
  return {
    id: 'gpu-nodes',
    title: TITLES['gpu-nodes'],
    status: 'pass',
    detail: `${gpu.length} of ${plural(all.length, 'node')} ${
      gpu.length === 1 ? 'has' : 'have'
    } NVIDIA GPUs: ${names(described, 6)}.`,
  };
}

function taintCheck(gpu: GpuNode[]): GpuReadinessCheck {
  const blocked = gpu.filter(n => n.taints.some(blocksGpuPods));
  const untainted = gpu.filter(
    n => !blocked.includes(n) && !n.taints.some(toleratedByGpuPods),
  );
  const base = { id: 'gpu-taints' as const, title: TITLES['gpu-taints'] };
  if (blocked.length === 0 && untainted.length === 0) {
    const taints = [
      ...new Set(
        gpu.flatMap(n => n.taints.filter(toleratedByGpuPods).map(formatTaint)),
      ),
    ];
    return {
      ...base,
      status: 'pass',
      detail: `${
        gpu.length === 1
          ? 'The GPU node carries'
          : `All ${gpu.length} GPU nodes carry`
      } ${taints.join(
        ' or ',
      )}: H-MAS GPU deployments tolerate it and CPU pods stay off.`,
    };
  }
  const details: string[] = [];
  const fix: string[] = [];
  if (blocked.length > 0) {
    details.push(
      `${blocked
        .map(
          n =>
            `${n.name} (${n.taints
              .filter(blocksGpuPods)
              .map(formatTaint)
              .join(', ')})`,
        )
        .join(', ')} ${
        blocked.length === 1 ? 'has a taint' : 'have taints'
      } H-MAS GPU deployments do not tolerate, so ${
        blocked.length === 1 ? 'its' : 'their'
      } GPUs are out of their reach. H-MAS tolerates ${GPU_RESOURCE}:NoSchedule (any value) and dedicated=gpu:NoSchedule.`,
    );
    fix.push('# replace the taints H-MAS does not tolerate');
    for (const n of blocked) {
      for (const t of n.taints.filter(blocksGpuPods)) {
        fix.push(`kubectl taint nodes ${n.name} ${formatTaint(t)}-`);
      }
      if (!n.taints.some(toleratedByGpuPods)) {
        fix.push(
          `kubectl taint nodes ${n.name} ${formatTaint(GPU_NODE_TAINT)}`,
        );
      }
    }
  }
  if (untainted.length > 0) {
    details.push(
      `${names(untainted.map(n => n.name))} ${
        untainted.length === 1 ? 'has' : 'have'
      } no ${formatTaint(
        GPU_NODE_TAINT,
      )} or dedicated=gpu:NoSchedule taint: CPU pods can be scheduled there and take the CPU and memory GPU workloads need.`,
    );
    if (blocked.length > 0) fix.push('# keep CPU pods off the GPU nodes');
    for (const n of untainted) {
      fix.push(`kubectl taint nodes ${n.name} ${formatTaint(GPU_NODE_TAINT)}`);
    }
  }
  return {
    ...base,
    status: blocked.length > 0 ? 'fail' : 'warn',
    detail: details.join(' '),
    fix: fix.join('\n'),
  };
}

function allocatableCheck(gpu: GpuNode[]): GpuReadinessCheck {
  // A node whose GPUs are all MIG-partitioned (mixed strategy) advertises MIG devices
  // instead of nvidia.com/gpu: that is registered, not missing.
  const missing = gpu.filter(
    n => n.allocatable <= 0 && Object.keys(n.mig).length === 0,
  );
  const base = {
    id: 'gpu-allocatable' as const,
    title: TITLES['gpu-allocatable'],
  };
  if (missing.length === 0) {
    const total = gpu.reduce((sum, n) => sum + n.allocatable, 0);
    return {
      ...base,
      status: 'pass',
      detail: `Every GPU node advertises allocatable ${GPU_RESOURCE}${
        gpu.some(n => Object.keys(n.mig).length > 0) ? ' or MIG devices' : ''
      }: ${total} in all (${names(
        gpu.map(n =>
          Object.keys(n.mig).length > 0
            ? `${n.name}: ${n.allocatable} + MIG ${migText(n.mig)}`
            : `${n.name}: ${n.allocatable}`,
        ),
        6,
      )}).`,
    };
  }
  const described = missing.map(n =>
    n.capacity > 0 ? `${n.name} (capacity ${n.capacity})` : n.name,
  );
  const all = missing.length === gpu.length;
  return {
    ...base,
    status: all ? 'fail' : 'warn',
    detail: `${names(described)} ${
      missing.length === 1 ? 'advertises' : 'advertise'
    } no allocatable ${GPU_RESOURCE}: the device plugin is not registering ${
      missing.length === 1 ? 'its' : 'their'
    } GPUs, so no GPU pod can be scheduled there${
      all ? '; no GPU in this cluster is usable' : ''
    }.`,
    fix: [
      '# the NVIDIA driver and device plugin pods on the node must be Running; read their logs if not',
      ...missing.map(
        n =>
          `kubectl get pods -A -o wide --field-selector spec.nodeName=${n.name} | grep -i nvidia`,
      ),
      'kubectl logs -n <namespace> <nvidia-device-plugin pod>',
    ].join('\n'),
  };
}

function devicePluginCheck(gpu: GpuNode[]): GpuReadinessCheck {
  const operator = gpu.filter(
    n => n.labels[LABELS.operatorDevicePlugin] === 'true',
  );
  const bare = gpu.filter(n => !operator.includes(n) && n.allocatable > 0);
  const none = gpu.filter(n => !operator.includes(n) && !bare.includes(n));
  const base = { id: 'device-plugin' as const, title: TITLES['device-plugin'] };
  if (none.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: `${names(none.map(n => n.name))} ${
        none.length === 1 ? 'has' : 'have'
      } GPUs but no device plugin: no ${GPU_RESOURCE} is advertised and no GPU Operator label (${
        LABELS.operatorDevicePlugin
      }=true) is set.`,
      fix: [
        '# install the NVIDIA GPU Operator (driver, device plugin, GPU feature discovery, MIG manager)',
        'helm repo add nvidia https://helm.ngc.nvidia.com/nvidia && helm repo update',
        'helm install --wait gpu-operator -n gpu-operator --create-namespace nvidia/gpu-operator',
        '# or, with the NVIDIA driver already on the nodes, only the device plugin DaemonSet (with GPU feature discovery)',
        'helm repo add nvdp https://nvidia.github.io/k8s-device-plugin && helm repo update',
        'helm upgrade -i nvdp nvdp/nvidia-device-plugin -n nvidia-device-plugin --create-namespace --set gfd.enabled=true',
      ].join('\n'),
    };
  }
  const parts: string[] = [];
  if (operator.length > 0) {
    parts.push(
      `the NVIDIA GPU Operator deploys the device plugin on ${
        operator.length === gpu.length
          ? everyGpuNode(gpu.length)
          : names(operator.map(n => n.name))
      } (${LABELS.operatorDevicePlugin}=true)`,
    );
  }
  if (bare.length > 0) {
    parts.push(
      `a device plugin without the GPU Operator advertises ${GPU_RESOURCE} on ${
        bare.length === gpu.length
          ? everyGpuNode(gpu.length)
          : names(bare.map(n => n.name))
      } (no ${LABELS.operatorPrefix}* labels)`,
    );
  }
  const sentence = parts.join('; ');
  return {
    ...base,
    status: 'pass',
    detail: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`,
  };
}

/** How a node's GPUs are shared, from GPU feature discovery's labels; undefined if unreported. */
function sharingMode(n: GpuNode): string | undefined {
  const l = n.labels;
  const parts: string[] = [];
  const replicas = l[LABELS.replicas];
  const perGpu =
    replicas && Number(replicas) > 1 ? ` (${replicas} replicas per GPU)` : '';
  const strategy = l[LABELS.sharingStrategy];
  if (strategy === 'none') parts.push('whole GPUs (sharing strategy none)');
  else if (strategy === 'time-slicing') parts.push(`time-slicing${perGpu}`);
  else if (strategy === 'mps') parts.push(`MPS${perGpu}`);
  else if (strategy) parts.push(`sharing strategy ${strategy}${perGpu}`);
  else if (perGpu) parts.push(`${replicas} replicas per GPU`);

  const config = l[LABELS.migConfig];
  const state = l[LABELS.migConfigState];
  if (l[LABELS.migCapable] === 'false') parts.push('not MIG-capable');
  else if (config) {
    parts.push(
      `MIG config ${config}${
        state && state !== 'success' ? ` (${state})` : ''
      }`,
    );
  } else if (l[LABELS.migStrategy]) {
    parts.push(`MIG strategy ${l[LABELS.migStrategy]}`);
  } else if (l[LABELS.migCapable] === 'true') parts.push('MIG-capable');
  return parts.length ? parts.join(', ') : undefined;
}

function sharingCheck(gpu: GpuNode[]): GpuReadinessCheck {
  const base = { id: 'gpu-sharing' as const, title: TITLES['gpu-sharing'] };
  const failed = gpu.filter(n => n.labels[LABELS.migConfigState] === 'failed');
  const unreported = gpu.filter(n => sharingMode(n) === undefined);
  const byMode = new Map<string, string[]>();
  for (const n of gpu) {
    const mode = sharingMode(n);
    if (mode) byMode.set(mode, [...(byMode.get(mode) ?? []), n.name]);
  }
  const reported = [...byMode.entries()]
    .map(([mode, nodes]) => `${mode} on ${names(nodes)}`)
    .join('; ');
  if (failed.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: `The MIG manager failed to apply the MIG config on ${names(
        failed.map(
          n => `${n.name} (${n.labels[LABELS.migConfig] ?? 'no config label'})`,
        ),
      )} (${LABELS.migConfigState}=failed): ${
        failed.length === 1 ? 'its' : 'their'
      } GPUs may not match what deployments expect.`,
      fix: [
        '# read why, then apply a MIG config the GPUs support (all-disabled gives whole GPUs back)',
        'kubectl logs -n gpu-operator -l app=nvidia-mig-manager --tail=100',
        ...failed.map(
          n =>
            `kubectl label nodes ${n.name} ${LABELS.migConfig}=all-disabled --overwrite`,
        ),
      ].join('\n'),
    };
  }
  if (unreported.length > 0) {
    return {
      ...base,
      status: 'warn',
      detail: `${names(unreported.map(n => n.name))} ${
        unreported.length === 1 ? 'reports' : 'report'
      } no sharing or MIG mode (no ${LABELS.sharingStrategy} or ${
        LABELS.migConfig
      } labels): GPU feature discovery is not labelling ${
        unreported.length === 1 ? 'it' : 'them'
      }, so H-MAS cannot tell whole GPUs from time-sliced or MIG ones.${
        reported ? ` Reported: ${reported}.` : ''
      }`,
      fix: [
        '# GPU feature discovery labels the sharing and MIG mode; the GPU Operator runs it, or enable it with the device plugin chart',
        'helm repo add nvdp https://nvidia.github.io/k8s-device-plugin && helm repo update',
        'helm upgrade -i nvdp nvdp/nvidia-device-plugin -n nvidia-device-plugin --create-namespace --set gfd.enabled=true',
      ].join('\n'),
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `${reported.charAt(0).toUpperCase()}${reported.slice(1)}.`,
  };
}

/**
 * The GPU readiness checklist of a member cluster from its Node objects: GPU nodes exist,
 * are tainted so CPU pods stay off (with a taint H-MAS GPU deployments tolerate), advertise
 * allocatable `nvidia.com/gpu`, run the device plugin or the GPU Operator, and report their
 * MIG / time-slicing mode. A cluster without GPU nodes gets `n/a` items. Warnings and
 * failures carry a fix.
 *
 * @public
 */
export function gpuReadiness(nodes: NodeObject[]): GpuReadinessCheck[] {
  const gpu = nodes
    .filter(isGpuNode)
    .map(toGpuNode)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (gpu.length === 0) {
    const why =
      nodes.length === 0
        ? 'The cluster reports no nodes.'
        : `None of the cluster's ${plural(
            nodes.length,
            'node',
          )} has NVIDIA GPUs (no ${GPU_RESOURCE} capacity, no ${
            LABELS.present
          } or ${GPU_PRODUCT_NODE_LABEL} label): a CPU-only cluster.`;
    return [
      notApplicable(
        'gpu-nodes',
        `${why} If it should serve GPU workloads, check that the NVIDIA driver and GPU feature discovery run on its GPU nodes.`,
      ),
      ...gpuReadinessCheckIds
        .slice(1)
        .map(id =>
          notApplicable(id, 'Not applicable: the cluster has no GPU nodes.'),
        ),
    ];
  }
  return [
    gpuNodesCheck(nodes, gpu),
    taintCheck(gpu),
    allocatableCheck(gpu),
    devicePluginCheck(gpu),
    sharingCheck(gpu),
  ];
}

/**
 * Every node by name, with its GPU product and allocatable GPUs.
 *
 * @public
 */
export function gpuNodeSummaries(nodes: NodeObject[]): GpuNodeSummary[] {
  return nodes
    .map(node => {
      const n = toGpuNode(node);
      return {
        name: n.name,
        ...(n.product ? { gpuProduct: n.product } : {}),
        gpus: n.allocatable,
        ...(Object.keys(n.mig).length > 0 ? { migDevices: n.mig } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
