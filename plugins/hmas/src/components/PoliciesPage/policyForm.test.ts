import { KarmadaPolicyObject, toYaml } from '@h-mas/plugin-hmas-common';
import {
  applyForm,
  buildPropagationPolicy,
  describeScheduling,
  editableView,
  fieldsOutsideForm,
  initialForm,
  newPolicyFromYaml,
  PolicyForm,
  policyFromYaml,
  policyToForm,
} from './policyForm';

const form = (patch: Partial<PolicyForm>): PolicyForm => ({
  ...initialForm,
  name: 'llama',
  ...patch,
});

/** A policy as a deployment writes it, with what Karmada adds, and more than the form shows. */
const deploymentPolicy: KarmadaPolicyObject = {
  apiVersion: 'policy.karmada.io/v1alpha1',
  kind: 'PropagationPolicy',
  metadata: {
    name: 'chat-propagation',
    namespace: 'ml-team',
    resourceVersion: '42',
    uid: '0b6a',
    labels: { 'app.kubernetes.io/managed-by': 'h-mas' },
    annotations: { 'h-mas.io/preset': 'static-weights' },
  },
  spec: {
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat' },
      { apiVersion: 'v1', kind: 'Service', name: 'chat' },
    ],
    placement: {
      clusterAffinity: {
        labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
      },
      replicaScheduling: {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: {
          staticWeightList: [
            { targetCluster: { clusterNames: ['member-a'] }, weight: 2 },
          ],
        },
      },
      spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1 }],
    },
    propagateDeps: true,
    failover: {
      application: { decisionConditions: { tolerationSeconds: 60 } },
    },
  },
  status: { conditions: [] },
};

