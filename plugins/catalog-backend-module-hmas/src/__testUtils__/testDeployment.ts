import type { DeploymentWithStatus } from '../deploymentEntity';

/** An active deployment on one cluster, for tests. */
export const testDeployment = (
  overrides: Partial<DeploymentWithStatus> = {},
): DeploymentWithStatus => ({
  id: '5b0c3c52-61e4-4a53-9f53-3f6a2c1b7d10',
  namespace: 'default',
  name: 'llama-cpu',
  owner: 'group:default/ml-team',
  createdBy: 'user:default/ada',
  runtime: 'llamacpp',
  model: 'llama-3.1-8b-instruct-gguf',
  zone: 'cpu-only',
  state: 'active',
  spec: { name: 'llama-cpu', runtime: 'llamacpp', replicas: 2 },
  objects: [],
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  status: {
    clusters: [
      {
        cluster: 'cpu-oregon',
        replicas: 2,
        readyReplicas: 2,
        runningReplicas: 2,
        applied: true,
        health: 'Healthy',
      },
    ],
  },
  ...overrides,
});
