import {
  findUntoleratedTaint,
  matchClusterAffinity,
  matchFieldSelector,
  matchLabelSelector,
  toleratesTaint,
  LabelSelector,
  FieldSelector,
  ClusterAffinity,
  Taint,
  Toleration,
} from './selectors';
import { cluster } from './__fixtures__/objects';

const labels = { 'gpu-tier': 'high', 'gpu-type': 'h100', scheduler: 'volcano' };

describe('matchLabelSelector', () => {
  it.each<[string, LabelSelector | undefined, boolean]>([
    ['absent selector', undefined, true],
    ['empty selector', {}, true],
    ['matchLabels hit', { matchLabels: { 'gpu-tier': 'high' } }, true],
    ['matchLabels miss', { matchLabels: { 'gpu-tier': 'general' } }, false],
    [
      'In hit',
      {
        matchExpressions: [
          { key: 'gpu-type', operator: 'In', values: ['a100', 'h100'] },
        ],
      },
      true,
    ],
    [
      'In on a missing key',
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      false,
    ],
    [
      'NotIn hit',
      {
        matchExpressions: [
          { key: 'gpu-type', operator: 'NotIn', values: ['h100'] },
        ],
      },
      false,
    ],
    [
      'NotIn on a missing key',
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      true,
    ],
    [
      'Exists',
      { matchExpressions: [{ key: 'scheduler', operator: 'Exists' }] },
      true,
    ],
    [
      'Exists on a missing key',
      { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
      false,
    ],
    [
      'DoesNotExist',
      { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] },
      true,
    ],
    [
      'DoesNotExist on a present key',
      { matchExpressions: [{ key: 'gpu-tier', operator: 'DoesNotExist' }] },
      false,
    ],
    [
      'unknown operator',
      {
        matchExpressions: [{ key: 'gpu-tier', operator: 'Gt', values: ['1'] }],
      },
      false,
    ],
    [
      'labels and expressions together',
      {
        matchLabels: { 'gpu-tier': 'high' },
        matchExpressions: [
          { key: 'scheduler', operator: 'In', values: ['volcano'] },
        ],
      },
      true,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(matchLabelSelector(selector, labels)).toBe(expected);
  });

  it('treats missing labels as an empty set', () => {
    expect(
      matchLabelSelector(
        { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] },
        undefined,
      ),
    ).toBe(true);
    expect(matchLabelSelector({ matchLabels: { a: 'b' } }, undefined)).toBe(
      false,
    );
  });
});

describe('matchFieldSelector', () => {
  const c = cluster('seoul', {
    provider: 'on-premise',
    region: 'kr-seoul',
    zones: ['kr-seoul-1a', 'kr-seoul-1b'],
  });
  const bare = cluster('bare');
  it.each<[string, FieldSelector, boolean, boolean]>([
    [
      'provider In',
      {
        matchExpressions: [
          { key: 'provider', operator: 'In', values: ['on-premise'] },
        ],
      },
      true,
      false,
    ],
    [
      'provider NotIn',
      {
        matchExpressions: [
          { key: 'provider', operator: 'NotIn', values: ['on-premise'] },
        ],
      },
      false,
      true,
    ],
    [
      'region In',
      {
        matchExpressions: [
          { key: 'region', operator: 'In', values: ['kr-seoul', 'jp-tokyo'] },
        ],
      },
      true,
      false,
    ],
    [
      'zone In with every zone listed',
      {
        matchExpressions: [
          {
            key: 'zone',
            operator: 'In',
            values: ['kr-seoul-1a', 'kr-seoul-1b'],
          },
        ],
      },
      true,
      false,
    ],
    [
      'zone In with one zone missing',
      {
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['kr-seoul-1a'] },
        ],
      },
      false,
      false,
    ],
    [
      'zone NotIn',
      {
        matchExpressions: [
          { key: 'zone', operator: 'NotIn', values: ['kr-seoul-1b'] },
        ],
      },
      false,
      true,
    ],
    [
      'unknown key',
      {
        matchExpressions: [{ key: 'name', operator: 'In', values: ['seoul'] }],
      },
      false,
      false,
    ],
  ])('%s', (_name, selector, expected, expectedBare) => {
    expect(matchFieldSelector(selector, c)).toBe(expected);
    expect(matchFieldSelector(selector, bare)).toBe(expectedBare);
  });
});

