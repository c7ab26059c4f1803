import { NotFoundError } from '@backstage/errors';
import type { ClusterInfo, ZoneGroup } from '@h-mas/plugin-hmas-common';
import { DeploymentWithStatus, HmasApi } from '../api';

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
    listAuditPage: async () => ({ items: [] }),
    listZoneGroups: async (): Promise<ZoneGroup[]> => [],
    getCluster: unexpected('getCluster'),
    updateClusterLabels: unexpected('updateClusterLabels'),
    registerCluster: unexpected('registerCluster'),
    getGpuReadiness: unexpected('getGpuReadiness'),
    listDeployments: async () => [],
    getDeployment: unexpected('getDeployment'),
    getDeploymentManifests: unexpected('getDeploymentManifests'),
    getDeploymentUsage: unexpected('getDeploymentUsage'),
    deleteDeployment: unexpected('deleteDeployment'),
    listPolicies: async () => [],
    getPolicy: unexpected('getPolicy'),
    createPolicy: unexpected('createPolicy'),
    replacePolicy: unexpected('replacePolicy'),
    deletePolicy: unexpected('deletePolicy'),
    listPresets: async () => [],
    createPreset: unexpected('createPreset'),
    updatePreset: unexpected('updatePreset'),
    deletePreset: unexpected('deletePreset'),
    listTeamNamespaces: async () => [],
    // Most namespaces are no team's: the API answers 404.
    getTeamNamespace: async name => {
      throw new NotFoundError(`No team namespace ${name}`);
    },
    createTeamNamespace: unexpected('createTeamNamespace'),
    updateTeamNamespace: unexpected('updateTeamNamespace'),
    deleteTeamNamespace: unexpected('deleteTeamNamespace'),
    ...overrides,
  };
}

/** A deployment with status for component tests. */
export function testDeployment(
  name: string,
  overrides: Partial<DeploymentWithStatus> = {},
): DeploymentWithStatus {
  return {
    id: `00000000-0000-4000-8000-${name
      .padEnd(12, '0')
      .slice(0, 12)
      .replace(/[^0-9a-f]/g, '0')}`,
    namespace: 'default',
    name,
    owner: 'group:default/ml-team',
    createdBy: 'user:default/ada',
    runtime: 'llamacpp',
    model: 'llama-3.1-8b-instruct-gguf',
    zone: 'cpu-only',
    state: 'active',
    spec: {
      name,
      runtime: 'llamacpp',
      replicas: 2,
      env: { LLAMA_ARG_THREADS: '8' },
      storage: {},
      placement: { mode: 'zone', zone: 'cpu-only' },
    },
    objects: [],
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:00.000Z',
    status: {
      phase: 'loading-model',
      message: '1/2 replicas ready; the others are loading the model',
      replicas: 2,
      readyReplicas: 1,
      clusters: [
        {
          cluster: 'cpu-oregon',
          replicas: 2,
          readyReplicas: 1,
          runningReplicas: 2,
          applied: true,
          health: 'Unhealthy',
        },
      ],
    },
    ...overrides,
  };
}
