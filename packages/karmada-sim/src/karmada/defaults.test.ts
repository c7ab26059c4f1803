import {
  applyPolicyWebhookDefaults,
  CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL,
  PROPAGATION_POLICY_PERMANENT_ID_LABEL,
} from './defaults';

const ID = '0b7c2f9e-1d2a-4c39-9f1e-5f3c1c7b9a10';
const newId = () => ID;

function pp(spec: Record<string, unknown>, labels?: Record<string, string>) {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name: 'p', namespace: 'team-a', ...(labels ? { labels } : {}) },
    spec,
  };
}

describe('applyPolicyWebhookDefaults', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'resource selector namespaces default to the policy namespace',
      {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          { apiVersion: 'v1', kind: 'Service', namespace: 'team-a', name: 's' },
        ],
      },
      {
        resourceSelectors: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            namespace: 'team-a',
          },
          { apiVersion: 'v1', kind: 'Service', namespace: 'team-a', name: 's' },
        ],
      },
    ],
    [
      'spread constraints get spreadByField cluster and minGroups 1',
      {
        placement: {
          spreadConstraints: [
            { maxGroups: 2 },
            { spreadByLabel: 'zone', minGroups: 2 },
          ],
        },
      },
      {
        placement: {
          spreadConstraints: [
            { maxGroups: 2, spreadByField: 'cluster', minGroups: 1 },
            { spreadByLabel: 'zone', minGroups: 2 },
          ],
        },
      },
    ],
    [
      'Divided without a preference becomes Weighted',
      {
        placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } },
      },
      {
        placement: {
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Weighted',
          },
        },
      },
    ],
    [
      'Duplicated gets no preference',
      {
        placement: {
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
      {
        placement: {
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    ],
    [
      'an explicit Aggregated preference stays',
      {
        placement: {
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Aggregated',
          },
        },
      },
      {
        placement: {
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Aggregated',
          },
        },
      },
    ],
    [
      'Gracefully purged failover gets gracePeriodSeconds 600',
      {
        failover: {
          application: {
            purgeMode: 'Gracefully',
            decisionConditions: { tolerationSeconds: 30 },
          },
        },
      },
      {
        failover: {
          application: {
            purgeMode: 'Gracefully',
            gracePeriodSeconds: 600,
            decisionConditions: { tolerationSeconds: 30 },
          },
        },
      },
    ],
    [
      'Directly purged failover gets none',
      { failover: { application: { purgeMode: 'Directly' } } },
      { failover: { application: { purgeMode: 'Directly' } } },
    ],
    [
      'a ServiceImport selector turns on propagateDeps',
      {
        resourceSelectors: [
          {
            apiVersion: 'multicluster.x-k8s.io/v1alpha1',
            kind: 'ServiceImport',
            namespace: 'team-a',
            name: 'x',
          },
        ],
      },
      {
        resourceSelectors: [
          {
            apiVersion: 'multicluster.x-k8s.io/v1alpha1',
            kind: 'ServiceImport',
            namespace: 'team-a',
            name: 'x',
          },
        ],
        propagateDeps: true,
      },
    ],
  ])('%s', (_name, spec, expected) => {
    const out = applyPolicyWebhookDefaults(pp(spec), {
      operation: 'UPDATE',
      newId,
    });
    expect(out.spec).toEqual(expected);
    expect(out.metadata.labels).toBeUndefined();
  });

  it('does not change its input', () => {
    const input = pp({
      resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }],
    });
    const before = structuredClone(input);
    applyPolicyWebhookDefaults(input, { operation: 'CREATE', newId });
    expect(input).toEqual(before);
  });

  it('sets the permanent id on CREATE only, replacing a sent one', () => {
    const created = applyPolicyWebhookDefaults(
      pp({}, { team: 'a', [PROPAGATION_POLICY_PERMANENT_ID_LABEL]: 'mine' }),
      { operation: 'CREATE', newId },
    );
    expect(created.metadata.labels).toEqual({
      team: 'a',
      [PROPAGATION_POLICY_PERMANENT_ID_LABEL]: ID,
    });
    const updated = applyPolicyWebhookDefaults(pp({}, { team: 'a' }), {
      operation: 'UPDATE',
      newId,
    });
    expect(updated.metadata.labels).toEqual({ team: 'a' });
  });

  it('adds the policy controller finalizer on CREATE only, once', () => {
    const created = applyPolicyWebhookDefaults(pp({}), {
      operation: 'CREATE',
      newId,
    });
    expect(created.metadata.finalizers).toEqual([
      'karmada.io/propagation-policy-controller',
    ]);
    const again = applyPolicyWebhookDefaults(
      {
        ...pp({}),
        metadata: {
          ...pp({}).metadata,
          finalizers: ['a/b', 'karmada.io/propagation-policy-controller'],
        },
      },
      { operation: 'CREATE', newId },
    );
    expect(again.metadata.finalizers).toEqual([
      'a/b',
      'karmada.io/propagation-policy-controller',
    ]);
    const updated = applyPolicyWebhookDefaults(pp({}), {
      operation: 'UPDATE',
      newId,
    });
    expect(updated.metadata.finalizers).toBeUndefined();
  });

  it('defaults a ClusterPropagationPolicy without touching selector namespaces', () => {
    const cpp = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'c' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' },
        ],
        placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } },
      },
    };
    const out = applyPolicyWebhookDefaults(cpp, { operation: 'CREATE', newId });
    expect(out.spec.resourceSelectors).toEqual([
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' },
    ]);
    expect(out.spec.placement.replicaScheduling.replicaDivisionPreference).toBe(
      'Weighted',
    );
    expect(out.metadata.labels).toEqual({
      [CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL]: ID,
    });
  });

  it('generates a UUID by default and leaves other kinds alone', () => {
    const out = applyPolicyWebhookDefaults(pp({}), { operation: 'CREATE' });
    expect(
      out.metadata.labels?.[PROPAGATION_POLICY_PERMANENT_ID_LABEL],
    ).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const op = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: 'o' },
      spec: {},
    };
    expect(applyPolicyWebhookDefaults(op, { operation: 'CREATE' })).toBe(op);
  });
});
