/*
 * Valid Karmada objects shared by the tests of this folder and by the CRD conformance
 * test, which checks them against the reference CRDs as well.
 */
import { KubeObject } from '../../types';

/** @internal */
export function propagationPolicy(
  spec: Record<string, any> = {},
  name = 'llama-pp',
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace: 'team-a' },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
        { apiVersion: 'v1', kind: 'Service', name: 'llama' },
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name: 'hmas-llama-model-cache',
        },
      ],
      placement: {
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
        },
        clusterTolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      },
      ...spec,
    },
  };
}

/** A policy with ordered fallback groups and application failover. @internal */
export function failoverPropagationPolicy(): KubeObject {
  return propagationPolicy(
    {
      propagateDeps: true,
      placement: {
        clusterAffinities: [
          {
            affinityName: 'gpu-high',
            labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
          },
          {
            affinityName: 'gpu-general',
            labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
          },
          {
            affinityName: 'cpu-only',
            labelSelector: {
              matchExpressions: [
                { key: 'gpu-tier', operator: 'In', values: ['none'] },
              ],
            },
            fieldSelector: {
              matchExpressions: [
                { key: 'region', operator: 'NotIn', values: ['cn-north-1'] },
              ],
            },
          },
        ],
        spreadConstraints: [
          { spreadByField: 'cluster', maxGroups: 2, minGroups: 1 },
        ],
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: [
              { targetCluster: { clusterNames: ['gpu-hp-seoul'] }, weight: 2 },
              { targetCluster: { clusterNames: ['gpu-hp-tokyo'] }, weight: 1 },
            ],
          },
        },
      },
      failover: {
        application: {
          decisionConditions: { tolerationSeconds: 120 },
          purgeMode: 'Gracefully',
          gracePeriodSeconds: 600,
        },
      },
    },
    'llama-failover',
  );
}

/** @internal */
export function clusterPropagationPolicy(
  spec: Record<string, any> = {},
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'ClusterPropagationPolicy',
    metadata: { name: 'all-namespaces' },
    spec: {
      resourceSelectors: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          labelSelector: { matchLabels: { 'hmas.io/team': 'true' } },
        },
      ],
      placement: {
        clusterAffinity: { clusterNames: ['gpu-hp-seoul', 'cpu-oregon'] },
      },
      ...spec,
    },
  };
}

/** @internal */
export function overridePolicy(
  spec: Record<string, any> = {},
  name = 'llama-op',
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: { name, namespace: 'team-a' },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
      ],
      overrideRules: [
        {
          targetCluster: {
            labelSelector: { matchLabels: { scheduler: 'volcano' } },
          },
          overriders: {
            plaintext: [
              {
                operator: 'add',
                path: '/spec/template/spec/schedulerName',
                value: 'volcano',
              },
            ],
          },
        },
        {
          targetCluster: { clusterNames: ['gpu-gen-frankfurt'] },
          overriders: {
            imageOverrider: [
              {
                component: 'Registry',
                operator: 'replace',
                value: 'registry.eu.hmas.internal',
              },
            ],
            argsOverrider: [
              {
                containerName: 'server',
                operator: 'add',
                value: ['--max-model-len=8192'],
              },
            ],
            labelsOverrider: [
              { operator: 'add', value: { 'hmas.io/region': 'eu' } },
            ],
            annotationsOverrider: [
              { operator: 'add', value: { 'hmas.io/override': 'frankfurt' } },
            ],
          },
        },
      ],
      ...spec,
    },
  };
}

/** @internal */
export function clusterOverridePolicy(
  spec: Record<string, any> = {},
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'ClusterOverridePolicy',
    metadata: { name: 'mirror-registry' },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      overrideRules: [
        {
          targetCluster: {
            fieldSelector: {
              matchExpressions: [
                { key: 'provider', operator: 'In', values: ['on-premise'] },
              ],
            },
          },
          overriders: {
            imageOverrider: [
              {
                component: 'Registry',
                operator: 'replace',
                value: 'mirror.hmas.internal',
              },
            ],
          },
        },
      ],
      ...spec,
    },
  };
}

/** @internal */
export function resourceBinding(
  spec: Record<string, any> = {},
  status?: Record<string, any>,
): KubeObject {
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: 'ResourceBinding',
    metadata: { name: 'llama-deployment', namespace: 'team-a' },
    spec: {
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'llama',
        namespace: 'team-a',
        uid: '1b8d0a0e-5c1f-4f55-8f5c-0d5b2c7d9f10',
      },
      replicas: 3,
      replicaRequirements: {
        resourceRequest: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': 1 },
      },
      placement: propagationPolicy().spec.placement,
      clusters: [
        { name: 'gpu-hp-seoul', replicas: 2 },
        { name: 'gpu-hp-tokyo', replicas: 1 },
      ],
      schedulerName: 'default-scheduler',
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

/** @internal */
export function work(): KubeObject {
  return {
    apiVersion: 'work.karmada.io/v1alpha1',
    kind: 'Work',
    metadata: {
      name: 'llama-687f7fb96f',
      namespace: 'karmada-es-gpu-hp-seoul',
    },
    spec: {
      workload: {
        manifests: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'llama', namespace: 'team-a' },
            spec: { replicas: 2 },
          },
        ],
      },
    },
  };
}

/** @internal */
export function cluster(
  name: string,
  options: {
    labels?: Record<string, string>;
    provider?: string;
    region?: string;
    zones?: string[];
    taints?: Array<Record<string, any>>;
    ready?: 'True' | 'False' | 'Unknown';
    allocatable?: Record<string, string>;
    allocated?: Record<string, string>;
    allocating?: Record<string, string>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: {
      syncMode: 'Push',
      apiEndpoint: `https://${name}.example.com:6443`,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.zones ? { zones: options.zones } : {}),
      ...(options.taints ? { taints: options.taints } : {}),
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: options.ready ?? 'True',
          reason:
            options.ready === 'True' || !options.ready
              ? 'ClusterReady'
              : 'ClusterNotReachable',
          message: '',
          lastTransitionTime: '2025-06-01T00:00:00Z',
        },
      ],
      resourceSummary: {
        allocatable: options.allocatable ?? {
          cpu: '64',
          memory: '256Gi',
          pods: '110',
        },
        allocated: options.allocated ?? {},
        allocating: options.allocating ?? {},
      },
    },
  };
}

/** Every policy the tests treat as valid, for the conformance test. @internal */
export function samplePolicies(): KubeObject[] {
  return [
    propagationPolicy(),
    failoverPropagationPolicy(),
    clusterPropagationPolicy(),
    overridePolicy(),
    clusterOverridePolicy(),
  ];
}
