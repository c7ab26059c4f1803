import {
  KarmadaSimulator,
  seedFleet,
  startKarmadaSimulator,
} from '@h-mas/karmada-sim';
import type { KarmadaClusterObject } from '@h-mas/plugin-hmas-common';

/**
 * A simulator holding the seed fleet's Cluster objects (with status), for tests that need
 * Karmada's Cluster API but not its controllers.
 */
export async function startClusterSimulator(
  extra: KarmadaClusterObject[] = [],
): Promise<KarmadaSimulator> {
  return startKarmadaSimulator({
    setup: sim => {
      for (const cluster of [...seedFleet().clusters, ...(extra as any[])]) {
        sim.store.create('karmada', 'Cluster', cluster, { withStatus: true });
      }
    },
  });
}

/** A Cluster as `karmadactl join` leaves it: no labels; optionally with GPUs. */
export function joinedCluster(name: string, gpus = 0): KarmadaClusterObject {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name },
    spec: { syncMode: 'Pull' },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      resourceSummary: {
        allocatable: {
          cpu: '16',
          memory: '64Gi',
          ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}),
        },
      },
    },
  };
}

/** The collection path of an object on the control plane. */
export function pathOf(object: {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string };
}) {
  // The API's plural of every kind a deployment writes (none is irregular).
  const lower = object.kind.toLowerCase();
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  const base =
    object.apiVersion === 'v1' ? '/api/v1' : `/apis/${object.apiVersion}`;
  return `${base}/namespaces/${object.metadata.namespace}/${plural}`;
}
