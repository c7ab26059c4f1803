import { validatePolicy } from './validate';
import { policyObjectSchema, policyPathParamsSchema } from './kinds';
import { summarizePolicy } from './summary';

const api = 'policy.karmada.io/v1alpha1';

function pp(spec: Record<string, unknown> = {}, extra: object = {}): any {
  return {
    apiVersion: api,
    kind: 'PropagationPolicy',
    metadata: { name: 'llama', namespace: 'default' },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
      ],
      placement: { clusterAffinity: { clusterNames: ['gpu-hp-seoul'] } },
      ...spec,
    },
    ...extra,
  };
}

function cpp(spec: Record<string, unknown> = {}): any {
  return {
    ...pp(spec),
    kind: 'ClusterPropagationPolicy',
    metadata: { name: 'all' },
  };
}

function op(rules: unknown[], extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: api,
    kind: 'OverridePolicy',
    metadata: { name: 'sched', namespace: 'default' },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      overrideRules: rules,
      ...extra,
    },
  };
}

const plaintext = (p: object) => [
  {
    targetCluster: { clusterNames: ['gpu-hp-seoul'] },
    overriders: { plaintext: [p] },
  },
];

const failover = (application: object, propagateDeps = true) => ({
  propagateDeps,
  failover: { application },
});

