import { formatZodError } from '../errors';
import {
  buildClusterObject,
  clusterRegistrationSchema,
  KarmadaClusterObject,
  toClusterInfo,
} from './cluster';
import { missingCoreLabels } from './reconcile';

const gpuCluster: KarmadaClusterObject = {
  apiVersion: 'cluster.karmada.io/v1alpha1',
  kind: 'Cluster',
  metadata: {
    name: 'gpu-a',
    resourceVersion: '42',
    labels: { 'gpu-tier': 'high', 'gpu-type': 'h100', scheduler: 'volcano' },
    annotations: { 'h-mas.io/gpu-types': 'h100,a100' },
  },
  spec: {
    syncMode: 'Push',
    apiEndpoint: 'https://gpu-a.example:6443',
    taints: [{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' }],
  },
  status: {
    kubernetesVersion: 'v1.31.4',
    conditions: [{ type: 'Ready', status: 'True' }],
    nodeSummary: { totalNum: 4, readyNum: 3 },
    resourceSummary: {
      allocatable: { cpu: '256', memory: '2Ti', 'nvidia.com/gpu': '32' },
      allocated: { cpu: '100500m', memory: '512Gi', 'nvidia.com/gpu': '8' },
    },
  },
};

const bare = (
  labels: Record<string, string> | undefined,
  gpus?: string,
): KarmadaClusterObject => ({
  apiVersion: 'cluster.karmada.io/v1alpha1',
  kind: 'Cluster',
  metadata: { name: 'joined', labels },
  spec: { syncMode: 'Pull' },
  status: gpus
    ? { resourceSummary: { allocatable: { 'nvidia.com/gpu': gpus } } }
    : { resourceSummary: { allocatable: { cpu: '8' } } },
});

describe('toClusterInfo', () => {
  it('maps identity, zone, readiness and capacity', () => {
    expect(toClusterInfo(gpuCluster)).toEqual({
      name: 'gpu-a',
      zone: 'gpu-high',
      labels: gpuCluster.metadata.labels,
      annotations: gpuCluster.metadata.annotations,
      resourceVersion: '42',
      ready: true,
      kubernetesVersion: 'v1.31.4',
      syncMode: 'Push',
      apiEndpoint: 'https://gpu-a.example:6443',
      provider: undefined,
      region: undefined,
      nodes: { ready: 3, total: 4 },
      cpu: { allocatable: '256', allocated: '100500m' },
      memory: { allocatable: '2Ti', allocated: '512Gi' },
      gpu: { allocatable: '32', allocated: '8' },
      gpuTypes: ['h100', 'a100'],
      gpuSharing: { timeSliced: false, migProfiles: [] },
      scheduler: 'volcano',
      taints: [{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' }],
    });
  });

  it('defaults what a freshly joined cluster lacks', () => {
    const info = toClusterInfo({
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'new' },
      spec: { syncMode: 'Pull' },
    });
    expect(info).toMatchObject({
      zone: 'unclassified',
      ready: false,
      labels: {},
      nodes: { ready: 0, total: 0 },
      gpu: { allocatable: '0', allocated: '0' },
      gpuTypes: [],
      taints: [],
    });
  });
});

describe('clusterRegistrationSchema', () => {
  const valid = {
    name: 'gpu-b',
    apiEndpoint: 'https://gpu-b.example:6443',
    zone: 'gpu-general',
    gpuTypes: [' H100 ', 'mi300x'],
  };

  it('normalises GPU types and defaults the sync mode', () => {
    expect(clusterRegistrationSchema.parse(valid)).toEqual({
      ...valid,
      syncMode: 'Push',
      gpuTypes: ['h100', 'mi300x'],
    });
  });

  it.each([
    [{ name: 'Bad_Name' }, 'name: must be a DNS-1123 label'],
    [{ name: 'a'.repeat(49) }, 'name: must be at most 48 characters'],
    [{ apiEndpoint: 'not a url' }, 'apiEndpoint: must be a URL'],
    [{ apiEndpoint: 'ftp://x.example' }, 'apiEndpoint: must be an http(s) URL'],
    [{ syncMode: 'Both' }, 'syncMode: Invalid enum value'],
    [{ zone: 'gpu-ultra' }, 'zone: Invalid enum value'],
    [{ gpuTypes: ['  '] }, 'gpuTypes.0: must not be empty'],
    [{ gpuTypes: ['a100', 'A100'] }, 'gpuTypes: must not repeat a GPU type'],
    [{ gpuTypes: ['a 100'] }, 'gpuTypes.0: Value must consist of'],
    [
      { zone: 'cpu-only', gpuTypes: ['t4'] },
      'gpuTypes: a CPU Only cluster has no GPU types',
    ],
  ])('rejects %j', (override, message) => {
    const result = clusterRegistrationSchema.safeParse({
      ...valid,
      ...override,
    });
    expect(result.success).toBe(false);
    expect(result.error && formatZodError(result.error)).toContain(message);
  });
});

describe('buildClusterObject', () => {
  it.each([
    [
      'a GPU zone with types',
      { zone: 'gpu-general', gpuTypes: ['l40s', 'a100'], scheduler: 'volcano' },
      '',
      {
        labels: {
          'gpu-tier': 'general',
          'cluster-type': 'standard',
          'gpu-type': 'l40s',
          scheduler: 'volcano',
        },
        annotations: { 'h-mas.io/gpu-types': 'l40s,a100' },
      },
    ],
    [
      'CPU only',
      { zone: 'cpu-only', gpuTypes: [] },
      '',
      { labels: { 'gpu-tier': 'none', 'cluster-type': 'cpu-only' } },
    ],
    [
      'no zone, prefixed',
      { zone: 'none', gpuTypes: ['t4'] },
      'h-mas.io/',
      {
        labels: { 'h-mas.io/gpu-type': 't4' },
        annotations: { 'h-mas.io/gpu-types': 't4' },
      },
    ],
  ])('%s', (_name, fields, prefix, metadata) => {
    const registration = clusterRegistrationSchema.parse({
      name: 'c1',
      apiEndpoint: 'https://c1.example',
      ...fields,
    });
    expect(buildClusterObject(registration, prefix)).toEqual({
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'c1', ...metadata },
      spec: { syncMode: 'Push', apiEndpoint: 'https://c1.example' },
    });
  });
});

describe('missingCoreLabels', () => {
  it.each([
    [
      'no GPUs: CPU only',
      bare(undefined),
      {},
      { 'gpu-tier': 'none', 'cluster-type': 'cpu-only' },
    ],
    ['GPUs, no default: leaves it', bare({}, '4'), {}, undefined],
    [
      'GPUs with a default tier',
      bare({}, '4'),
      { defaultGpuTier: 'general' as const },
      { 'gpu-tier': 'general', 'cluster-type': 'standard' },
    ],
    [
      'zero GPUs count as none',
      bare({}, '0'),
      {},
      { 'gpu-tier': 'none', 'cluster-type': 'cpu-only' },
    ],
    [
      'never overwrites a set tier',
      bare({ 'gpu-tier': 'high' }),
      {},
      { 'cluster-type': 'standard' },
    ],
    [
      'never overwrites a set cluster-type',
      bare({ 'gpu-tier': 'high', 'cluster-type': 'x' }),
      {},
      undefined,
    ],
    [
      'not synced yet: capacity unknown, left alone',
      { ...bare(undefined), status: {} },
      {},
      undefined,
    ],
    [
      'unknown tier: nothing to derive',
      bare({ 'gpu-tier': 'ultra' }),
      {},
      undefined,
    ],
    [
      'already labelled: nothing',
      bare({ 'gpu-tier': 'none', 'cluster-type': 'cpu-only' }),
      {},
      undefined,
    ],
    [
      'uses the prefix',
      bare({ 'gpu-tier': 'high' }),
      { prefix: 'p.io/' },
      { 'p.io/gpu-tier': 'none', 'p.io/cluster-type': 'cpu-only' },
    ],
  ])('%s', (_name, cluster, options, expected) => {
    expect(missingCoreLabels(cluster, options)).toEqual(expected);
  });

  it('is idempotent: labels it adds leave nothing missing', () => {
    const cluster = bare(undefined);
    const added = missingCoreLabels(cluster)!;
    expect(
      missingCoreLabels({
        ...cluster,
        metadata: { ...cluster.metadata, labels: added },
      }),
    ).toBeUndefined();
  });
});
