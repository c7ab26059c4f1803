import {
  applyLabelChange,
  classifyZone,
  clusterGpuTypes,
  coreLabelKeys,
  deriveClusterType,
  GPU_TYPES_ANNOTATION,
  labelDiff,
  summarizeZone,
  zoneChange,
} from './zones';

describe('classifyZone', () => {
  it.each([
    [{ 'gpu-tier': 'high' }, '', 'gpu-high'],
    [{ 'gpu-tier': 'general' }, '', 'gpu-general'],
    [{ 'gpu-tier': 'none', 'cluster-type': 'cpu-only' }, '', 'cpu-only'],
    [{ 'gpu-tier': 'none' }, '', 'cpu-only'],
    [{ 'gpu-tier': 'ultra' }, '', 'unclassified'],
    [{ 'gpu-tier': '' }, '', 'unclassified'],
    [{ 'gpu-tier': 'High' }, '', 'unclassified'],
    [{}, '', 'unclassified'],
    [undefined, '', 'unclassified'],
    [{ 'h-mas.io/gpu-tier': 'high' }, 'h-mas.io/', 'gpu-high'],
    [{ 'gpu-tier': 'high' }, 'h-mas.io/', 'unclassified'],
  ])('%j with prefix %j is %s', (labels, prefix, zone) => {
    expect(classifyZone(labels, prefix)).toBe(zone);
  });
});

describe('deriveClusterType', () => {
  it.each([
    ['high', 'standard'],
    ['general', 'standard'],
    ['none', 'cpu-only'],
    ['other', undefined],
    [undefined, undefined],
  ])('%s → %s', (tier, type) => {
    expect(deriveClusterType(tier)).toBe(type);
  });
});

describe('applyLabelChange', () => {
  it.each([
    [
      'derives cluster-type from a new tier',
      {},
      { set: { 'gpu-tier': 'general' } },
      '',
      { 'gpu-tier': 'general', 'cluster-type': 'standard' },
    ],
    [
      'overrides a disagreeing cluster-type',
      { 'gpu-tier': 'high', 'cluster-type': 'standard' },
      { set: { 'gpu-tier': 'none', 'cluster-type': 'standard' } },
      '',
      { 'gpu-tier': 'none', 'cluster-type': 'cpu-only' },
    ],
    [
      'keeps cluster-type when the tier is removed',
      { 'gpu-tier': 'high', 'cluster-type': 'standard', team: 'a' },
      { remove: ['gpu-tier', 'team'] },
      '',
      { 'cluster-type': 'standard' },
    ],
    [
      'uses the prefix',
      {},
      { set: { 'h-mas.io/gpu-tier': 'none' } },
      'h-mas.io/',
      { 'h-mas.io/gpu-tier': 'none', 'h-mas.io/cluster-type': 'cpu-only' },
    ],
  ])('%s', (_name, labels, change, prefix, expected) => {
    const before = { ...labels };
    expect(applyLabelChange(labels, change, prefix)).toEqual(expected);
    expect(labels).toEqual(before);
  });
});

describe('zoneChange', () => {
  it('names both zones when the zone changes', () => {
    expect(zoneChange({}, { 'gpu-tier': 'general' })).toEqual({
      from: expect.objectContaining({ title: 'Unclassified' }),
      to: expect.objectContaining({ title: 'GPU General' }),
    });
  });

  it('is undefined when the zone stays', () => {
    expect(
      zoneChange({ 'gpu-tier': 'high' }, { 'gpu-tier': 'high', a: 'b' }),
    ).toBeUndefined();
  });
});

describe('clusterGpuTypes', () => {
  it.each([
    [
      { 'gpu-type': 'H100' },
      { [GPU_TYPES_ANNOTATION]: 'h100, a100,,l4' },
      ['h100', 'a100', 'l4'],
    ],
    [{}, {}, []],
    [undefined, undefined, []],
    [{ 'gpu-type': 't4' }, undefined, ['t4']],
  ])('%j + %j → %j', (labels, annotations, types) => {
    expect(clusterGpuTypes(labels, annotations)).toEqual(types);
  });

  it('reads the prefixed label', () => {
    expect(
      clusterGpuTypes(
        { [coreLabelKeys('x.io/').gpuType]: 'l40s' },
        {},
        'x.io/',
      ),
    ).toEqual(['l40s']);
  });
});

describe('summarizeZone', () => {
  it.each([
    [
      'unions GPU types and schedulers',
      [
        { gpuTypes: ['h100', 'a100'], scheduler: 'volcano' },
        { gpuTypes: ['a100'], scheduler: 'kai-scheduler' },
        { gpuTypes: [], scheduler: 'volcano' },
      ],
      {
        gpuTypes: ['h100', 'a100'],
        gpuTypesShown: ['h100', 'a100'],
        moreGpuTypes: 0,
        schedulers: ['kai-scheduler', 'volcano'],
      },
    ],
    [
      'shows the first five and counts the rest',
      [
        { gpuTypes: ['h100', 'a100', 'l40s'] },
        { gpuTypes: ['l4', 't4', 'v100', 'mi300x'] },
      ],
      {
        gpuTypes: ['h100', 'a100', 'l40s', 'l4', 't4', 'v100', 'mi300x'],
        gpuTypesShown: ['h100', 'a100', 'l40s', 'l4', 't4'],
        moreGpuTypes: 2,
        schedulers: [],
      },
    ],
    [
      'handles an empty zone',
      [],
      { gpuTypes: [], gpuTypesShown: [], moreGpuTypes: 0, schedulers: [] },
    ],
  ])('%s', (_name, clusters, expected) => {
    expect(summarizeZone(clusters)).toEqual(expected);
  });
});

describe('labelDiff', () => {
  it.each<[string, Record<string, string>, Record<string, string>, object]>([
    ['nothing changed', { a: '1' }, { a: '1' }, { set: {}, remove: [] }],
    ['a new label', {}, { a: '1' }, { set: { a: '1' }, remove: [] }],
    [
      'a changed value',
      { a: '1' },
      { a: '2' },
      { set: { a: '2' }, remove: [] },
    ],
    [
      'a removed label',
      { a: '1', b: '2' },
      { a: '1' },
      { set: {}, remove: ['b'] },
    ],
    ['an emptied value', { a: '1' }, { a: '' }, { set: { a: '' }, remove: [] }],
  ])('%s', (_name, before, after, expected) => {
    expect(labelDiff(before, after)).toEqual(expected);
    // Applying the diff gives `after` back.
    expect(applyLabelChange(before, labelDiff(before, after))).toEqual(after);
  });
});
