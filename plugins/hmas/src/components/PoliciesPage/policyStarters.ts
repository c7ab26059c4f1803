import {
  KarmadaPolicyObject,
  POLICY_API_VERSION,
  PolicyKind,
  toYaml,
  zoneAffinity,
} from '@h-mas/plugin-hmas-common';
import { buildPropagationPolicy, initialForm } from './policyForm';

const deployments = { apiVersion: 'apps/v1', kind: 'Deployment' };

/**
 * A realistic policy of each kind to start a new one from, valid by Karmada's rules, its zones
 * selected by `gpu-tier` under `labelPrefix`. The namespaced kinds leave `metadata.namespace`
 * out: the dialog's namespace field sets it.
 *
 * @internal
 */
export function starterPoliciesFor(
  labelPrefix = '',
): Record<PolicyKind, KarmadaPolicyObject> {
  /** What the propagation policy form makes of a Deployment `llama` (the namespace is chosen apart). */
  const llamaPropagation = buildPropagationPolicy(
    { ...initialForm, resource: { ...deployments, name: 'llama' } },
    labelPrefix,
  );

  /** The vLLM deployments of every namespace, on GPU High clusters first, GPU General next. */
  const vllmFallback = buildPropagationPolicy(
    {
      ...initialForm,
      mode: 'fallback',
      groups: [
        {
          affinityName: 'gpu-high',
          by: 'zone',
          zone: 'gpu-high',
          clusters: [],
        },
        {
          affinityName: 'gpu-general',
          by: 'zone',
          zone: 'gpu-general',
          clusters: [],
        },
      ],
    },
    labelPrefix,
  );
  const onZone = (zone: 'gpu-high' | 'gpu-general') =>
    zoneAffinity(zone, labelPrefix);

  return {
    PropagationPolicy: {
      apiVersion: POLICY_API_VERSION,
      kind: 'PropagationPolicy',
      metadata: { name: 'llama-propagation' },
      spec: llamaPropagation.spec,
    },
    ClusterPropagationPolicy: {
      apiVersion: POLICY_API_VERSION,
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'vllm-deployments' },
      spec: {
        resourceSelectors: [
          {
            ...deployments,
            labelSelector: { matchLabels: { 'h-mas.io/runtime': 'vllm' } },
          },
        ],
        placement: vllmFallback.spec.placement,
      },
    },
    OverridePolicy: {
      apiVersion: POLICY_API_VERSION,
      kind: 'OverridePolicy',
      metadata: { name: 'llama-scheduler' },
      spec: {
        resourceSelectors: [{ ...deployments, name: 'llama' }],
        overrideRules: [
          {
            targetCluster: onZone('gpu-general'),
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
    },
    ClusterOverridePolicy: {
      apiVersion: POLICY_API_VERSION,
      kind: 'ClusterOverridePolicy',
      metadata: { name: 'gpu-high-zone-annotation' },
      spec: {
        resourceSelectors: [
          {
            ...deployments,
            labelSelector: {
              matchLabels: { 'app.kubernetes.io/managed-by': 'h-mas' },
            },
          },
        ],
        overrideRules: [
          {
            targetCluster: onZone('gpu-high'),
            overriders: {
              annotationsOverrider: [
                {
                  operator: 'add',
                  value: { 'h-mas.io/zone': 'gpu-high' },
                },
              ],
            },
          },
        ],
      },
    },
  };
}

/** The starter policies without a label prefix. @internal */
export const starterPolicies = starterPoliciesFor();

/** The YAML text a new policy of `kind` starts from. @internal */
export function starterYaml(kind: PolicyKind, labelPrefix = ''): string {
  return toYaml(starterPoliciesFor(labelPrefix)[kind]);
}
