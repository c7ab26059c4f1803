import { KubeObject } from '../types';
import { validateKarmadaObject } from './validation';
import { applyCrdDefaults } from './crds';
import {
  cluster,
  clusterOverridePolicy,
  clusterPropagationPolicy,
  failoverPropagationPolicy,
  overridePolicy,
  propagationPolicy,
  resourceBinding,
  work,
} from './__fixtures__/objects';

/** Applies a mutation to a copy, so each case starts from a valid object. */
function edit(obj: KubeObject, mutate: (o: any) => void): KubeObject {
  const copy = structuredClone(obj);
  mutate(copy);
  return copy;
}

describe('validateKarmadaObject', () => {
  it.each<[string, KubeObject]>([
    ['PropagationPolicy', propagationPolicy()],
    [
      'PropagationPolicy with failover and affinity groups',
      failoverPropagationPolicy(),
    ],
    ['ClusterPropagationPolicy', clusterPropagationPolicy()],
    ['OverridePolicy', overridePolicy()],
    ['ClusterOverridePolicy', clusterOverridePolicy()],
    [
      'ResourceBinding',
      resourceBinding(
        {},
        {
          schedulerObservedGeneration: 1,
          conditions: [
            {
              type: 'Scheduled',
              status: 'True',
              reason: 'Success',
              message: 'ok',
              lastTransitionTime: '2025-06-01T00:00:00Z',
            },
          ],
          aggregatedStatus: [
            { clusterName: 'gpu-hp-seoul', applied: true, health: 'Healthy' },
          ],
        },
      ),
    ],
    ['Work', work()],
    [
      'Cluster',
      cluster('gpu-hp-seoul', {
        labels: { 'gpu-tier': 'high' },
        zones: ['kr-seoul-1a'],
        provider: 'on-premise',
      }),
    ],
  ])('accepts a valid %s', (_name, obj) => {
    expect(validateKarmadaObject(obj)).toEqual([]);
  });

  it('returns no causes for kinds it does not know', () => {
    expect(
      validateKarmadaObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { replicas: 'many' },
      }),
    ).toEqual([]);
  });

  describe('structural (CRD schema)', () => {
    it.each<[string, KubeObject, string, string]>([
      [
        'enum',
        edit(propagationPolicy(), o => {
          o.spec.placement.replicaScheduling.replicaSchedulingType = 'Split';
        }),
        'spec.placement.replicaScheduling.replicaSchedulingType',
        'FieldValueNotSupported',
      ],
      [
        'required spec',
        edit(propagationPolicy(), o => delete o.spec),
        'spec',
        'FieldValueRequired',
      ],
      [
        'required resourceSelectors',
        edit(propagationPolicy(), o => delete o.spec.resourceSelectors),
        'spec.resourceSelectors',
        'FieldValueRequired',
      ],
      [
        'minItems resourceSelectors',
        edit(propagationPolicy(), o => {
          o.spec.resourceSelectors = [];
        }),
        'spec.resourceSelectors',
        'FieldValueInvalid',
      ],
      [
        'required kind of a selector',
        edit(
          clusterPropagationPolicy(),
          o => delete o.spec.resourceSelectors[0].kind,
        ),
        'spec.resourceSelectors[0].kind',
        'FieldValueRequired',
      ],
      [
        'type',
        edit(propagationPolicy(), o => {
          o.spec.priority = 'high';
        }),
        'spec.priority',
        'FieldValueTypeInvalid',
      ],
      [
        'minimum weight',
        edit(propagationPolicy(), o => {
          o.spec.placement.replicaScheduling.weightPreference = {
            staticWeightList: [
              { targetCluster: { clusterNames: ['a'] }, weight: 0 },
            ],
          };
        }),
        'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight',
        'FieldValueInvalid',
      ],
      [
        'maxLength affinityName',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.clusterAffinities[0].affinityName = 'a'.repeat(33);
        }),
        'spec.placement.clusterAffinities[0].affinityName',
        'FieldValueTooLong',
      ],
      [
        'int-or-string quantity',
        resourceBinding({
          replicaRequirements: { resourceRequest: { 'nvidia.com/gpu': true } },
        }),
        'spec.replicaRequirements.resourceRequest[nvidia.com/gpu]',
        'FieldValueTypeInvalid',
      ],
      [
        'quantity pattern',
        resourceBinding({
          replicaRequirements: { resourceRequest: { memory: '32 gigs' } },
        }),
        'spec.replicaRequirements.resourceRequest.memory',
        'FieldValueInvalid',
      ],
      [
        'ResourceBinding required resource.name',
        edit(resourceBinding(), o => delete o.spec.resource.name),
        'spec.resource.name',
        'FieldValueRequired',
      ],
      [
        'ResourceBinding health enum',
        resourceBinding(
          {},
          {
            aggregatedStatus: [
              { clusterName: 'a', applied: true, health: 'Fine' },
            ],
          },
        ),
        'status.aggregatedStatus[0].health',
        'FieldValueNotSupported',
      ],
      [
        'condition time format',
        resourceBinding(
          {},
          {
            conditions: [
              {
                type: 'Scheduled',
                status: 'True',
                reason: 'Success',
                message: '',
                lastTransitionTime: 'yesterday',
              },
            ],
          },
        ),
        'status.conditions[0].lastTransitionTime',
        'FieldValueInvalid',
      ],
      [
        'Work manifests type',
        edit(work(), o => {
          o.spec.workload.manifests = 'not a list';
        }),
        'spec.workload.manifests',
        'FieldValueTypeInvalid',
      ],
      [
        'OverridePolicy operator enum',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[0].overriders.plaintext[0].operator = 'upsert';
        }),
        'spec.overrideRules[0].overriders.plaintext[0].operator',
        'FieldValueNotSupported',
      ],
    ])('reports %s', (_name, obj, field, reason) => {
      const causes = validateKarmadaObject(obj);
      expect(causes).toContainEqual(expect.objectContaining({ field, reason }));
    });

    it('does not report a failed int-or-string twice', () => {
      const causes = validateKarmadaObject(
        resourceBinding({
          replicaRequirements: { resourceRequest: { 'nvidia.com/gpu': true } },
        }),
      );
      expect(
        causes.filter(c => c.field.includes('nvidia.com/gpu')),
      ).toHaveLength(1);
    });

    it('prunes nulls and applies CRD defaults like kube-apiserver', () => {
      const defaulted = applyCrdDefaults(
        edit(propagationPolicy(), o => {
          o.spec.priority = null;
          o.spec.placement.replicaScheduling = {};
        }),
      );
      expect(defaulted.spec.priority).toBe(0);
      expect(defaulted.spec.schedulerName).toBe('default-scheduler');
      expect(defaulted.spec.conflictResolution).toBe('Abort');
      expect(
        defaulted.spec.placement.replicaScheduling.replicaSchedulingType,
      ).toBe('Divided');
    });
  });

  describe('webhook rules', () => {
    it.each<[string, KubeObject, string, string, KubeObject?]>([
      [
        'resource selector in another namespace',
        edit(propagationPolicy(), o => {
          o.spec.resourceSelectors[0].namespace = 'team-b';
        }),
        'spec.resourceSelectors[0].namespace',
        'FieldValueInvalid',
      ],
      [
        'OverridePolicy selector in another namespace',
        edit(overridePolicy(), o => {
          o.spec.resourceSelectors[0].namespace = 'team-b';
        }),
        'spec.resourceSelectors[0].namespace',
        'FieldValueInvalid',
      ],
      [
        'empty apiVersion in a selector',
        edit(propagationPolicy(), o => {
          o.spec.resourceSelectors[1].apiVersion = '';
        }),
        'spec.resourceSelectors[1].apiVersion',
        'FieldValueRequired',
      ],
      [
        'clusterAffinity with clusterAffinities',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.clusterAffinity = { clusterNames: ['a'] };
        }),
        'spec.placement.clusterAffinities',
        'FieldValueInvalid',
      ],
      [
        'missing affinityName',
        edit(
          failoverPropagationPolicy(),
          o => delete o.spec.placement.clusterAffinities[1].affinityName,
        ),
        'spec.placement.clusterAffinities[1].affinityName',
        'FieldValueRequired',
      ],
      [
        'duplicate affinityName',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.clusterAffinities[2].affinityName = 'gpu-high';
        }),
        'spec.placement.clusterAffinities[2].affinityName',
        'FieldValueDuplicate',
      ],
      [
        'affinityName that is not a qualified name',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.clusterAffinities[0].affinityName = 'gpu high';
        }),
        'spec.placement.clusterAffinities[0].affinityName',
        'FieldValueInvalid',
      ],
      [
        'fieldSelector key',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterAffinity.fieldSelector = {
            matchExpressions: [
              { key: 'gpu-tier', operator: 'In', values: ['high'] },
            ],
          };
        }),
        'spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key',
        'FieldValueNotSupported',
      ],
      [
        'fieldSelector operator',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.clusterAffinities[2].fieldSelector.matchExpressions[0].operator =
            'Exists';
        }),
        'spec.placement.clusterAffinities[2].fieldSelector.matchExpressions[0].operator',
        'FieldValueNotSupported',
      ],
      [
        'labelSelector In without values',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterAffinity.labelSelector = {
            matchExpressions: [{ key: 'gpu-tier', operator: 'In' }],
          };
        }),
        'spec.placement.clusterAffinity.labelSelector.matchExpressions[0].values',
        'FieldValueRequired',
      ],
      [
        // metav1validation.ValidateLabelSelectorRequirement: Invalid, not NotSupported.
        'labelSelector with an unknown operator',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterAffinity.labelSelector = {
            matchExpressions: [{ key: 'gpu-tier', operator: 'Near' }],
          };
        }),
        'spec.placement.clusterAffinity.labelSelector.matchExpressions[0].operator',
        'FieldValueInvalid',
      ],
      [
        'toleration operator Lt',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterTolerations = [
            {
              key: 'gpu-count',
              operator: 'Lt',
              value: '4',
              effect: 'NoSchedule',
            },
          ];
        }),
        'spec.placement.clusterTolerations[0].operator',
        'FieldValueNotSupported',
      ],
      [
        'toleration operator Gt',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterTolerations = [
            { key: 'gpu-count', operator: 'Gt', value: '4' },
          ];
        }),
        'spec.placement.clusterTolerations[0].operator',
        'FieldValueNotSupported',
      ],
      [
        'toleration Exists with a value',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterTolerations = [
            { key: 'nvidia.com/gpu', operator: 'Exists', value: 'present' },
          ];
        }),
        'spec.placement.clusterTolerations[0].operator',
        'FieldValueInvalid',
      ],
      [
        'toleration with empty key and Equal',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterTolerations = [
            { operator: 'Equal', value: 'x' },
          ];
        }),
        'spec.placement.clusterTolerations[0].operator',
        'FieldValueInvalid',
      ],
      [
        'tolerationSeconds without NoExecute',
        edit(propagationPolicy(), o => {
          o.spec.placement.clusterTolerations = [
            {
              key: 'a',
              operator: 'Exists',
              effect: 'NoSchedule',
              tolerationSeconds: 30,
            },
          ];
        }),
        'spec.placement.clusterTolerations[0].effect',
        'FieldValueInvalid',
      ],
      [
        'application failover without propagateDeps',
        edit(failoverPropagationPolicy(), o => delete o.spec.propagateDeps),
        'spec.propagateDeps',
        'FieldValueInvalid',
      ],
      [
        'gracePeriodSeconds without purgeMode Gracefully',
        edit(failoverPropagationPolicy(), o => {
          o.spec.failover.application.purgeMode = 'Directly';
        }),
        'spec.failover.application.gracePeriodSeconds',
        'FieldValueInvalid',
      ],
      [
        'gracePeriodSeconds of 0',
        edit(failoverPropagationPolicy(), o => {
          o.spec.failover.application.gracePeriodSeconds = 0;
        }),
        'spec.failover.application.gracePeriodSeconds',
        'FieldValueInvalid',
      ],
      [
        'negative tolerationSeconds',
        edit(failoverPropagationPolicy(), o => {
          o.spec.failover.application.decisionConditions.tolerationSeconds = -1;
        }),
        'spec.failover.application.decisionConditions.tolerationSeconds',
        'FieldValueInvalid',
      ],
      [
        'maxGroups below minGroups',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.spreadConstraints = [
            { spreadByField: 'cluster', maxGroups: 1, minGroups: 2 },
          ];
        }),
        'spec.placement.spreadConstraints[0].maxGroups',
        'FieldValueInvalid',
      ],
      [
        'spreadByField with spreadByLabel',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.spreadConstraints = [
            {
              spreadByField: 'cluster',
              spreadByLabel: 'gpu-tier',
              maxGroups: 2,
            },
          ];
        }),
        'spec.placement.spreadConstraints[0].spreadByLabel',
        'FieldValueInvalid',
      ],
      [
        'spreadByField without the cluster constraint',
        edit(failoverPropagationPolicy(), o => {
          o.spec.placement.spreadConstraints = [
            { spreadByField: 'region', maxGroups: 2 },
          ];
        }),
        'spec.placement.spreadConstraints',
        'FieldValueInvalid',
      ],
      [
        'schedulerName changed on update',
        edit(propagationPolicy(), o => {
          o.spec.schedulerName = 'gpu-scheduler';
        }),
        'spec.schedulerName',
        'FieldValueInvalid',
        propagationPolicy(),
      ],
      [
        'plaintext add without a value',
        edit(
          overridePolicy(),
          o => delete o.spec.overrideRules[0].overriders.plaintext[0].value,
        ),
        'spec.overrideRules[0].overriders.plaintext[0].value',
        'FieldValueRequired',
      ],
      [
        'plaintext replace without a value',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[0].overriders.plaintext = [
            { operator: 'replace', path: '/spec/replicas' },
          ];
        }),
        'spec.overrideRules[0].overriders.plaintext[0].value',
        'FieldValueRequired',
      ],
      [
        'plaintext remove with a value',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[0].overriders.plaintext = [
            { operator: 'remove', path: '/spec/replicas', value: 1 },
          ];
        }),
        'spec.overrideRules[0].overriders.plaintext[0].value',
        'FieldValueForbidden',
      ],
      [
        'plaintext path without a leading slash',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[0].overriders.plaintext[0].path =
            'spec/template/spec/schedulerName';
        }),
        'spec.overrideRules[0].overriders.plaintext[0].path',
        'FieldValueInvalid',
      ],
      [
        'legacy plaintext path without a leading slash',
        edit(clusterOverridePolicy(), o => {
          delete o.spec.overrideRules;
          o.spec.overriders = {
            plaintext: [{ operator: 'remove', path: 'metadata/labels' }],
          };
        }),
        'spec.overriders.plaintext[0].path',
        'FieldValueInvalid',
      ],
      [
        'imageOverrider predicate path without a leading slash',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[1].overriders.imageOverrider[0].predicate = {
            path: 'spec/template/spec/containers/0/image',
          };
        }),
        'spec.overrideRules[1].overriders.imageOverrider[0].predicate.path',
        'FieldValueInvalid',
      ],
      [
        'overrideRules with legacy overriders',
        edit(overridePolicy(), o => {
          o.spec.overriders = {
            plaintext: [{ operator: 'add', path: '/x', value: 1 }],
          };
        }),
        'spec.overrideRules',
        'FieldValueInvalid',
      ],
      [
        'invalid label key in labelsOverrider',
        edit(overridePolicy(), o => {
          o.spec.overrideRules[1].overriders.labelsOverrider[0].value = {
            'bad key!': 'x',
          };
        }),
        'spec.overrideRules[1].overriders.labelsOverrider[0].value',
        'FieldValueInvalid',
      ],
      [
        'targetCluster fieldSelector key',
        edit(clusterOverridePolicy(), o => {
          o.spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].key =
            'name';
        }),
        'spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].key',
        'FieldValueNotSupported',
      ],
    ])('rejects %s', (_name, obj, field, reason, ...old) => {
      // A rest parameter: jest would take a fifth declared parameter for a `done` callback.
      const causes = validateKarmadaObject(obj, old[0]);
      expect(causes).toContainEqual(expect.objectContaining({ field, reason }));
    });

    it('treats an absent schedulerName and default-scheduler as the same on update', () => {
      const old = edit(propagationPolicy(), o => delete o.spec.schedulerName);
      const next = edit(propagationPolicy(), o => {
        o.spec.schedulerName = 'default-scheduler';
      });
      expect(validateKarmadaObject(next, old)).toEqual([]);
    });

    it('allows gracePeriodSeconds when purgeMode is left to its Gracefully default', () => {
      const policy = edit(
        failoverPropagationPolicy(),
        o => delete o.spec.failover.application.purgeMode,
      );
      expect(validateKarmadaObject(policy)).toEqual([]);
    });

    it('lets a ClusterPropagationPolicy select any namespace', () => {
      const policy = clusterPropagationPolicy({
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-b' },
        ],
      });
      expect(validateKarmadaObject(policy)).toEqual([]);
    });
  });

  describe('Cluster', () => {
    it.each<[string, KubeObject, string, string]>([
      [
        'missing name',
        edit(cluster('x'), o => delete o.metadata.name),
        'metadata.name',
        'FieldValueRequired',
      ],
      [
        'name longer than 48',
        cluster('a'.repeat(49)),
        'metadata.name',
        'FieldValueInvalid',
      ],
      [
        'name not a DNS-1123 label',
        cluster('GPU_Seoul'),
        'metadata.name',
        'FieldValueInvalid',
      ],
      [
        'missing syncMode',
        edit(cluster('x'), o => delete o.spec.syncMode),
        'spec.syncMode',
        'FieldValueRequired',
      ],
      [
        'unknown syncMode',
        edit(cluster('x'), o => {
          o.spec.syncMode = 'Both';
        }),
        'spec.syncMode',
        'FieldValueNotSupported',
      ],
      [
        'zone with zones',
        edit(cluster('x', { zones: ['a'] }), o => {
          o.spec.zone = 'b';
        }),
        'spec.zone',
        'FieldValueInvalid',
      ],
      [
        'apiEndpoint not a URL',
        edit(cluster('x'), o => {
          o.spec.apiEndpoint = 'not a url';
        }),
        'spec.apiEndpoint',
        'FieldValueInvalid',
      ],
      [
        'invalid zone value',
        cluster('x', { zones: ['bad zone'] }),
        'spec.zones[0]',
        'FieldValueInvalid',
      ],
      [
        'invalid label value',
        cluster('x', { labels: { 'gpu-tier': 'very high' } }),
        'metadata.labels',
        'FieldValueInvalid',
      ],
      [
        'taint effect PreferNoSchedule',
        cluster('x', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
        'spec.taints[0].effect',
        'FieldValueNotSupported',
      ],
      [
        'duplicate taint',
        cluster('x', {
          taints: [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'a', value: 'b', effect: 'NoSchedule' },
          ],
        }),
        'spec.taints[1]',
        'FieldValueDuplicate',
      ],
    ])('rejects %s', (_name, obj, field, reason) => {
      expect(validateKarmadaObject(obj)).toContainEqual(
        expect.objectContaining({ field, reason }),
      );
    });

    it('accepts a 48-character name and an unset apiEndpoint', () => {
      const obj = edit(cluster('a'.repeat(48)), o => delete o.spec.apiEndpoint);
      expect(validateKarmadaObject(obj)).toEqual([]);
    });
  });
});
