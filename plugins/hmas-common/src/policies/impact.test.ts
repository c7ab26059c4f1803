import {
  labelSelectorMatches,
  placementImpact,
  PlacementImpact,
} from './impact';
import { KarmadaPolicyObject, PolicyKind } from './kinds';

const CLUSTER = 'gpu-seoul';

function policy(
  placement: Record<string, unknown>,
  options: {
    kind?: PolicyKind;
    name?: string;
    labels?: Record<string, string>;
  } = {},
): KarmadaPolicyObject {
  const kind = options.kind ?? 'PropagationPolicy';
  const namespaced = kind === 'PropagationPolicy' || kind === 'OverridePolicy';
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind,
    metadata: {
      name: options.name ?? 'p',
      ...(namespaced ? { namespace: 'default' } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      placement,
    },
  };
}

const bySelector = (labelSelector: unknown, extra: object = {}) => ({
  clusterAffinity: { labelSelector, ...extra },
});

const expression = (operator: string, values?: string[]) =>
  bySelector({
    matchExpressions: [
      { key: 'gpu-tier', operator, ...(values ? { values } : {}) },
    ],
  });

/** Which list the only policy ended up in. */
function outcome(impact: PlacementImpact): string {
  const lists = [
    ['gain', impact.gains],
    ['loss', impact.losses],
    ['regrouped', impact.regrouped],
  ] as const;
  const found = lists.filter(([, list]) => list.length > 0);
  return (
    found.map(([name, list]) => `${name}×${list.length}`).join(',') || 'none'
  );
}

const GENERAL = { 'gpu-tier': 'general' };
const HIGH = { 'gpu-tier': 'high' };
const NONE = { 'gpu-tier': 'none' };