describe('policyToForm and applyForm', () => {
  const clusterScoped: KarmadaPolicyObject = {
    ...buildPropagationPolicy(form({ mode: 'clusters' })),
    kind: 'ClusterPropagationPolicy',
    metadata: { name: 'everywhere' },
  };
  (clusterScoped.spec.placement as any).clusterAffinity.clusterNames = [
    'gpu-a',
    'cpu-b',
  ];

  it.each([
    { name: 'a zone placement', policy: buildPropagationPolicy(form({})) },
    {
      name: 'cluster names, duplicated, one resource by kind',
      policy: buildPropagationPolicy(
        form({
          mode: 'clusters',
          target: { by: 'clusters', zone: 'gpu-high', clusters: ['a', 'b'] },
          scheduling: 'Duplicated',
          resource: { apiVersion: 'v1', kind: 'Service', name: '' },
        }),
      ),
    },
    {
      name: 'an ordered fallback of zones and names',
      policy: buildPropagationPolicy(
        form({
          mode: 'fallback',
          groups: [
            {
              affinityName: 'fast',
              by: 'zone',
              zone: 'gpu-high',
              clusters: [],
            },
            {
              affinityName: 'any',
              by: 'clusters',
              zone: 'cpu-only',
              clusters: ['c'],
            },
            { affinityName: 'cpu', by: 'zone', zone: 'cpu-only', clusters: [] },
          ],
        }),
      ),
    },
    { name: 'a ClusterPropagationPolicy', policy: clusterScoped },
    {
      name: 'a policy with fields the form does not show',
      policy: deploymentPolicy,
    },
  ])('round-trips $name unchanged, key order included', ({ policy }) => {
    const parsed = policyToForm(policy);
    expect(parsed).toBeDefined();
    const back = applyForm(policy, parsed!);
    expect(back).toEqual(policy);
    expect(toYaml(back)).toBe(toYaml(policy));
  });

  it('reads the form fields of a policy', () => {
    expect(policyToForm(deploymentPolicy)).toEqual({
      name: 'chat-propagation',
      namespace: 'ml-team',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat' },
      mode: 'zone',
      target: { by: 'zone', zone: 'gpu-general', clusters: [] },
      groups: initialForm.groups,
      scheduling: 'kept',
    });
    expect(policyToForm(clusterScoped)).toMatchObject({
      name: 'everywhere',
      namespace: '',
      mode: 'clusters',
      target: { by: 'clusters', clusters: ['gpu-a', 'cpu-b'] },
      scheduling: 'Divided',
    });
  });

  it('merges changed form fields into the original and keeps everything else', () => {
    const parsed = policyToForm(deploymentPolicy)!;
    const edited = applyForm(deploymentPolicy, {
      ...parsed,
      resource: { ...parsed.resource, name: 'chat-v2' },
      mode: 'fallback',
      groups: [
        { affinityName: 'primary', by: 'zone', zone: 'gpu-high', clusters: [] },
        {
          affinityName: 'backup',
          by: 'clusters',
          zone: 'gpu-general',
          clusters: ['cpu-a'],
        },
      ],
      scheduling: 'Duplicated',
    });
    expect(edited).toEqual({
      ...deploymentPolicy,
      spec: {
        ...deploymentPolicy.spec,
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat-v2' },
          { apiVersion: 'v1', kind: 'Service', name: 'chat' },
        ],
        placement: {
          clusterAffinities: [
            {
              affinityName: 'primary',
              labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
            },
            { affinityName: 'backup', clusterNames: ['cpu-a'] },
          ],
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
          spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1 }],
        },
      },
    });
    // clusterAffinities takes clusterAffinity's place.
    expect(Object.keys((edited.spec as any).placement)).toEqual([
      'clusterAffinities',
      'replicaScheduling',
      'spreadConstraints',
    ]);
  });

  it('drops the resource name the form emptied and keeps other selector fields', () => {
    const policy: KarmadaPolicyObject = {
      ...deploymentPolicy,
      spec: {
        resourceSelectors: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'a',
            namespace: 'ml',
          },
        ],
        placement: { clusterAffinity: { clusterNames: ['x'] } },
      },
    };
    const parsed = policyToForm(policy)!;
    expect(parsed.scheduling).toBe('kept');
    expect(
      applyForm(policy, {
        ...parsed,
        resource: { ...parsed.resource, name: '' },
      }).spec.resourceSelectors,
    ).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ml' }]);
  });

  const withPlacement = (placement: unknown): KarmadaPolicyObject => ({
    ...deploymentPolicy,
    spec: { ...deploymentPolicy.spec, placement },
  });

  it.each([
    {
      name: 'an OverridePolicy',
      policy: { ...deploymentPolicy, kind: 'OverridePolicy' as const },
    },
    { name: 'no placement', policy: withPlacement(undefined) },
    { name: 'a placement on every cluster', policy: withPlacement({}) },
    {
      name: 'an affinity that excludes clusters',
      policy: withPlacement({
        clusterAffinity: { clusterNames: ['a'], exclude: ['b'] },
      }),
    },
    {
      name: 'a label other than gpu-tier',
      policy: withPlacement({
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'high', team: 'ml' } },
        },
      }),
    },
    {
      name: 'match expressions',
      policy: withPlacement({
        clusterAffinity: {
          labelSelector: {
            matchExpressions: [{ key: 'gpu-tier', operator: 'Exists' }],
          },
        },
      }),
    },
    {
      name: 'an unknown gpu-tier',
      policy: withPlacement({
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'x' } },
        },
      }),
    },
    {
      name: 'a fallback group without affinityName',
      policy: withPlacement({ clusterAffinities: [{ clusterNames: ['a'] }] }),
    },
    {
      name: 'clusterAffinity and clusterAffinities together',
      policy: withPlacement({
        clusterAffinity: { clusterNames: ['a'] },
        clusterAffinities: [{ affinityName: 'x', clusterNames: ['a'] }],
      }),
    },
    {
      name: 'a resource kind that is not a string',
      policy: {
        ...deploymentPolicy,
        spec: {
          ...deploymentPolicy.spec,
          resourceSelectors: [{ apiVersion: 'v1', kind: 7 }],
        },
      },
    },
  ])('cannot show $name in the form', ({ policy }) => {
    expect(policyToForm(policy)).toBeUndefined();
  });
});

describe('fieldsOutsideForm', () => {
  it.each([
    {
      name: 'a policy the form built',
      policy: buildPropagationPolicy(form({})),
      expected: [],
    },
    {
      name: 'a deployment’s policy',
      policy: deploymentPolicy,
      expected: [
        'metadata.labels',
        'metadata.annotations',
        'spec.resourceSelectors[1]',
        'spec.placement.spreadConstraints',
        'spec.propagateDeps',
        'spec.failover',
      ],
    },
    {
      name: 'selector fields',
      policy: {
        ...deploymentPolicy,
        metadata: { name: 'x', labels: {} },
        spec: {
          resourceSelectors: [
            { apiVersion: 'v1', kind: 'Service', labelSelector: {} },
          ],
        },
      },
      expected: ['spec.resourceSelectors[0].labelSelector'],
    },
  ])('lists what $name keeps outside the form', ({ policy, expected }) => {
    expect(fieldsOutsideForm(policy)).toEqual(expected);
  });
});

