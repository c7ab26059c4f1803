import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { CONTROL_PLANE } from '../types';

const RB = 'resourcebindings.work.karmada.io';
const PAIR = ['gpu-gen-frankfurt', 'gpu-gen-virginia'];

async function workload(
  fleet: TestFleet,
  ns: string,
  failover: Record<string, unknown> | undefined,
) {
  await fleet.core.createNamespace({ body: { metadata: { name: ns } } });
  await fleet.apps.createNamespacedDeployment({
    namespace: ns,
    body: modelDeployment('app', ns, {
      replicas: 2,
      requests: { cpu: '1', memory: '2Gi' },
    }) as any,
  });
  await createKarmadaObject(
    fleet,
    propagationPolicy(
      'app',
      ns,
      [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' }],
      {
        clusterAffinity: { clusterNames: PAIR },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: [
              { targetCluster: { clusterNames: PAIR }, weight: 1 },
            ],
          },
        },
      },
      failover ? { propagateDeps: true, failover } : {},
    ),
  );
}

describe('application failover', () => {
  let fleet: TestFleet;
  const store = () => fleet.karmada.sim.store;
  const targets = (ns: string) =>
    store().get(CONTROL_PLANE, RB, 'app-deployment', ns).spec.clusters;

  beforeAll(async () => {
    fleet = await startTestFleet({ modelLoadMs: 1000 });
    await workload(fleet, 'with-failover', {
      application: {
        decisionConditions: { tolerationSeconds: 60 },
        purgeMode: 'Directly',
      },
    });
    await workload(fleet, 'without-failover', undefined);
    await fleet.settle();
    await fleet.advance(1000);
  });
  afterAll(() => fleet.close());

  it('starts with one replica on each cluster of the pair', () => {
    for (const ns of ['with-failover', 'without-failover']) {
      expect(targets(ns)).toEqual([
        { name: 'gpu-gen-frankfurt', replicas: 1 },
        { name: 'gpu-gen-virginia', replicas: 1 },
      ]);
    }
  });

  it('moves the replicas off a failed cluster only after tolerationSeconds, and only with failover', async () => {
    fleet.karmada.controller.markClusterReady('gpu-gen-frankfurt', false);
    await fleet.settle();
    await fleet.advance(59_000);
    expect(targets('with-failover')).toHaveLength(2);

    await fleet.advance(1_000);
    expect(targets('with-failover')).toEqual([
      { name: 'gpu-gen-virginia', replicas: 2 },
    ]);
    const binding = store().get(
      CONTROL_PLANE,
      RB,
      'app-deployment',
      'with-failover',
    );
    expect(binding.spec.gracefulEvictionTasks).toEqual([
      expect.objectContaining({
        fromCluster: 'gpu-gen-frankfurt',
        reason: 'ApplicationFailure',
        purgeMode: 'Directly',
      }),
    ]);
    // Karmada's event, on the binding and the resource template.
    const evicted = store()
      .list(CONTROL_PLANE, 'events', { namespace: 'with-failover' })
      .items.filter((e: any) => e.reason === 'EvictWorkloadFromClusterSucceed')
      .map((e: any) => [
        e.involvedObject.kind,
        e.message,
        e.type,
        e.source.component,
      ]);
    expect(evicted).toEqual([
      [
        'ResourceBinding',
        'Evict from cluster gpu-gen-frankfurt succeed.',
        'Normal',
        'resource-binding-application-failover-controller',
      ],
      [
        'Deployment',
        'Evict from cluster gpu-gen-frankfurt succeed.',
        'Normal',
        'resource-binding-application-failover-controller',
      ],
    ]);
    expect(
      store().tryGet(
        'gpu-gen-frankfurt',
        'deployments.apps',
        'app',
        'with-failover',
      ),
    ).toBeUndefined();
    expect(
      store().get(
        'gpu-gen-virginia',
        'deployments.apps',
        'app',
        'with-failover',
      ).spec.replicas,
    ).toBe(2);
    await fleet.advance(1000);
    expect(
      store()
        .list('gpu-gen-virginia', 'pods', { namespace: 'with-failover' })
        .items.filter(p =>
          p.status.conditions.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        ),
    ).toHaveLength(2);

    // Without failover the replicas stay where they were scheduled.
    await fleet.advance(600_000);
    expect(targets('without-failover')).toEqual([
      { name: 'gpu-gen-frankfurt', replicas: 1 },
      { name: 'gpu-gen-virginia', replicas: 1 },
    ]);
    expect(
      store().get(
        'gpu-gen-frankfurt',
        'deployments.apps',
        'app',
        'without-failover',
      ),
    ).toBeDefined();
  });

  it('ends the eviction once the cluster is ready again', async () => {
    fleet.karmada.controller.markClusterReady('gpu-gen-frankfurt', true);
    await fleet.settle();
    const binding = store().get(
      CONTROL_PLANE,
      RB,
      'app-deployment',
      'with-failover',
    );
    expect(binding.spec.gracefulEvictionTasks).toBeUndefined();
  });
});