describe('placementImpact', () => {
  it.each<
    [
      string,
      Record<string, unknown>,
      Record<string, string>,
      Record<string, string>,
      string,
    ]
  >([
    // matchLabels
    [
      'matchLabels start to match',
      bySelector({ matchLabels: GENERAL }),
      {},
      GENERAL,
      'gain×1',
    ],
    [
      'matchLabels stop matching',
      bySelector({ matchLabels: GENERAL }),
      GENERAL,
      HIGH,
      'loss×1',
    ],
    [
      'matchLabels still match',
      bySelector({ matchLabels: GENERAL }),
      GENERAL,
      { ...GENERAL, team: 'ml' },
      'none',
    ],
    [
      'matchLabels half met',
      bySelector({ matchLabels: { ...GENERAL, team: 'ml' } }),
      {},
      GENERAL,
      'none',
    ],
    [
      'matchLabels with an empty value need the key',
      bySelector({ matchLabels: { team: '' } }),
      {},
      { team: '' },
      'gain×1',
    ],
    // In
    [
      'In gains a listed value',
      expression('In', ['high', 'general']),
      NONE,
      GENERAL,
      'gain×1',
    ],
    [
      'In from one listed value to another',
      expression('In', ['high', 'general']),
      HIGH,
      GENERAL,
      'none',
    ],
    [
      'In loses a removed key',
      expression('In', ['high', 'general']),
      HIGH,
      {},
      'loss×1',
    ],
    // NotIn
    [
      'NotIn gains a value not listed',
      expression('NotIn', ['none']),
      NONE,
      GENERAL,
      'gain×1',
    ],
    [
      'NotIn loses a listed value',
      expression('NotIn', ['none']),
      {},
      NONE,
      'loss×1',
    ],
    [
      'NotIn gains a removed key',
      expression('NotIn', ['none']),
      NONE,
      {},
      'gain×1',
    ],
    // Exists
    ['Exists gains an added key', expression('Exists'), {}, HIGH, 'gain×1'],
    ['Exists loses a removed key', expression('Exists'), HIGH, {}, 'loss×1'],
    ['Exists ignores the value', expression('Exists'), HIGH, NONE, 'none'],
    // DoesNotExist
    [
      'DoesNotExist loses an added key',
      expression('DoesNotExist'),
      {},
      HIGH,
      'loss×1',
    ],
    [
      'DoesNotExist gains a removed key',
      expression('DoesNotExist'),
      HIGH,
      {},
      'gain×1',
    ],
    // selectors Kubernetes rejects match nothing, before and after
    ['an unknown operator', expression('Gt', ['1']), {}, HIGH, 'none'],
    ['In without values', expression('In', []), HIGH, {}, 'none'],
    ['Exists with values', expression('Exists', ['high']), {}, HIGH, 'none'],
    // names, exclusions, field selectors
    [
      'clusterNames listing the cluster',
      bySelector({ matchLabels: HIGH }, { clusterNames: [CLUSTER, 'b'] }),
      {},
      HIGH,
      'gain×1',
    ],
    [
      'clusterNames not listing the cluster',
      bySelector({ matchLabels: HIGH }, { clusterNames: ['b'] }),
      {},
      HIGH,
      'none',
    ],
    [
      'clusterNames alone',
      { clusterAffinity: { clusterNames: [CLUSTER] } },
      HIGH,
      {},
      'none',
    ],
    [
      'exclude listing the cluster',
      bySelector({ matchLabels: HIGH }, { exclude: [CLUSTER] }),
      {},
      HIGH,
      'none',
    ],
    [
      'exclude listing another cluster',
      bySelector({ matchLabels: HIGH }, { exclude: ['b'] }),
      HIGH,
      {},
      'loss×1',
    ],
    [
      'a field selector is taken as unchanged',
      bySelector(
        { matchLabels: HIGH },
        {
          fieldSelector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['eu'] },
            ],
          },
        },
      ),
      {},
      HIGH,
      'gain×1',
    ],
    [
      'a field selector alone',
      {
        clusterAffinity: {
          fieldSelector: {
            matchExpressions: [
              { key: 'provider', operator: 'In', values: ['aws'] },
            ],
          },
        },
      },
      {},
      HIGH,
      'none',
    ],
    // placing everywhere
    ['no affinity', {}, {}, HIGH, 'none'],
    ['an empty label selector', bySelector({}), {}, HIGH, 'none'],
    // ordered clusterAffinities
    [
      'a fallback group starts to match',
      {
        clusterAffinities: [
          { affinityName: 'primary', labelSelector: { matchLabels: HIGH } },
          { affinityName: 'fallback', labelSelector: { matchLabels: GENERAL } },
        ],
      },
      NONE,
      GENERAL,
      'gain×1',
    ],
    [
      'the only matching group stops matching',
      {
        clusterAffinities: [
          { affinityName: 'primary', labelSelector: { matchLabels: HIGH } },
          { affinityName: 'fallback', labelSelector: { matchLabels: GENERAL } },
        ],
      },
      HIGH,
      NONE,
      'loss×1',
    ],
    [
      'the cluster moves from one group to another',
      {
        clusterAffinities: [
          { affinityName: 'primary', labelSelector: { matchLabels: HIGH } },
          { affinityName: 'fallback', labelSelector: { matchLabels: GENERAL } },
        ],
      },
      HIGH,
      GENERAL,
      'regrouped×1',
    ],
    [
      'the same group matches before and after',
      {
        clusterAffinities: [
          {
            affinityName: 'gpu',
            ...expression('In', ['high', 'general']).clusterAffinity,
          },
        ],
      },
      HIGH,
      GENERAL,
      'none',
    ],
  ])('%s', (_name, placement, before, after, expected) => {
    expect(
      outcome(
        placementImpact({
          clusterName: CLUSTER,
          before,
          after,
          policies: [policy(placement)],
        }),
      ),
    ).toBe(expected);
  });

  const groups = {
    clusterAffinities: [
      { affinityName: 'primary', labelSelector: { matchLabels: HIGH } },
      {
        affinityName: 'any-gpu',
        labelSelector: {
          matchExpressions: [
            { key: 'gpu-tier', operator: 'In', values: ['high', 'general'] },
          ],
        },
      },
      { affinityName: 'named', clusterNames: ['b'] },
    ],
  };

  it.each<[string, Record<string, string>, Record<string, string>, object]>([
    [
      'gain: the groups that match after',
      {},
      HIGH,
      {
        gains: [
          {
            affinityGroupsBefore: [],
            affinityGroupsAfter: ['primary', 'any-gpu'],
          },
        ],
      },
    ],
    [
      'loss: the groups that matched before',
      GENERAL,
      NONE,
      {
        losses: [
          { affinityGroupsBefore: ['any-gpu'], affinityGroupsAfter: [] },
        ],
      },
    ],
    [
      'regrouped: both, in term order',
      GENERAL,
      HIGH,
      {
        regrouped: [
          {
            affinityGroupsBefore: ['any-gpu'],
            affinityGroupsAfter: ['primary', 'any-gpu'],
          },
        ],
      },
    ],
  ])(
    'reports the clusterAffinities term names (%s)',
    (_name, before, after, expected) => {
      expect(
        placementImpact({
          clusterName: CLUSTER,
          before,
          after,
          policies: [policy(groups)],
        }),
      ).toMatchObject({ gains: [], losses: [], regrouped: [], ...expected });
    },
  );

  it('reports deployments by name and other policies as policies, in order, skipping override kinds', () => {
    const zone = bySelector({ matchLabels: GENERAL });
    const impact = placementImpact({
      clusterName: CLUSTER,
      before: HIGH,
      after: GENERAL,
      policies: [
        policy(zone, {
          name: 'llama-cpu-propagation',
          labels: { 'h-mas.io/deployment': 'llama-cpu' },
        }),
        // Carries the label, but is not the policy the deployment owns.
        policy(zone, {
          name: 'llama-cpu-extra',
          labels: { 'h-mas.io/deployment': 'llama-cpu' },
        }),
        policy(zone, { name: 'gpu-general', kind: 'ClusterPropagationPolicy' }),
        policy(bySelector({ matchLabels: HIGH }), { name: 'high-only' }),
        {
          ...policy({}, { name: 'sched', kind: 'OverridePolicy' }),
          spec: {
            overrideRules: [
              { targetCluster: { labelSelector: { matchLabels: GENERAL } } },
            ],
          },
        },
      ],
    });
    expect(impact).toEqual({
      gains: [
        {
          type: 'deployment',
          name: 'llama-cpu',
          namespace: 'default',
          policy: { kind: 'PropagationPolicy', name: 'llama-cpu-propagation' },
          affinityGroupsBefore: [],
          affinityGroupsAfter: [],
        },
        {
          type: 'policy',
          name: 'llama-cpu-extra',
          namespace: 'default',
          policy: { kind: 'PropagationPolicy', name: 'llama-cpu-extra' },
          affinityGroupsBefore: [],
          affinityGroupsAfter: [],
        },
        {
          type: 'policy',
          name: 'gpu-general',
          namespace: '',
          policy: { kind: 'ClusterPropagationPolicy', name: 'gpu-general' },
          affinityGroupsBefore: [],
          affinityGroupsAfter: [],
        },
      ],
      losses: [
        {
          type: 'policy',
          name: 'high-only',
          namespace: 'default',
          policy: { kind: 'PropagationPolicy', name: 'high-only' },
          affinityGroupsBefore: [],
          affinityGroupsAfter: [],
        },
      ],
      regrouped: [],
    });
  });

  it('finds nothing when no label changes', () => {
    expect(
      placementImpact({
        clusterName: CLUSTER,
        before: HIGH,
        after: { ...HIGH },
        policies: [policy(bySelector({ matchLabels: HIGH }))],
      }),
    ).toEqual({ gains: [], losses: [], regrouped: [] });
  });
});

describe('labelSelectorMatches', () => {
  it.each<[string, Parameters<typeof labelSelectorMatches>[0], boolean]>([
    ['an empty selector', {}, true],
    ['matchLabels', { matchLabels: { a: '1', b: '2' } }, true],
    ['matchLabels with another value', { matchLabels: { a: '2' } }, false],
    [
      'In',
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['0', '1'] }] },
      true,
    ],
    [
      'NotIn a missing key',
      { matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['1'] }] },
      true,
    ],
    [
      'NotIn a listed value',
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] },
      false,
    ],
    ['Exists', { matchExpressions: [{ key: 'b', operator: 'Exists' }] }, true],
    [
      'DoesNotExist',
      { matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }] },
      false,
    ],
    [
      'matchLabels and expressions together',
      {
        matchLabels: { a: '1' },
        matchExpressions: [{ key: 'c', operator: 'Exists' }],
      },
      false,
    ],
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['0'] }] },
      false,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(labelSelectorMatches(selector, { a: '1', b: '2' })).toBe(expected);
  });
});
