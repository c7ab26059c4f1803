import { CustomObjectsApi } from '@kubernetes/client-node';
import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { failure, kubeConfigFor, statusOf } from '../__testUtils__/kube';
import { CONTROL_PLANE } from '../types';
import { registerKarmadaAdmission } from './admission';

const PP = {
  group: 'policy.karmada.io',
  version: 'v1alpha1',
  plural: 'propagationpolicies',
};

function policy(spec: Record<string, unknown>, name = 'p') {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace: 'default' },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llm' },
      ],
      ...spec,
    },
  };
}

describe('registerKarmadaAdmission over HTTP', () => {
  let sim: KarmadaSimulator;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      setup: s => registerKarmadaAdmission(s.store),
    });
    custom = kubeConfigFor(sim).makeApiClient(CustomObjectsApi);
  });
  afterAll(() => sim.close());

  it('stores policies with the CRD defaults filled in', async () => {
    const created = await custom.createNamespacedCustomObject({
      ...PP,
      namespace: 'default',
      body: policy({
        placement: {
          clusterAffinity: { clusterNames: ['a'] },
          replicaScheduling: {},
        },
      }),
    });
    expect(created.spec).toMatchObject({
      conflictResolution: 'Abort',
      preemption: 'Never',
      priority: 0,
      schedulerName: 'default-scheduler',
      placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } },
    });
    // A write that only leaves defaults out is not a spec change.
    const body = policy({
      placement: {
        clusterAffinity: { clusterNames: ['a'] },
        replicaScheduling: {},
      },
    });
    // A custom resource's PUT must carry the resourceVersion (422 otherwise).
    const replaced = await custom.replaceNamespacedCustomObject({
      ...PP,
      namespace: 'default',
      name: 'p',
      body: {
        ...body,
        metadata: {
          ...body.metadata,
          resourceVersion: created.metadata.resourceVersion,
        },
      },
    });
    expect(replaced.metadata.generation).toBe(1);
  });

  it('rejects gracePeriodSeconds without purgeMode Gracefully with 422', async () => {
    const e = await failure(
      custom.createNamespacedCustomObject({
        ...PP,
        namespace: 'default',
        body: policy(
          {
            propagateDeps: true,
            placement: { clusterAffinity: { clusterNames: ['a'] } },
            failover: {
              application: {
                decisionConditions: { tolerationSeconds: 60 },
                purgeMode: 'Directly',
                gracePeriodSeconds: 30,
              },
            },
          },
          'grace',
        ),
      }),
    );
    expect(e.code).toBe(422);
    const status = statusOf(e);
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes.map((c: any) => c.field)).toContain(
      'spec.failover.application.gracePeriodSeconds',
    );
    expect(
      sim.store.tryGet(
        CONTROL_PLANE,
        'propagationpolicies.policy.karmada.io',
        'grace',
        'default',
      ),
    ).toBeUndefined();
  });

  it('rejects clusterAffinity together with clusterAffinities with 422', async () => {
    const e = await failure(
      custom.createNamespacedCustomObject({
        ...PP,
        namespace: 'default',
        body: policy(
          {
            placement: {
              clusterAffinity: { clusterNames: ['a'] },
              clusterAffinities: [{ affinityName: 'g', clusterNames: ['b'] }],
            },
          },
          'both',
        ),
      }),
    );
    expect(e.code).toBe(422);
    expect(
      statusOf(e).details.causes.some((c: any) =>
        String(c.field).startsWith('spec.placement'),
      ),
    ).toBe(true);
  });

  it('validates updates too, and Clusters', async () => {
    const e = await failure(
      custom.patchNamespacedCustomObject({
        ...PP,
        namespace: 'default',
        name: 'p',
        body: [
          {
            op: 'add',
            path: '/spec/placement/clusterAffinities',
            value: [{ affinityName: 'g', clusterNames: ['b'] }],
          },
        ],
      }),
    );
    expect(e.code).toBe(422);
    const cluster = await failure(
      custom.createClusterCustomObject({
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        plural: 'clusters',
        body: {
          apiVersion: 'cluster.karmada.io/v1alpha1',
          kind: 'Cluster',
          metadata: { name: 'no-sync-mode' },
          spec: {},
        },
      }),
    );
    expect(cluster.code).toBe(422);
    expect(statusOf(cluster).details.causes.map((c: any) => c.field)).toContain(
      'spec.syncMode',
    );
  });

  it('leaves member clusters and other kinds alone', () => {
    sim.store.addCluster('member1');
    expect(() =>
      sim.store.create('member1', 'configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'default' },
      }),
    ).not.toThrow();
  });
});
