import { CONTROL_PLANE, type KubeObject } from '../types';
import type { ObjectStore } from '../store';
import { parseQuantity } from '../karmada/quantity';
import { SEED_CREATED, seedFleet } from '../seed';
import { BACKGROUND_LABEL } from './util';

/** Namespace of the seed's pre-existing tenant pods in each member. @public */
export const BACKGROUND_NAMESPACE = 'tenant-workloads';

const MEMBER_NAMESPACES = ['kube-public', 'kube-node-lease'];

function q(v: unknown): number {
  return v === undefined ? 0 : parseQuantity(v as string);
}

/**
 * Pods that stand for the load already running in a seed cluster, so that the
 * `resourceSummary.allocated` the controller computes from pods matches the seed: the
 * cluster's allocated GPUs are packed onto its GPU nodes, and CPU and memory are split
 * evenly over `allocated.pods` pods placed first-fit.
 */
function backgroundPods(
  cluster: KubeObject,
  nodes: KubeObject[],
): KubeObject[] {
  const allocated = cluster.status?.resourceSummary?.allocated ?? {};
  const count = Math.round(q(allocated.pods));
  if (count <= 0) return [];
  let gpus = Math.round(q(allocated['nvidia.com/gpu']));
  const cpuMilli = Math.round(q(allocated.cpu) * 1000);
  const memMi = Math.round(q(allocated.memory) / 2 ** 20);
  const free = new Map(
    nodes.map(n => [
      n.metadata.name!,
      {
        cpu: Math.round(q(n.status.allocatable.cpu) * 1000),
        mem: Math.round(q(n.status.allocatable.memory) / 2 ** 20),
        gpu: q(n.status.allocatable['nvidia.com/gpu']),
        pods: q(n.status.allocatable.pods),
      },
    ]),
  );
  const pods: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const cpu = Math.floor(cpuMilli / count) + (i === 0 ? cpuMilli % count : 0);
    const mem = Math.floor(memMi / count) + (i === 0 ? memMi % count : 0);
    let node: string | undefined;
    let gpu = 0;
    if (gpus > 0) {
      const entry = [...free.entries()].find(
        ([, f]) => f.gpu > 0 && f.cpu >= cpu && f.mem >= mem && f.pods > 0,
      );
      if (entry) {
        node = entry[0];
        gpu = Math.min(gpus, entry[1].gpu);
        gpus -= gpu;
      }
    }
    if (!node) {
      node = [...free.entries()]
        .filter(([, f]) => f.cpu >= cpu && f.mem >= mem && f.pods > 0)
        .sort(([, a], [, b]) => b.cpu - a.cpu)[0]?.[0];
    }
    if (!node) break;
    const f = free.get(node)!;
    f.cpu -= cpu;
    f.mem -= mem;
    f.gpu -= gpu;
    f.pods -= 1;
    const requests: Record<string, string> = {
      cpu: `${cpu}m`,
      memory: `${mem}Mi`,
    };
    if (gpu > 0) requests['nvidia.com/gpu'] = String(gpu);
    const name = `tenant-job-${String(i + 1).padStart(3, '0')}`;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: BACKGROUND_NAMESPACE,
        creationTimestamp: SEED_CREATED,
        labels: {
          'app.kubernetes.io/name': 'tenant-job',
          [BACKGROUND_LABEL]: 'true',
        },
      },
      spec: {
        nodeName: node,
        schedulerName: 'default-scheduler',
        tolerations: [{ operator: 'Exists' }],
        containers: [
          {
            name: 'job',
            image: 'registry.k8s.io/pause:3.10',
            resources:
              gpu > 0
                ? { requests, limits: { 'nvidia.com/gpu': String(gpu) } }
                : { requests },
          },
        ],
      },
      status: {
        phase: 'Running',
        qosClass: 'Burstable',
        startTime: SEED_CREATED,
        conditions: [
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].map(type => ({
          type,
          status: 'True',
          lastTransitionTime: SEED_CREATED,
        })),
        containerStatuses: [
          {
            name: 'job',
            image: 'registry.k8s.io/pause:3.10',
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: SEED_CREATED } },
          },
        ],
      },
    });
  }
  return pods;
}

/**
 * Puts {@link seedFleet} into a store: each cluster gets a member API surface with its
 * nodes, namespaces and pods standing for its existing load, and a `Cluster` object (with
 * status) on the control plane. Returns the cluster names.
 * @public
 */
export function installSeedFleet(store: ObjectStore): string[] {
  const { clusters, nodesByCluster, clusterObjectsByCluster } = seedFleet();
  for (const cluster of clusters) {
    const name = cluster.metadata.name!;
    store.addCluster(name);
    for (const ns of [...MEMBER_NAMESPACES, BACKGROUND_NAMESPACE]) {
      if (!store.tryGet(name, 'namespaces', ns)) {
        store.create(name, 'namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns },
        });
      }
    }
    const nodes = nodesByCluster[name] ?? [];
    for (const node of nodes)
      store.create(name, 'nodes', node, { withStatus: true });
    // StorageClasses and RuntimeClasses (by apiVersion and kind).
    for (const obj of clusterObjectsByCluster[name] ?? [])
      store.create(name, obj.kind, obj);
    for (const pod of backgroundPods(cluster, nodes)) {
      store.create(name, 'pods', pod, {
        namespace: BACKGROUND_NAMESPACE,
        withStatus: true,
      });
    }
    store.create(CONTROL_PLANE, 'clusters.cluster.karmada.io', cluster, {
      withStatus: true,
    });
  }
  return clusters.map(c => c.metadata.name!);
}