describe('matchClusterAffinity', () => {
  const c = cluster('gpu-hp-seoul', { labels, provider: 'on-premise' });
  it.each<[string, ClusterAffinity | undefined, boolean]>([
    ['absent affinity', undefined, true],
    ['empty affinity', {}, true],
    ['by name', { clusterNames: ['gpu-hp-seoul', 'other'] }, true],
    ['other names', { clusterNames: ['other'] }, false],
    ['excluded', { exclude: ['gpu-hp-seoul'] }, false],
    [
      'exclude wins over name',
      { clusterNames: ['gpu-hp-seoul'], exclude: ['gpu-hp-seoul'] },
      false,
    ],
    [
      'labels',
      { labelSelector: { matchLabels: { 'gpu-tier': 'high' } } },
      true,
    ],
    [
      'labels and names must both match',
      {
        clusterNames: ['gpu-hp-seoul'],
        labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
      },
      false,
    ],
    [
      'field selector',
      {
        fieldSelector: {
          matchExpressions: [
            { key: 'provider', operator: 'In', values: ['aws'] },
          ],
        },
      },
      false,
    ],
  ])('%s', (_name, affinity, expected) => {
    expect(matchClusterAffinity(affinity, c)).toBe(expected);
  });
});

describe('toleratesTaint', () => {
  const gpu: Taint = {
    key: 'nvidia.com/gpu',
    value: 'present',
    effect: 'NoSchedule',
  };
  it.each<[string, Toleration, boolean]>([
    [
      'Equal with the value',
      {
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'present',
        effect: 'NoSchedule',
      },
      true,
    ],
    [
      'no operator means Equal',
      { key: 'nvidia.com/gpu', value: 'present' },
      true,
    ],
    [
      'Equal with another value',
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'absent' },
      false,
    ],
    ['Exists on the key', { key: 'nvidia.com/gpu', operator: 'Exists' }, true],
    ['Exists on another key', { key: 'other', operator: 'Exists' }, false],
    [
      'empty key with Exists tolerates everything',
      { operator: 'Exists' },
      true,
    ],
    [
      'effect mismatch',
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoExecute' },
      false,
    ],
    [
      'empty effect matches all effects',
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: '' },
      true,
    ],
    [
      'unknown operator',
      { key: 'nvidia.com/gpu', operator: 'Lt', value: '1' },
      false,
    ],
  ])('%s', (_name, toleration, expected) => {
    expect(toleratesTaint(toleration, gpu)).toBe(expected);
  });
});

describe('findUntoleratedTaint', () => {
  const taints: Taint[] = [
    { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' },
    { key: 'maintenance', value: 'true', effect: 'NoExecute' },
    { key: 'soft', effect: 'PreferNoSchedule' },
  ];
  it.each<[string, Toleration[], string[] | undefined, string | undefined]>([
    ['nothing tolerated', [], undefined, 'cluster.karmada.io/not-ready'],
    [
      'the first one tolerated',
      [{ key: 'cluster.karmada.io/not-ready', operator: 'Exists' }],
      undefined,
      'maintenance',
    ],
    ['everything tolerated', [{ operator: 'Exists' }], undefined, undefined],
    ['only NoExecute considered', [], ['NoExecute'], 'maintenance'],
    [
      'PreferNoSchedule never blocks',
      [
        { key: 'cluster.karmada.io/not-ready', operator: 'Exists' },
        { key: 'maintenance', operator: 'Exists' },
      ],
      undefined,
      undefined,
    ],
  ])('%s', (_name, tolerations, effects, expected) => {
    expect(findUntoleratedTaint(taints, tolerations, effects)?.key).toBe(
      expected,
    );
  });
});