describe('validatePolicy', () => {
  it.each([
    ['a PropagationPolicy', pp()],
    [
      'a ClusterPropagationPolicy selecting any namespace',
      cpp({
        resourceSelectors: [
          { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'other' },
        ],
      }),
    ],
    [
      'ordered fallback groups',
      pp({
        placement: {
          clusterAffinities: [
            {
              affinityName: 'gpu-high',
              labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
            },
            {
              affinityName: 'cpu-only',
              fieldSelector: {
                matchExpressions: [
                  { key: 'region', operator: 'In', values: ['us'] },
                ],
              },
            },
          ],
          clusterTolerations: [
            { key: 'x', operator: 'Exists', effect: 'NoSchedule' },
          ],
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      }),
    ],
    [
      'gracePeriodSeconds with the default purgeMode',
      pp(
        failover({
          decisionConditions: { tolerationSeconds: 0 },
          gracePeriodSeconds: 600,
        }),
      ),
    ],
    [
      'an OverridePolicy',
      op(
        plaintext({
          operator: 'replace',
          path: '/spec/template/spec/schedulerName',
          value: 'volcano',
        }),
      ),
    ],
    [
      'an OverridePolicy remove',
      op(plaintext({ operator: 'remove', path: '/metadata/labels/x' })),
    ],
    [
      'an OverridePolicy without resource selectors',
      {
        ...op(plaintext({ operator: 'add', path: '/x', value: 1 })),
        spec: {
          overrideRules: plaintext({ operator: 'add', path: '/x', value: 1 }),
        },
      },
    ],
    [
      'a ClusterOverridePolicy',
      {
        ...op(plaintext({ operator: 'add', path: '/x', value: 1 })),
        kind: 'ClusterOverridePolicy',
        metadata: { name: 'c.o-p' },
      },
    ],
  ])('accepts %s', (_name, obj) => {
    expect(validatePolicy(obj)).toEqual([]);
  });

  it.each<[string, unknown, string, unknown?]>([
    [
      'a namespaced policy selecting another namespace',
      pp({
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'other' },
        ],
      }),
      'spec.resourceSelectors[0].namespace',
    ],
    [
      'an OverridePolicy selecting another namespace',
      op(plaintext({ operator: 'add', path: '/x', value: 1 }), {
        resourceSelectors: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'kube-system',
          },
        ],
      }),
      'spec.resourceSelectors[0].namespace',
    ],
    [
      'clusterAffinity with clusterAffinities',
      pp({
        placement: {
          clusterAffinity: {},
          clusterAffinities: [{ affinityName: 'a' }],
        },
      }),
      'spec.placement.clusterAffinities',
    ],
    [
      'duplicate affinityName',
      pp({
        placement: {
          clusterAffinities: [{ affinityName: 'a' }, { affinityName: 'a' }],
        },
      }),
      'spec.placement.clusterAffinities[1].affinityName',
    ],
    [
      'missing affinityName',
      pp({ placement: { clusterAffinities: [{ clusterNames: ['x'] }] } }),
      'spec.placement.clusterAffinities[0].affinityName',
    ],
    [
      'a field selector key other than provider/region/zone',
      pp({
        placement: {
          clusterAffinity: {
            fieldSelector: {
              matchExpressions: [
                { key: 'name', operator: 'In', values: ['a'] },
              ],
            },
          },
        },
      }),
      'spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key',
    ],
    [
      'a field selector operator other than In/NotIn',
      pp({
        placement: {
          clusterAffinities: [
            {
              affinityName: 'a',
              fieldSelector: {
                matchExpressions: [{ key: 'zone', operator: 'Exists' }],
              },
            },
          ],
        },
      }),
      'spec.placement.clusterAffinities[0].fieldSelector.matchExpressions[0].operator',
    ],
    [
      'a toleration with Lt',
      pp({
        placement: {
          clusterTolerations: [{ key: 'gpu', operator: 'Lt', value: '3' }],
        },
      }),
      'spec.placement.clusterTolerations[0].operator',
    ],
    [
      'a toleration with Gt',
      pp({
        placement: {
          clusterTolerations: [
            { key: 'ok', operator: 'Exists' },
            { key: 'gpu', operator: 'Gt', value: '3' },
          ],
        },
      }),
      'spec.placement.clusterTolerations[1].operator',
    ],
    [
      'application failover without propagateDeps',
      pp(failover({ purgeMode: 'Directly' }, false)),
      'spec.propagateDeps',
    ],
    [
      'gracePeriodSeconds with purgeMode Directly',
      pp(failover({ purgeMode: 'Directly', gracePeriodSeconds: 30 })),
      'spec.failover.application.gracePeriodSeconds',
    ],
    [
      'gracePeriodSeconds with purgeMode Never',
      pp(failover({ purgeMode: 'Never', gracePeriodSeconds: 30 })),
      'spec.failover.application.gracePeriodSeconds',
    ],
    [
      'a negative tolerationSeconds',
      pp(failover({ decisionConditions: { tolerationSeconds: -1 } })),
      'spec.failover.application.decisionConditions.tolerationSeconds',
    ],
    [
      'an unknown purgeMode',
      pp(failover({ purgeMode: 'Soon' })),
      'spec.failover.application.purgeMode',
    ],
    [
      'plaintext add without value',
      op(plaintext({ operator: 'add', path: '/x' })),
      'spec.overrideRules[0].overriders.plaintext[0].value',
    ],
    [
      'plaintext replace without value',
      op(plaintext({ operator: 'replace', path: '/x' })),
      'spec.overrideRules[0].overriders.plaintext[0].value',
    ],
    [
      'plaintext remove with value',
      op(plaintext({ operator: 'remove', path: '/x', value: 1 })),
      'spec.overrideRules[0].overriders.plaintext[0].value',
    ],
    [
      'a plaintext path not starting with /',
      op(plaintext({ operator: 'remove', path: 'spec/x' })),
      'spec.overrideRules[0].overriders.plaintext[0].path',
    ],
    [
      'an unknown plaintext operator',
      op(plaintext({ operator: 'move', path: '/x' })),
      'spec.overrideRules[0].overriders.plaintext[0].operator',
    ],
    [
      'legacy overriders with a bad path',
      {
        ...op([]),
        spec: {
          overriders: { plaintext: [{ operator: 'remove', path: 'x' }] },
        },
      },
      'spec.overriders.plaintext[0].path',
    ],
    [
      'overrideRules together with overriders',
      op([], { overriders: {} }),
      'spec.overrideRules',
    ],
    [
      'a changed schedulerName',
      pp({ schedulerName: 'other' }),
      'spec.schedulerName',
      pp(),
    ],
    [
      'a changed schedulerName on a ClusterPropagationPolicy',
      cpp(),
      'spec.schedulerName',
      cpp({ schedulerName: 'other' }),
    ],
    [
      'no resourceSelectors',
      pp({ resourceSelectors: undefined }),
      'spec.resourceSelectors',
    ],
    [
      'empty resourceSelectors',
      cpp({ resourceSelectors: [] }),
      'spec.resourceSelectors',
    ],
    [
      'resourceSelectors that are not a list',
      pp({ resourceSelectors: 'x' }),
      'spec.resourceSelectors',
    ],
    [
      'a resourceSelector without apiVersion',
      pp({ resourceSelectors: [{ kind: 'Deployment' }] }),
      'spec.resourceSelectors[0].apiVersion',
    ],
    [
      'a resourceSelector without kind',
      op([], { resourceSelectors: [{ apiVersion: 'v1', kind: '' }] }),
      'spec.resourceSelectors[0].kind',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...pp(), metadata: { name: 'Llama_3', namespace: 'default' } },
      'metadata.name',
    ],
    [
      'a name longer than 253',
      { ...pp(), metadata: { name: 'a'.repeat(254), namespace: 'default' } },
      'metadata.name',
    ],
    [
      'a namespaced policy without namespace',
      { ...pp(), metadata: { name: 'x' } },
      'metadata.namespace',
    ],
    [
      'a cluster-scoped policy with a namespace',
      { ...cpp(), metadata: { name: 'x', namespace: 'default' } },
      'metadata.namespace',
    ],
    ['an unknown kind', { ...pp(), kind: 'Deployment' }, 'kind'],
    [
      'a wrong apiVersion',
      { ...pp(), apiVersion: 'policy.karmada.io/v1' },
      'apiVersion',
    ],
    ['no spec', { ...pp(), spec: undefined }, 'spec'],
    [
      'a placement that is not an object',
      pp({ placement: [] }),
      'spec.placement',
    ],
    [
      'clusterNames that are not strings',
      pp({ placement: { clusterAffinity: { clusterNames: [1] } } }),
      'spec.placement.clusterAffinity.clusterNames[0]',
    ],
    [
      'an unknown replicaSchedulingType',
      pp({
        placement: { replicaScheduling: { replicaSchedulingType: 'Split' } },
      }),
      'spec.placement.replicaScheduling.replicaSchedulingType',
    ],
    [
      'a zero static weight',
      pp({
        placement: {
          replicaScheduling: {
            weightPreference: {
              staticWeightList: [{ targetCluster: {}, weight: 0 }],
            },
          },
        },
      }),
      'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight',
    ],
    [
      'a label selector with a bad operator',
      pp({
        resourceSelectors: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt' }] },
          },
        ],
      }),
      'spec.resourceSelectors[0].labelSelector.matchExpressions[0].operator',
    ],
    [
      'propagateDeps that is not a boolean',
      pp({ propagateDeps: 'yes' }),
      'spec.propagateDeps',
    ],
  ])('rejects %s', (_name, obj, field, ...old) => {
    // The old object is a rest parameter so that jest does not take it for `done`.
    const errors = validatePolicy(obj, old[0]);
    expect(errors.map(e => e.field)).toContain(field);
    expect(errors.find(e => e.field === field)?.message).toEqual(
      expect.any(String),
    );
  });

  it('keeps schedulerName when it is absent on both sides or set to the default', () => {
    expect(
      validatePolicy(pp({ schedulerName: 'default-scheduler' }), pp()),
    ).toEqual([]);
    expect(validatePolicy(pp(), pp())).toEqual([]);
  });

  it('rejects something that is not an object', () => {
    expect(validatePolicy('x')).toEqual([
      { field: '', message: expect.any(String) },
    ]);
  });
});