describe('describeScheduling', () => {
  it.each([
    { placement: {}, expected: 'not set' },
    {
      placement: deploymentPolicy.spec.placement,
      expected: 'Divided, Weighted, static weights',
    },
    {
      placement: {
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Aggregated',
        },
      },
      expected: 'Divided, Aggregated',
    },
  ])('describes $expected', ({ placement, expected }) => {
    expect(
      describeScheduling({ ...deploymentPolicy, spec: { placement } }),
    ).toBe(expected);
  });
});

describe('editableView', () => {
  it('keeps what a write can change and drops status and server metadata', () => {
    expect(editableView(deploymentPolicy)).toEqual({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: {
        name: 'chat-propagation',
        namespace: 'ml-team',
        labels: deploymentPolicy.metadata.labels,
        annotations: deploymentPolicy.metadata.annotations,
      },
      spec: deploymentPolicy.spec,
    });
  });
});

describe('policyFromYaml', () => {
  const text = toYaml(editableView(deploymentPolicy));

  it('reads the edited policy and gives it the original resourceVersion', () => {
    const edit = policyFromYaml(
      text.replace('tolerationSeconds: 60', 'tolerationSeconds: 120'),
      deploymentPolicy,
    );
    expect(edit.errors).toEqual([]);
    expect(edit.syntaxError).toBeUndefined();
    expect(edit.policy).toEqual({
      ...editableView(deploymentPolicy),
      metadata: {
        ...editableView(deploymentPolicy).metadata,
        resourceVersion: '42',
      },
      spec: {
        ...deploymentPolicy.spec,
        failover: {
          application: { decisionConditions: { tolerationSeconds: 120 } },
        },
      },
    });
  });

  it.each([
    {
      name: 'a syntax error with its line',
      text: 'apiVersion: v1\nkind: [\n',
      syntaxError:
        'Line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
      errors: [],
    },
    {
      name: 'text that is not a map',
      text: '- a\n',
      syntaxError: 'Line 1: expected a map (the whole object), found a list',
      errors: [],
    },
    {
      name: 'a renamed policy',
      text: text.replace('name: chat-propagation', 'name: other'),
      errors: [
        {
          field: 'metadata.name',
          message: 'cannot change in an edit (it is "chat-propagation")',
        },
      ],
    },
    {
      name: 'a rule of Karmada',
      text: text.replace(
        'replicaSchedulingType: Divided',
        'replicaSchedulingType: Sometimes',
      ),
      errors: [
        {
          field: 'spec.placement.replicaScheduling.replicaSchedulingType',
          message: expect.stringMatching(/Duplicated/),
        },
      ],
    },
    {
      name: 'a label that is not a string',
      text: text.replace(
        'app.kubernetes.io/managed-by: h-mas',
        'app.kubernetes.io/managed-by: 3',
      ),
      errors: [
        {
          field: 'metadata.labels[app.kubernetes.io/managed-by]',
          message: expect.any(String),
        },
      ],
    },
  ])('reports $name', ({ text: edited, syntaxError, errors }) => {
    const edit = policyFromYaml(edited, deploymentPolicy);
    expect(edit.syntaxError).toBe(syntaxError);
    expect(edit.errors).toEqual(errors);
  });
});

