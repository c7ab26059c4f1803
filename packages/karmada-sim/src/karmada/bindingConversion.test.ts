import { bindingToV1alpha1, bindingToV1alpha2 } from './bindingConversion';

describe('bindingToV1alpha1', () => {
  it('converts as Karmada ConvertFrom does', () => {
    const v1alpha2 = {
      apiVersion: 'work.karmada.io/v1alpha2',
      kind: 'ResourceBinding',
      metadata: {
        name: 'web-deployment',
        namespace: 'default',
        labels: { a: 'b' },
      },
      spec: {
        resource: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'default',
          name: 'web',
          uid: 'u1',
          resourceVersion: '7',
        },
        replicas: 3,
        replicaRequirements: {
          resourceRequest: { cpu: '1' },
          nodeClaim: { tolerations: [] },
        },
        clusters: [
          { name: 'm1', replicas: 2 },
          { name: 'm2', replicas: 1 },
        ],
        placement: { clusterAffinity: { clusterNames: ['m1', 'm2'] } },
        gracefulEvictionTasks: [{ fromCluster: 'm3' }],
        conflictResolution: 'Abort',
      },
      status: {
        schedulerObservedGeneration: 2,
        conditions: [{ type: 'Scheduled', status: 'True' }],
        aggregatedStatus: [
          {
            clusterName: 'm1',
            applied: true,
            health: 'Healthy',
            status: { replicas: 2 },
          },
          {
            clusterName: 'm2',
            applied: false,
            appliedMessage: 'nope',
            health: 'Unknown',
          },
        ],
      },
    };
    expect(bindingToV1alpha1(v1alpha2)).toEqual({
      apiVersion: 'work.karmada.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: v1alpha2.metadata,
      spec: {
        resource: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'default',
          name: 'web',
          resourceVersion: '7',
          resourcePerReplicas: { cpu: '1' },
          replicas: 3,
        },
        clusters: [
          { name: 'm1', replicas: 2 },
          { name: 'm2', replicas: 1 },
        ],
      },
      status: {
        conditions: [{ type: 'Scheduled', status: 'True' }],
        aggregatedStatus: [
          { clusterName: 'm1', applied: true, status: { replicas: 2 } },
          { clusterName: 'm2', appliedMessage: 'nope' },
        ],
      },
    });
  });
});

describe('bindingToV1alpha2', () => {
  const v1alpha1 = {
    apiVersion: 'work.karmada.io/v1alpha1',
    kind: 'ClusterResourceBinding',
    metadata: { name: 'web', labels: { a: 'b' }, finalizers: ['f'] },
    spec: {
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        resourceVersion: '7',
        resourcePerReplicas: { cpu: '1' },
        replicas: 3,
      },
      clusters: [{ name: 'm1', replicas: 2 }, { name: 'm2' }],
    },
    status: {
      conditions: [{ type: 'Scheduled', status: 'True' }],
      aggregatedStatus: [
        { clusterName: 'm1', applied: true, status: { replicas: 2 } },
        { clusterName: 'm2', appliedMessage: 'nope' },
      ],
    },
  };

  it('converts as Karmada ConvertTo does', () => {
    expect(bindingToV1alpha2(v1alpha1)).toEqual({
      apiVersion: 'work.karmada.io/v1alpha2',
      kind: 'ClusterResourceBinding',
      metadata: v1alpha1.metadata,
      spec: {
        resource: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'default',
          name: 'web',
          resourceVersion: '7',
        },
        replicas: 3,
        replicaRequirements: { resourceRequest: { cpu: '1' } },
        clusters: [{ name: 'm1', replicas: 2 }, { name: 'm2' }],
      },
      status: v1alpha1.status,
    });
  });

  it('round-trips v1alpha1 unchanged', () => {
    expect(bindingToV1alpha1(bindingToV1alpha2(v1alpha1))).toEqual(v1alpha1);
  });

  it('leaves out zero replicas and an empty request, as omitempty does', () => {
    const out = bindingToV1alpha2({
      ...v1alpha1,
      spec: { resource: { ...v1alpha1.spec.resource, replicas: 0 } },
    });
    expect(out.spec).not.toHaveProperty('replicas');
    expect(out.spec).not.toHaveProperty('clusters');
  });
});