describe('policy schemas', () => {
  it('accepts a policy object envelope and rejects another kind', () => {
    expect(policyObjectSchema.safeParse(pp()).success).toBe(true);
    expect(
      policyObjectSchema.safeParse({ ...pp(), kind: 'Deployment' }).success,
    ).toBe(false);
  });

  it('checks path parameters', () => {
    expect(
      policyPathParamsSchema.safeParse({
        kind: 'overridepolicies',
        namespace: 'default',
        name: 'a.b',
      }).success,
    ).toBe(true);
    expect(
      policyPathParamsSchema.safeParse({ kind: 'deployments', name: 'a' })
        .success,
    ).toBe(false);
    expect(
      policyPathParamsSchema.safeParse({ kind: 'overridepolicies', name: 'A' })
        .success,
    ).toBe(false);
  });
});

describe('summarizePolicy', () => {
  it('summarizes a propagation policy', () => {
    expect(
      summarizePolicy(
        pp({
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
            {
              apiVersion: 'v1',
              kind: 'Service',
              labelSelector: {
                matchLabels: { app: 'llama' },
                matchExpressions: [
                  { key: 'tier', operator: 'In', values: ['a', 'b'] },
                ],
              },
            },
          ],
          placement: {
            clusterAffinities: [
              { affinityName: 'gpu-high', clusterNames: ['gpu-hp-seoul'] },
              {
                affinityName: 'cpu-only',
                labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
              },
            ],
            replicaScheduling: { replicaSchedulingType: 'Duplicated' },
          },
        }),
      ),
    ).toEqual({
      type: 'propagation',
      resources: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
        {
          apiVersion: 'v1',
          kind: 'Service',
          labelSelector: 'app=llama,tier in (a,b)',
        },
      ],
      placement: {
        clusterNames: ['gpu-hp-seoul'],
        labelSelectors: ['gpu-tier=none'],
        affinityGroups: ['gpu-high', 'cpu-only'],
        replicaSchedulingType: 'Duplicated',
      },
    });
  });

  it('summarizes an override policy', () => {
    expect(
      summarizePolicy(
        op([
          {
            targetCluster: {
              labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
            },
            overriders: {
              plaintext: [
                {
                  operator: 'replace',
                  path: '/spec/template/spec/schedulerName',
                  value: 'volcano',
                },
              ],
              imageOverrider: [
                {
                  component: 'Registry',
                  operator: 'replace',
                  value: 'r.example',
                },
              ],
            },
          },
        ]),
      ),
    ).toEqual({
      type: 'override',
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      rules: [
        {
          targetClusters: {
            clusterNames: [],
            labelSelectors: ['gpu-tier=high'],
          },
          overriders: [
            'plaintext replace /spec/template/spec/schedulerName',
            'image replace Registry',
          ],
        },
      ],
    });
  });
});

