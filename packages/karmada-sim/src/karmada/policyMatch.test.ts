import { KubeObject } from '../types';
import {
  SelectorMatch,
  matchOverridePolicies,
  matchPropagationPolicy,
  resourceSelectorMatch,
} from './policyMatch';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'llama',
    namespace: 'team-a',
    labels: { app: 'llama', 'hmas.io/runtime': 'vllm' },
  },
};

function policy(
  kind: string,
  name: string,
  selectors: any[] | undefined,
  extra: { namespace?: string; priority?: number; deleting?: boolean } = {},
): KubeObject {
  const namespaced = kind === 'PropagationPolicy' || kind === 'OverridePolicy';
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(namespaced ? { namespace: extra.namespace ?? 'team-a' } : {}),
      ...(extra.deleting ? { deletionTimestamp: '2025-06-01T00:00:00Z' } : {}),
    },
    spec: {
      ...(selectors ? { resourceSelectors: selectors } : {}),
      ...(extra.priority !== undefined ? { priority: extra.priority } : {}),
    },
  };
}

const byKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
const byName = { ...byKind, name: 'llama' };
const byLabel = { ...byKind, labelSelector: { matchLabels: { app: 'llama' } } };

describe('resourceSelectorMatch', () => {
  it.each<[string, any, SelectorMatch]>([
    ['apiVersion/kind only', byKind, SelectorMatch.MatchAll],
    ['name', byName, SelectorMatch.MatchName],
    ['other name', { ...byKind, name: 'other' }, SelectorMatch.MisMatch],
    ['labels', byLabel, SelectorMatch.MatchLabelSelector],
    [
      'other labels',
      { ...byKind, labelSelector: { matchLabels: { app: 'other' } } },
      SelectorMatch.MisMatch,
    ],
    [
      'name decides alone, labels ignored',
      { ...byName, labelSelector: { matchLabels: { app: 'other' } } },
      SelectorMatch.MatchName,
    ],
    ['namespace', { ...byKind, namespace: 'team-a' }, SelectorMatch.MatchAll],
    [
      'other namespace',
      { ...byKind, namespace: 'team-b' },
      SelectorMatch.MisMatch,
    ],
    [
      'other kind',
      { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      SelectorMatch.MisMatch,
    ],
    [
      'other apiVersion',
      { apiVersion: 'extensions/v1beta1', kind: 'Deployment' },
      SelectorMatch.MisMatch,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(resourceSelectorMatch(deployment, selector)).toBe(expected);
  });
});

describe('matchPropagationPolicy', () => {
  it.each<[string, KubeObject[], string | undefined]>([
    ['no policies', [], undefined],
    [
      'no selector matches',
      [policy('PropagationPolicy', 'a', [{ ...byKind, name: 'other' }])],
      undefined,
    ],
    [
      'PropagationPolicy wins over a higher-priority ClusterPropagationPolicy',
      [
        policy('ClusterPropagationPolicy', 'cpp', [byName], { priority: 100 }),
        policy('PropagationPolicy', 'pp', [byKind]),
      ],
      'pp',
    ],
    [
      'ClusterPropagationPolicy when no PropagationPolicy matches',
      [
        policy('ClusterPropagationPolicy', 'cpp', [byKind]),
        policy('PropagationPolicy', 'pp', [{ ...byKind, name: 'other' }]),
      ],
      'cpp',
    ],
    [
      'a PropagationPolicy of another namespace never applies',
      [
        policy('PropagationPolicy', 'elsewhere', [byKind], {
          namespace: 'team-b',
        }),
      ],
      undefined,
    ],
    [
      'higher priority wins over a more specific selector',
      [
        policy('PropagationPolicy', 'named', [byName]),
        policy('PropagationPolicy', 'broad', [byKind], { priority: 5 }),
      ],
      'broad',
    ],
    [
      'equal priority: name match beats label match',
      [
        policy('PropagationPolicy', 'a-labels', [byLabel]),
        policy('PropagationPolicy', 'z-name', [byName]),
      ],
      'z-name',
    ],
    [
      'equal priority: label match beats kind only',
      [
        policy('PropagationPolicy', 'a-kind', [byKind]),
        policy('PropagationPolicy', 'z-labels', [byLabel]),
      ],
      'z-labels',
    ],
    [
      'full tie: alphabetically first name',
      [
        policy('PropagationPolicy', 'beta', [byName]),
        policy('PropagationPolicy', 'alpha', [byName]),
      ],
      'alpha',
    ],
    [
      'the best selector of a policy counts',
      [
        policy('PropagationPolicy', 'a', [byLabel]),
        policy('PropagationPolicy', 'b', [{ ...byKind, name: 'nope' }, byName]),
      ],
      'b',
    ],
    [
      'a policy being deleted is skipped',
      [policy('PropagationPolicy', 'gone', [byName], { deleting: true })],
      undefined,
    ],
  ])('%s', (_name, policies, expected) => {
    expect(matchPropagationPolicy(deployment, policies)?.metadata.name).toBe(
      expected,
    );
  });

  it('never propagates from reserved namespaces', () => {
    const system = {
      ...deployment,
      metadata: { ...deployment.metadata, namespace: 'karmada-system' },
    };
    expect(
      matchPropagationPolicy(system, [
        policy('ClusterPropagationPolicy', 'cpp', [byKind]),
      ]),
    ).toBeUndefined();
  });

  it('matches cluster-scoped resources only with ClusterPropagationPolicies', () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    };
    const sel = { apiVersion: 'v1', kind: 'Namespace' };
    expect(
      matchPropagationPolicy(ns, [
        policy('PropagationPolicy', 'pp', [sel]),
        policy('ClusterPropagationPolicy', 'cpp', [sel]),
      ])?.metadata.name,
    ).toBe('cpp');
  });
});

describe('matchOverridePolicies', () => {
  it('orders cluster policies first, each by specificity then name', () => {
    const policies = [
      policy('OverridePolicy', 'op-name', [byName]),
      policy('OverridePolicy', 'op-all', undefined),
      policy('OverridePolicy', 'op-b-kind', [byKind]),
      policy('OverridePolicy', 'op-a-kind', [byKind]),
      policy('ClusterOverridePolicy', 'cop-labels', [byLabel]),
      policy('ClusterOverridePolicy', 'cop-kind', [byKind]),
      policy('OverridePolicy', 'op-miss', [{ ...byKind, name: 'other' }]),
      policy('OverridePolicy', 'op-elsewhere', [byKind], {
        namespace: 'team-b',
      }),
    ];
    expect(
      matchOverridePolicies(deployment, policies).map(p => p.metadata.name),
    ).toEqual([
      'cop-kind',
      'cop-labels',
      'op-a-kind',
      'op-all',
      'op-b-kind',
      'op-name',
    ]);
  });

  it('returns nothing when nothing matches', () => {
    expect(
      matchOverridePolicies(deployment, [
        policy('OverridePolicy', 'x', [{ ...byKind, name: 'other' }]),
      ]),
    ).toEqual([]);
  });
});
