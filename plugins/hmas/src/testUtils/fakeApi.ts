import type { ClusterInfo, ZoneGroup } from '@h-mas/plugin-hmas-common';
import { HmasApi } from '../api';

/** A cluster for component tests. */
export function testCluster(
  name: string,
  overrides: Partial<ClusterInfo> = {},
): ClusterInfo {
  return {
    name,
    zone: 'unclassified',
    labels: {},
    annotations: {},
    resourceVersion: '1',
    ready: true,
    kubernetesVersion: 'v1.31.4',
    syncMode: 'Push',
    nodes: { ready: 2, total: 3 },
    cpu: { allocatable: '64', allocated: '16500m' },
    memory: { allocatable: '256Gi', allocated: '64Gi' },
    gpu: { allocatable: '0', allocated: '0' },
    gpuTypes: [],
    taints: [],
    ...overrides,
  };
}

/** An HmasApi whose methods fail loudly unless a test provides them. */
export function fakeHmasApi(overrides: Partial<HmasApi> = {}): HmasApi {
  const unexpected = (name: string) => async () => {
    throw new Error(`unexpected call to ${name}`);
  };
  return {
    getHealth: async () => ({
      status: 'ok',
      database: 'ok',
      karmada: { mode: 'embedded' },
    }),
    listAudit: async () => [],
    listZoneGroups: async (): Promise<ZoneGroup[]> => [],
    getCluster: unexpected('getCluster'),
    updateClusterLabels: unexpected('updateClusterLabels'),
    registerCluster: unexpected('registerCluster'),
    ...overrides,
  };
}
