import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NodeV1Api,
  PolicyV1Api,
  StorageV1Api,
} from '@kubernetes/client-node';
import { startEmbeddedKarmada, type EmbeddedKarmada } from '../embedded';
import { kubeConfigFor } from './kube';
import type { KubeObject } from '../types';
import { buildGpuNode, type GpuNodeOptions } from '../seed';

/** A fake clock the tests move by hand. */
export class FakeClock {
  private ms: number;
  constructor(start = '2025-07-01T00:00:00Z') {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** An embedded Karmada on a fake clock with typed clients for the control plane. */
export interface TestFleet {
  karmada: EmbeddedKarmada;
  clock: FakeClock;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  member(name: string): MemberClients;
  /** Advances the fake clock and lets the controller run what came due. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Typed clients of a member cluster (through the simulator's cluster proxy). */
export interface MemberClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  storage: StorageV1Api;
  node: NodeV1Api;
  policy: PolicyV1Api;
}

/** Starts the seeded embedded Karmada with a fake clock (no resync, model load 5 s). */
export async function startTestFleet(
  options: { modelLoadMs?: number; clusterFailover?: boolean } = {},
): Promise<TestFleet> {
  const clock = new FakeClock();
  const karmada = await startEmbeddedKarmada({
    clock: clock.now,
    modelLoadMs: options.modelLoadMs ?? 5000,
    resyncMs: 0,
    clusterFailover: options.clusterFailover,
  });
  const kc = kubeConfigFor(karmada.sim);
  return {
    karmada,
    clock,
    custom: kc.makeApiClient(CustomObjectsApi),
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    member(name) {
      const mkc = kubeConfigFor(karmada.sim, name);
      return {
        core: mkc.makeApiClient(CoreV1Api),
        apps: mkc.makeApiClient(AppsV1Api),
        storage: mkc.makeApiClient(StorageV1Api),
        node: mkc.makeApiClient(NodeV1Api),
        policy: mkc.makeApiClient(PolicyV1Api),
      };
    },
    async advance(ms) {
      clock.advance(ms);
      await karmada.controller.tick();
    },
    settle: () => karmada.controller.settle(),
    close: () => karmada.close(),
  };
}

const GROUPS: Record<
  string,
  { group: string; version: string; plural: string }
> = {
  PropagationPolicy: {
    group: 'policy.karmada.io',
    version: 'v1alpha1',
    plural: 'propagationpolicies',
  },
  ClusterPropagationPolicy: {
    group: 'policy.karmada.io',
    version: 'v1alpha1',
    plural: 'clusterpropagationpolicies',
  },
  OverridePolicy: {
    group: 'policy.karmada.io',
    version: 'v1alpha1',
    plural: 'overridepolicies',
  },
  ResourceBinding: {
    group: 'work.karmada.io',
    version: 'v1alpha2',
    plural: 'resourcebindings',
  },
  Work: { group: 'work.karmada.io', version: 'v1alpha1', plural: 'works' },
  Cluster: {
    group: 'cluster.karmada.io',
    version: 'v1alpha1',
    plural: 'clusters',
  },
};

/** Creates a Karmada object over HTTP through `CustomObjectsApi`. */
export async function createKarmadaObject(
  fleet: TestFleet,
  obj: KubeObject,
): Promise<KubeObject> {
  const g = GROUPS[obj.kind];
  if (obj.metadata.namespace) {
    return fleet.custom.createNamespacedCustomObject({
      ...g,
      namespace: obj.metadata.namespace,
      body: obj,
    });
  }
  return fleet.custom.createClusterCustomObject({ ...g, body: obj });
}

/** Reads a Karmada object over HTTP. */
export async function getKarmadaObject(
  fleet: TestFleet,
  kind: string,
  name: string,
  namespace?: string,
): Promise<KubeObject> {
  const g = GROUPS[kind];
  if (namespace) {
    return fleet.custom.getNamespacedCustomObject({ ...g, namespace, name });
  }
  return fleet.custom.getClusterCustomObject({ ...g, name });
}

/** A Deployment of a model server with per-replica requests. */
export function modelDeployment(
  name: string,
  namespace: string,
  options: {
    replicas?: number;
    requests?: Record<string, string>;
    annotations?: Record<string, string>;
    gpu?: boolean;
  } = {},
): KubeObject {
  const requests = options.requests ?? {
    cpu: '2',
    memory: '8Gi',
    'nvidia.com/gpu': '1',
  };
  const gpu = options.gpu ?? 'nvidia.com/gpu' in requests;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 4,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          ...(options.annotations ? { annotations: options.annotations } : {}),
        },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'vllm/vllm-openai:v0.8.5',
              ports: [{ containerPort: 8000 }],
              resources: {
                requests,
                ...(gpu
                  ? { limits: { 'nvidia.com/gpu': requests['nvidia.com/gpu'] } }
                  : {}),
              },
            },
          ],
          ...(gpu
            ? {
                tolerations: [
                  {
                    key: 'nvidia.com/gpu',
                    operator: 'Exists',
                    effect: 'NoSchedule',
                  },
                ],
              }
            : {}),
        },
      },
    },
  };
}

/** A PropagationPolicy selecting the given resources. */
export function propagationPolicy(
  name: string,
  namespace: string,
  resources: Array<{ apiVersion: string; kind: string; name: string }>,
  placement: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace },
    spec: { resourceSelectors: resources, placement, ...extra },
  };
}

/**
 * Adds a GPU node to a member (`buildGpuNode`: optionally MIG-partitioned, with
 * `mig: { strategy: 'mixed', devices: { '1g.5gb': 7 } }`, or time-sliced, with
 * `timeSlicing: { replicas: 4 }`) and lets the controller see it. Returns the node.
 */
export async function addGpuNode(
  fleet: TestFleet,
  options: GpuNodeOptions,
): Promise<KubeObject> {
  const node = fleet.karmada.sim.store.create(
    options.cluster,
    'nodes',
    buildGpuNode(options),
    { withStatus: true },
  );
  await fleet.settle();
  return node;
}

/**
 * Makes a member one without a default StorageClass (deletes the seed's `standard`), as
 * a cluster whose administrator set none: claims without a class then stay Pending.
 */
export async function removeDefaultStorageClass(
  fleet: TestFleet,
  cluster: string,
): Promise<void> {
  await fleet.member(cluster).storage.deleteStorageClass({ name: 'standard' });
  await fleet.settle();
}
