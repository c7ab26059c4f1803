import {
  clusterGpuSharing,
  gpuResourceName,
  gpuSharingText,
  isMalformedMigType,
  migProfileOf,
} from './gpuSharing';

describe('MIG types', () => {
  it.each([
    ['mig-1g.5gb', '1g.5gb', 'nvidia.com/mig-1g.5gb'],
    ['MIG-3g.20gb', '3g.20gb', 'nvidia.com/mig-3g.20gb'],
    ['mig-1g.10gb+me', '1g.10gb+me', 'nvidia.com/mig-1g.10gb+me'],
    ['mig-7g.80gb', '7g.80gb', 'nvidia.com/mig-7g.80gb'],
    ['a100', undefined, 'nvidia.com/gpu'],
    ['mig-big', undefined, 'nvidia.com/gpu'],
    [undefined, undefined, 'nvidia.com/gpu'],
  ])('%s is profile %s, requested as %s', (type, profile, resource) => {
    expect(migProfileOf(type)).toBe(profile);
    expect(gpuResourceName(type)).toBe(resource);
  });

  it.each([
    ['mig-big', true],
    ['mig-9g.5gb', true],
    ['mig-1g.5gb', false],
    ['a100', false],
  ])('%s malformed: %s', (type, malformed) => {
    expect(isMalformedMigType(type)).toBe(malformed);
  });
});

describe('clusterGpuSharing', () => {
  const cluster = (
    labels: Record<string, string>,
    allocatable: Record<string, string>,
  ) => ({ metadata: { labels }, status: { resourceSummary: { allocatable } } });

  it.each([
    [{}, { 'nvidia.com/gpu': '8' }, false, [], undefined],
    [
      { 'h-mas.io/gpu-sharing': 'time-slicing' },
      { 'nvidia.com/gpu': '32' },
      true,
      [],
      'time-sliced',
    ],
    [{ 'h-mas.io/gpu-sharing': 'mps' }, {}, true, [], 'time-sliced'],
    [{ 'h-mas.io/gpu-sharing': 'exclusive' }, {}, false, [], undefined],
    [
      {},
      {
        'nvidia.com/mig-3g.20gb': '2',
        'nvidia.com/mig-1g.5gb': '14',
        'nvidia.com/mig-2g.10gb': '0',
      },
      false,
      ['1g.5gb', '3g.20gb'],
      'MIG 1g.5gb, 3g.20gb',
    ],
  ])(
    '%j %j: time-sliced %s, MIG %j, shown as %s',
    (labels, alloc, ts, mig, text) => {
      const sharing = clusterGpuSharing(cluster(labels, alloc));
      expect(sharing).toEqual({ timeSliced: ts, migProfiles: mig });
      expect(gpuSharingText(sharing)).toBe(text);
    },
  );
});
