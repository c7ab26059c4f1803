import type { KubeObject } from '../types';
import {
  AFFINITY_RULES_NOT_MATCH,
  ANTI_AFFINITY_RULES_NOT_MATCH,
  interPodAffinityReason,
  spreadPenalty,
} from './interPodAffinity';

const node = (name: string, zone = 'z1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: {
      'kubernetes.io/hostname': name,
      'topology.kubernetes.io/zone': zone,
    },
  },
});
const nodes = [node('n1', 'z1'), node('n2', 'z1'), node('n3', 'z2')];

const selector = { matchLabels: { app: 'chat' } };

function pod(
  name: string,
  options: {
    nodeName?: string;
    labels?: Record<string, string>;
    namespace?: string;
    spec?: Record<string, unknown>;
    phase?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      namespace: options.namespace ?? 'ml',
      labels: options.labels ?? { app: 'chat' },
    },
    spec: {
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...options.spec,
    },
    status: { phase: options.phase ?? 'Running' },
  };
}

const together = {
  affinity: {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
};
const apart = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: selector, topologyKey: 'topology.kubernetes.io/zone' },
      ],
    },
  },
};

describe('interPodAffinityReason', () => {
  const newPod = (
    spec: Record<string, unknown>,
    labels?: Record<string, string>,
  ) => pod('new', { spec, labels });

  it.each<
    [string, KubeObject, KubeObject[], Record<string, string | undefined>]
  >([
    [
      'the first pod of a group that wants to be together goes anywhere',
      newPod(together),
      [],
      { n1: undefined, n2: undefined, n3: undefined },
    ],
    [
      'a pod that does not match its own term and finds no peer goes nowhere',
      newPod(together, { app: 'other' }),
      [],
      {
        n1: AFFINITY_RULES_NOT_MATCH,
        n2: AFFINITY_RULES_NOT_MATCH,
        n3: AFFINITY_RULES_NOT_MATCH,
      },
    ],
    [
      'the next pod joins the node of its peer',
      newPod(together),
      [pod('peer', { nodeName: 'n2' })],
      {
        n1: AFFINITY_RULES_NOT_MATCH,
        n2: undefined,
        n3: AFFINITY_RULES_NOT_MATCH,
      },
    ],
    [
      'a peer in another namespace, finished, or not yet bound does not count',
      newPod(together),
      [
        pod('other-ns', { nodeName: 'n2', namespace: 'other' }),
        pod('done', { nodeName: 'n3', phase: 'Succeeded' }),
        pod('pending'),
      ],
      { n1: undefined, n2: undefined, n3: undefined },
    ],
    [
      'anti-affinity keeps a pod out of the zone of a peer',
      newPod(apart),
      [pod('peer', { nodeName: 'n1' })],
      {
        n1: ANTI_AFFINITY_RULES_NOT_MATCH,
        n2: ANTI_AFFINITY_RULES_NOT_MATCH,
        n3: undefined,
      },
    ],
    [
      'no affinity: every node',
      newPod({}),
      [pod('peer', { nodeName: 'n1' })],
      { n1: undefined, n2: undefined, n3: undefined },
    ],
  ])('%s', (_, p, existing, expected) => {
    const got = Object.fromEntries(
      nodes.map(n => [
        n.metadata.name,
        interPodAffinityReason(p, n, nodes, [...existing, p]),
      ]),
    );
    expect(got).toEqual(expected);
  });
});

describe('spreadPenalty', () => {
  it('counts the matching pods in each ScheduleAnyway domain of the node', () => {
    const p = pod('new', {
      spec: {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: selector,
          },
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: selector,
          },
        ],
      },
    });
    const existing = [
      pod('a', { nodeName: 'n1' }),
      pod('b', { nodeName: 'n1' }),
      pod('c', { nodeName: 'n2' }),
      pod('x', { nodeName: 'n3', labels: { app: 'other' } }),
    ];
    const penalties = nodes.map(n => spreadPenalty(p, n, nodes, existing));
    // n1: 2 on the node + 3 in zone z1; n2: 1 + 3; n3: 0 + 0.
    expect(penalties).toEqual([5, 4, 0]);
    expect(spreadPenalty(pod('plain'), nodes[0], nodes, existing)).toBe(0);
  });
});