describe('newPolicyFromYaml', () => {
  const override = [
    'apiVersion: policy.karmada.io/v1alpha1',
    'kind: OverridePolicy',
    'metadata:',
    '  name: llama-scheduler',
    'spec:',
    '  resourceSelectors:',
    '  - apiVersion: apps/v1',
    '    kind: Deployment',
    '    name: llama',
    '  overrideRules:',
    '  - targetCluster:',
    '      clusterNames:',
    '      - gpu-gen-frankfurt',
    '    overriders:',
    '      plaintext:',
    '      - path: /spec/template/spec/schedulerName',
    '        operator: add',
    '        value: volcano',
    '',
  ].join('\n');

  it('reads a new policy and gives it the chosen namespace', () => {
    const read = newPolicyFromYaml(override, 'OverridePolicy', 'ml-team');
    expect(read.syntaxError).toBeUndefined();
    expect(read.errors).toEqual([]);
    expect(read.policy).toEqual({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: 'llama-scheduler', namespace: 'ml-team' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
        ],
        overrideRules: [
          {
            targetCluster: { clusterNames: ['gpu-gen-frankfurt'] },
            overriders: {
              plaintext: [
                {
                  path: '/spec/template/spec/schedulerName',
                  operator: 'add',
                  value: 'volcano',
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('keeps the namespace the text states when it is the chosen one', () => {
    const read = newPolicyFromYaml(
      override.replace(
        '  name: llama-scheduler',
        '  name: llama-scheduler\n  namespace: ml-team',
      ),
      'OverridePolicy',
      'ml-team',
    );
    expect(read.errors).toEqual([]);
    expect(read.policy?.metadata).toEqual({
      name: 'llama-scheduler',
      namespace: 'ml-team',
    });
  });

  it.each([
    {
      name: 'a syntax error with its line',
      text: override.replace('    name: llama', '    name: [llama'),
      kind: 'OverridePolicy' as const,
      namespace: 'ml-team',
      syntaxError: expect.stringMatching(/^Line 10: /),
      errors: [],
    },
    {
      name: 'a kind other than the chosen one',
      text: override,
      kind: 'ClusterOverridePolicy' as const,
      namespace: '',
      errors: [
        {
          field: 'kind',
          message:
            'must be ClusterOverridePolicy, the kind chosen (got "OverridePolicy")',
        },
      ],
    },
    {
      name: 'an apiVersion other than the kind’s',
      text: override.replace(
        'policy.karmada.io/v1alpha1',
        'policy.karmada.io/v1',
      ),
      kind: 'OverridePolicy' as const,
      namespace: 'ml-team',
      errors: [
        {
          field: 'apiVersion',
          message:
            'must be policy.karmada.io/v1alpha1 for a OverridePolicy (got "policy.karmada.io/v1")',
        },
      ],
    },
    {
      name: 'a namespace other than the chosen one',
      text: override.replace(
        '  name: llama-scheduler',
        '  name: llama-scheduler\n  namespace: default',
      ),
      kind: 'OverridePolicy' as const,
      namespace: 'ml-team',
      errors: [
        {
          field: 'metadata.namespace',
          message: 'must be the namespace chosen, "ml-team" (or left out)',
        },
      ],
    },
    {
      name: 'no namespace chosen',
      text: override,
      kind: 'OverridePolicy' as const,
      namespace: '',
      errors: [
        {
          field: 'metadata.namespace',
          message: 'is required for a OverridePolicy',
        },
      ],
    },
    {
      name: 'a rule of Karmada',
      text: override.replace('operator: add', 'operator: patch'),
      kind: 'OverridePolicy' as const,
      namespace: 'ml-team',
      errors: [
        {
          field: 'spec.overrideRules[0].overriders.plaintext[0].operator',
          message: 'must be add, remove or replace (got "patch")',
        },
      ],
    },
    {
      name: 'a namespace on a cluster-scoped kind',
      text: override
        .replace('kind: OverridePolicy', 'kind: ClusterOverridePolicy')
        .replace(
          '  name: llama-scheduler',
          '  name: llama-scheduler\n  namespace: ml-team',
        ),
      kind: 'ClusterOverridePolicy' as const,
      namespace: 'ml-team',
      errors: [
        {
          field: 'metadata.namespace',
          message: 'must be empty: ClusterOverridePolicy is cluster-scoped',
        },
      ],
    },
    {
      name: 'a label that is not a string',
      text: override.replace(
        '  name: llama-scheduler',
        '  name: llama-scheduler\n  labels:\n    tier: 3',
      ),
      kind: 'OverridePolicy' as const,
      namespace: 'ml-team',
      errors: [{ field: 'metadata.labels.tier', message: expect.any(String) }],
    },
  ])(
    'reports $name',
    ({ text: typed, kind, namespace, syntaxError, errors }) => {
      const read = newPolicyFromYaml(typed, kind, namespace);
      expect(read.syntaxError).toEqual(syntaxError);
      expect(read.errors).toEqual(errors);
    },
  );
});
