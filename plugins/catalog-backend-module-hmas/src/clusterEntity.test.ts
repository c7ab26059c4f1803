import {
  entitySchemaValidator,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { ClusterInfo } from '@h-mas/plugin-hmas-common';
import { mockServices } from '@backstage/backend-test-utils';
import { clusterToEntity } from './clusterEntity';
import { HmasClusterEntityProvider } from './HmasClusterEntityProvider';

const cluster = (overrides: Partial<ClusterInfo> = {}): ClusterInfo => ({
  name: 'gpu-hp-seoul',
  zone: 'gpu-high',
  labels: { 'gpu-tier': 'high' },
  annotations: {},
  resourceVersion: '3',
  ready: true,
  syncMode: 'Push',
  nodes: { ready: 4, total: 4 },
  cpu: { allocatable: '256', allocated: '10' },
  memory: { allocatable: '2Ti', allocated: '10Gi' },
  gpu: { allocatable: '32', allocated: '4' },
  gpuTypes: ['h100', 'a100'],
  scheduler: 'kai-scheduler',
  taints: [],
  ...overrides,
});

describe('clusterToEntity', () => {
  it.each([
    [
      'a GPU cluster',
      cluster(),
      {
        description:
          'Karmada member cluster in zone GPU High Performance with 32 GPUs (h100, a100).',
        tags: ['gpu-high', 'h100', 'a100'],
        annotations: {
          'h-mas.io/zone': 'gpu-high',
          'h-mas.io/gpu-types': 'h100,a100',
          'h-mas.io/gpu-allocatable': '32',
          'h-mas.io/scheduler': 'kai-scheduler',
        },
      },
    ],
    [
      'an unlabeled CPU cluster',
      cluster({
        name: 'edge',
        zone: 'unclassified',
        gpuTypes: [],
        gpu: { allocatable: '0', allocated: '0' },
        scheduler: undefined,
      }),
      {
        description: 'Karmada member cluster in zone Unclassified.',
        tags: ['unclassified'],
        annotations: {
          'h-mas.io/zone': 'unclassified',
          'h-mas.io/gpu-allocatable': '0',
        },
      },
    ],
  ])('maps %s to a valid Resource entity', async (_name, input, expected) => {
    const entity = clusterToEntity(input, 'group:default/platform-team');
    expect(entity.kind).toBe('Resource');
    expect(entity.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: 'group:default/platform-team',
    });
    expect(entity.metadata.description).toBe(expected.description);
    expect(entity.metadata.tags).toEqual(expected.tags);
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'hmas:karmada',
      ...expected.annotations,
    });
    expect(entitySchemaValidator()(entity)).toBe(entity);
    await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
  });
});

describe('HmasClusterEntityProvider', () => {
  it('applies a full mutation with every cluster on each run', async () => {
    const applyMutation = jest.fn();
    let run: (() => Promise<void>) | undefined;
    const provider = new HmasClusterEntityProvider({
      listClusters: async () => [
        cluster(),
        cluster({ name: 'cpu-oregon', zone: 'cpu-only' }),
      ],
      owner: 'group:default/platform-team',
      logger: mockServices.logger.mock(),
      taskRunner: {
        run: async task => {
          run = task.fn as () => Promise<void>;
        },
      },
    });
    await provider.connect({ applyMutation, refresh: jest.fn() });
    expect(run).toBeDefined();
    await run!();
    expect(applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        expect.objectContaining({
          locationKey: 'hmas:karmada',
          entity: expect.objectContaining({
            metadata: expect.objectContaining({ name: 'gpu-hp-seoul' }),
          }),
        }),
        expect.objectContaining({
          entity: expect.objectContaining({
            metadata: expect.objectContaining({ name: 'cpu-oregon' }),
          }),
        }),
      ],
    });
  });

  it('refuses to refresh before it is connected', async () => {
    const provider = new HmasClusterEntityProvider({
      listClusters: async () => [],
      owner: 'x',
      logger: mockServices.logger.mock(),
      taskRunner: { run: async () => {} },
    });
    await expect(provider.refresh()).rejects.toThrow('not connected');
  });
});