describe('validatePolicy: what a write may carry (#12)', () => {
  const meta = (metadata: Record<string, unknown>) => ({
    ...pp(),
    metadata: { name: 'llama', namespace: 'default', ...metadata },
  });
  const placement = (p: Record<string, unknown>) =>
    pp({ placement: { clusterAffinity: { clusterNames: ['gpu-a'] }, ...p } });

  it.each<[string, unknown, string, RegExp]>([
    [
      'a label key with a space',
      meta({ labels: { 'a b': 'x' } }),
      'metadata.labels[a b]',
      /Key name must consist of/,
    ],
    [
      'a label value with a space',
      meta({ labels: { team: 'x y' } }),
      'metadata.labels.team',
      /Value must consist of/,
    ],
    [
      'an annotation key with two slashes',
      meta({ annotations: { 'a b/c/d': 'v' } }),
      'metadata.annotations[a b/c/d]',
      /Key/,
    ],
    [
      'an upper-case cluster name',
      pp({ placement: { clusterAffinity: { clusterNames: ['UPPER'] } } }),
      'spec.placement.clusterAffinity.clusterNames[0]',
      /lowercase|DNS-1123/i,
    ],
    [
      'an excluded cluster name that is no name',
      pp({
        placement: {
          clusterAffinity: { clusterNames: ['a'], exclude: ['-x'] },
        },
      }),
      'spec.placement.clusterAffinity.exclude[0]',
      /./,
    ],
    [
      'maxGroups below minGroups',
      placement({
        spreadConstraints: [
          { spreadByField: 'cluster', minGroups: 5, maxGroups: 2 },
        ],
      }),
      'spec.placement.spreadConstraints[0].maxGroups',
      /must not be lower than minGroups \(5\)/,
    ],
    [
      'a negative maxGroups',
      placement({
        spreadConstraints: [
          { spreadByField: 'cluster', minGroups: 5, maxGroups: -1 },
        ],
      }),
      'spec.placement.spreadConstraints[0].maxGroups',
      /must be at least 0/,
    ],
    [
      'spreadByField and spreadByLabel together',
      placement({
        spreadConstraints: [
          { spreadByField: 'cluster', spreadByLabel: 'zone' },
        ],
      }),
      'spec.placement.spreadConstraints[0].spreadByLabel',
      /co-exist/,
    ],
    [
      'a field spread without cluster',
      placement({ spreadConstraints: [{ spreadByField: 'region' }] }),
      'spec.placement.spreadConstraints',
      /spread by field cluster/,
    ],
    [
      'an unknown spreadByField (the CRD enum)',
      placement({ spreadConstraints: [{ spreadByField: 'planet' }] }),
      'spec.placement.spreadConstraints[0].spreadByField',
      /must be one of "cluster", "region", "zone", "provider"/,
    ],
    [
      'a 64-character name',
      meta({ name: 'a'.repeat(64) }),
      'metadata.name',
      /at most 63 characters/,
    ],
    [
      'an unknown spec field',
      pp({ replicas: 3 }),
      'spec.replicas',
      /unknown field/,
    ],
    [
      'an unknown field deep in the spec',
      pp({
        placement: { clusterAffinity: { clusterNames: ['a'], zone: 'x' } },
      }),
      'spec.placement.clusterAffinity.zone',
      /unknown field/,
    ],
    [
      'a wrongly typed field',
      pp({ priority: 'high' }),
      'spec.priority',
      /must be an integer/,
    ],
    [
      'a status block',
      { ...pp(), status: { observedGeneration: 3 } },
      'status',
      /written by Karmada/,
    ],
    [
      'an unknown top-level field',
      { ...pp(), extra: true },
      'extra',
      /unknown field/,
    ],
    [
      'finalizers',
      meta({ finalizers: ['x'] }),
      'metadata.finalizers',
      /not by callers/,
    ],
    [
      'ownerReferences',
      meta({
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'x' },
        ],
      }),
      'metadata.ownerReferences',
      /not by callers/,
    ],
    [
      'an unknown metadata field',
      meta({ colour: 'red' }),
      'metadata.colour',
      /unknown field/,
    ],
    [
      'a label value that is not a string',
      meta({ labels: { team: 3 } }),
      'metadata.labels.team',
      /must be a string/,
    ],
  ])('refuses %s, naming the field', (_what, policy, field, message) => {
    const errors = validatePolicy(policy);
    const error = errors.find(e => e.field === field);
    expect({ field, message: error?.message }).toEqual({
      field,
      message: expect.stringMatching(message),
    });
  });

  it('accepts what a read returns, read-only metadata included, and a valid spread', () => {
    expect(
      validatePolicy(
        meta({
          resourceVersion: '7',
          uid: 'b9c1',
          creationTimestamp: '2026-12-01T00:00:00Z',
          generation: 3,
          labels: { 'h-mas.io/team': 'ml' },
          annotations: { 'h-mas.io/note': 'any text, spaces included' },
        }),
      ),
    ).toEqual([]);
    expect(
      validatePolicy(
        placement({
          spreadConstraints: [
            { spreadByField: 'cluster', minGroups: 2, maxGroups: 3 },
            { spreadByField: 'region', minGroups: 1 },
          ],
        }),
      ),
    ).toEqual([]);
  });
});
