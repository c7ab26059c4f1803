import {
  isNamespacedPolicyKind,
  PolicyKind,
  policyKindNames,
  validatePolicy,
} from '@h-mas/plugin-hmas-common';
import { newPolicyFromYaml } from './policyForm';
import { starterPolicies, starterYaml } from './policyStarters';

/** The texts the New policy from YAML dialog starts from, as a reviewer should see them. */
const expectedText: Record<PolicyKind, string> = {
  PropagationPolicy: `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: llama-propagation
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      name: llama
  placement:
    clusterAffinity:
      labelSelector:
        matchLabels:
          gpu-tier: general
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        dynamicWeight: AvailableReplicas
`,
  ClusterPropagationPolicy: `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata:
  name: vllm-deployments
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      labelSelector:
        matchLabels:
          h-mas.io/runtime: vllm
  placement:
    clusterAffinities:
      - affinityName: gpu-high
        labelSelector:
          matchLabels:
            gpu-tier: high
      - affinityName: gpu-general
        labelSelector:
          matchLabels:
            gpu-tier: general
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        dynamicWeight: AvailableReplicas
`,
  OverridePolicy: `apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata:
  name: llama-scheduler
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      name: llama
  overrideRules:
    - targetCluster:
        labelSelector:
          matchLabels:
            gpu-tier: general
      overriders:
        plaintext:
          - path: /spec/template/spec/schedulerName
            operator: add
            value: volcano
`,
  ClusterOverridePolicy: `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata:
  name: gpu-high-zone-annotation
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      labelSelector:
        matchLabels:
          app.kubernetes.io/managed-by: h-mas
  overrideRules:
    - targetCluster:
        labelSelector:
          matchLabels:
            gpu-tier: high
      overriders:
        annotationsOverrider:
          - operator: add
            value:
              h-mas.io/zone: gpu-high
`,
};

describe('starter policies', () => {
  it.each(policyKindNames)('%s is valid by Karmada’s rules', kind => {
    const read = newPolicyFromYaml(starterYaml(kind), kind, 'ml-team');
    expect(read.syntaxError).toBeUndefined();
    expect(read.errors).toEqual([]);
    expect(read.policy).toEqual({
      ...starterPolicies[kind],
      metadata: {
        ...starterPolicies[kind].metadata,
        ...(isNamespacedPolicyKind(kind) ? { namespace: 'ml-team' } : {}),
      },
    });
    expect(validatePolicy(read.policy)).toEqual([]);
  });

  it.each(policyKindNames)('%s starts from the expected text', kind => {
    expect(starterYaml(kind)).toBe(expectedText[kind]);
  });
});
