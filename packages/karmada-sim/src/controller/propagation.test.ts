import {
  createKarmadaObject,
  getKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { CONTROL_PLANE } from '../types';

const NS = 'models';
const GENERAL = ['gpu-gen-frankfurt', 'gpu-gen-virginia'];

async function createNamespace(fleet: TestFleet, name: string) {
  await fleet.core.createNamespace({ body: { metadata: { name } } });
}

describe('KarmadaController: propagation to the general zone', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ modelLoadMs: 5000 });
    await createNamespace(fleet, NS);
    await fleet.apps.createNamespacedDeployment({
      namespace: NS,
      body: modelDeployment('llm', NS, { replicas: 4 }) as any,
    });
    await fleet.core.createNamespacedService({
      namespace: NS,
      body: {
        metadata: { name: 'llm', namespace: NS },
        spec: { selector: { app: 'llm' }, ports: [{ port: 8000 }] },
      },
    });
    await fleet.core.createNamespacedPersistentVolumeClaim({
      namespace: NS,
      body: {
        metadata: { name: 'llm-cache', namespace: NS },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '100Gi' } },
        },
      },
    });
    await createKarmadaObject(
      fleet,
      propagationPolicy(
        'llm-general',
        NS,
        [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llm' },
          { apiVersion: 'v1', kind: 'Service', name: 'llm' },
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            name: 'llm-cache',
          },
        ],
        {
          clusterAffinity: {
            labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
          },
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Weighted',
            weightPreference: { dynamicWeight: 'AvailableReplicas' },
          },
        },
      ),
    );
    await createKarmadaObject(fleet, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: 'pod-scheduler', namespace: NS },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llm' },
        ],
        overrideRules: [
          {
            targetCluster: {
              labelSelector: { matchLabels: { scheduler: 'volcano' } },
            },
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
    await fleet.settle();
  });

  afterAll(() => fleet.close());

  it('claims the templates for the policy and binds each one', async () => {
    const deployment = await fleet.apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    expect(deployment.metadata?.labels).toMatchObject({
      'propagationpolicy.karmada.io/name': 'llm-general',
      'propagationpolicy.karmada.io/namespace': NS,
    });
    const rb = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    expect(rb.apiVersion).toBe('work.karmada.io/v1alpha2');
    expect(rb.spec.resource).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: NS,
      name: 'llm',
      uid: deployment.metadata!.uid,
      resourceVersion: expect.any(String),
    });
    expect(rb.spec.replicas).toBe(4);
    expect(rb.spec.replicaRequirements.resourceRequest).toEqual({
      cpu: '2',
      memory: '8Gi',
      'nvidia.com/gpu': '1',
    });
    expect(rb.spec.placement.clusterAffinity).toEqual({
      labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
    });
    expect(rb.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'llm',
        uid: deployment.metadata!.uid,
        controller: true,
      }),
    ]);
    for (const name of ['llm-service', 'llm-cache-persistentvolumeclaim']) {
      const other = await getKarmadaObject(fleet, 'ResourceBinding', name, NS);
      expect(other.spec.replicas).toBeUndefined();
    }
  });

  it('schedules onto the ready general-zone clusters only', async () => {
    const rb = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    const names = rb.spec.clusters.map((c: any) => c.name);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(GENERAL).toContain(n);
    expect(names).not.toContain('lab-offline');
    expect(
      rb.spec.clusters.reduce((s: number, c: any) => s + c.replicas, 0),
    ).toBe(4);
    expect(rb.status.schedulerObservedGeneration).toBe(rb.metadata.generation);
    expect(rb.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Scheduled',
        status: 'True',
        reason: 'Success',
      }),
    );
    // Duplicated objects (the Service) go to every general-zone cluster that is ready.
    const svc = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-service',
      NS,
    );
    expect(svc.spec.clusters.map((c: any) => c.name)).toEqual(GENERAL);
  });

  it('writes a Work per target cluster carrying the member manifest', async () => {
    const rb = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    for (const { name, replicas } of rb.spec.clusters) {
      const works = await fleet.custom.listNamespacedCustomObject({
        group: 'work.karmada.io',
        version: 'v1alpha1',
        plural: 'works',
        namespace: `karmada-es-${name}`,
      });
      const work = works.items.find((w: any) =>
        w.metadata.name.startsWith('llm-deployment-'),
      );
      expect(work).toBeDefined();
      const manifest = work.spec.workload.manifests[0];
      expect(manifest.kind).toBe('Deployment');
      expect(manifest.spec.replicas).toBe(replicas);
      expect(manifest.metadata.uid).toBeUndefined();
      expect(manifest.metadata.resourceVersion).toBeUndefined();
      expect(manifest.metadata.labels['karmada.io/managed']).toBe('true');
      expect(work.status.conditions).toContainEqual(
        expect.objectContaining({ type: 'Applied', status: 'True' }),
      );
    }
  });

  it('applies the scheduler override only where the cluster label matches', async () => {
    const rb = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    const svcTargets = GENERAL;
    for (const name of svcTargets) {
      const member = fleet.member(name);
      await expect(
        member.core.readNamespacedService({ name: 'llm', namespace: NS }),
      ).resolves.toBeDefined();
      const pvc = await member.core.readNamespacedPersistentVolumeClaim({
        name: 'llm-cache',
        namespace: NS,
      });
      expect(pvc.status?.phase).toBe('Bound');
    }
    for (const { name, replicas } of rb.spec.clusters) {
      const d = await fleet
        .member(name)
        .apps.readNamespacedDeployment({ name: 'llm', namespace: NS });
      expect(d.spec?.replicas).toBe(replicas);
      expect(d.metadata?.uid).not.toBe(rb.spec.resource.uid);
      expect(d.metadata?.labels?.['karmada.io/managed']).toBe('true');
      expect(d.spec?.template.spec?.schedulerName).toBe(
        name === 'gpu-gen-virginia' ? 'volcano' : undefined,
      );
    }
  });

  it('runs pods that turn Ready only after the model load', async () => {
    const rb = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    const target = rb.spec.clusters[0];
    const member = fleet.member(target.name);
    const pods = (
      await member.core.listNamespacedPod({
        namespace: NS,
        labelSelector: 'app=llm',
      })
    ).items;
    expect(pods).toHaveLength(target.replicas);
    const d = await member.apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    for (const pod of pods) {
      expect(pod.metadata?.name).toMatch(/^llm-[a-z0-9]{10}-[a-z0-9]{5}$/);
      const owner = pod.metadata?.ownerReferences?.[0];
      expect(owner).toMatchObject({ kind: 'ReplicaSet', controller: true });
      const rs = await member.apps.readNamespacedReplicaSet({
        name: owner!.name,
        namespace: NS,
      });
      expect(rs.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'Deployment',
        uid: d.metadata?.uid,
        controller: true,
      });
      expect(pod.spec?.nodeName).toBeTruthy();
      expect(pod.status?.phase).toBe('Running');
      expect(
        pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('False');
      expect(pod.status?.containerStatuses?.[0].ready).toBe(false);
    }
    let binding = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    expect(
      binding.status.aggregatedStatus.find(
        (s: any) => s.clusterName === target.name,
      ).health,
    ).toBe('Unhealthy');

    await fleet.advance(4999);
    const stillLoading = await member.core.readNamespacedPod({
      name: pods[0].metadata!.name!,
      namespace: NS,
    });
    expect(
      stillLoading.status?.conditions?.find(c => c.type === 'Ready')?.status,
    ).toBe('False');

    await fleet.advance(1);
    const ready = await member.core.readNamespacedPod({
      name: pods[0].metadata!.name!,
      namespace: NS,
    });
    expect(
      ready.status?.conditions?.find(c => c.type === 'Ready')?.status,
    ).toBe('True');
    expect(ready.status?.containerStatuses?.[0].ready).toBe(true);

    const events = (
      await member.core.listNamespacedEvent({
        namespace: NS,
        fieldSelector: `involvedObject.name=${pods[0].metadata!.name}`,
      })
    ).items.map(e => e.reason);
    expect(events).toEqual(
      expect.arrayContaining([
        'Scheduled',
        'Pulled',
        'Started',
        'Unhealthy',
        'Ready',
      ]),
    );

    binding = await getKarmadaObject(
      fleet,
      'ResourceBinding',
      'llm-deployment',
      NS,
    );
    expect(binding.status.aggregatedStatus).toHaveLength(
      binding.spec.clusters.length,
    );
    for (const item of binding.status.aggregatedStatus) {
      expect(item).toMatchObject({ applied: true, health: 'Healthy' });
      const share = binding.spec.clusters.find(
        (c: any) => c.name === item.clusterName,
      ).replicas;
      expect(item.status).toEqual({
        replicas: share,
        readyReplicas: share,
        availableReplicas: share,
        updatedReplicas: share,
      });
    }
    expect(binding.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'FullyApplied',
        status: 'True',
        reason: 'FullyAppliedSuccess',
      }),
    );

    const template = await fleet.apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    expect(template.status).toMatchObject({
      replicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      updatedReplicas: 4,
      observedGeneration: template.metadata?.generation,
    });
    const memberDeployment = await member.apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    expect(memberDeployment.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Available', status: 'True' }),
        expect.objectContaining({
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        }),
      ]),
    );
  });

  it('counts the pods in the clusters resource summary', () => {
    const store = fleet.karmada.sim.store;
    for (const name of GENERAL) {
      const cluster = store.get(
        CONTROL_PLANE,
        'clusters.cluster.karmada.io',
        name,
      );
      const pods = store
        .list(name, 'pods')
        .items.filter(p => p.spec?.nodeName).length;
      expect(cluster.status.resourceSummary.allocated.pods).toBe(String(pods));
    }
  });

  it('scales down by deleting the newest pods and rolls pods on a template change', async () => {
    const store = fleet.karmada.sim.store;
    await fleet.apps.patchNamespacedDeployment({
      name: 'llm',
      namespace: NS,
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    await fleet.settle();
    const rb = store.get(
      CONTROL_PLANE,
      'resourcebindings.work.karmada.io',
      'llm-deployment',
      NS,
    );
    expect(rb.spec.replicas).toBe(2);
    let total = 0;
    for (const { name, replicas } of rb.spec.clusters) {
      const pods = store.list(name, 'pods', { namespace: NS }).items;
      expect(pods).toHaveLength(replicas);
      total += replicas;
    }
    expect(total).toBe(2);

    const before = new Set(
      rb.spec.clusters.flatMap((c: any) =>
        store
          .list(c.name, 'pods', { namespace: NS })
          .items.map(p => p.metadata.name),
      ),
    );
    await fleet.apps.patchNamespacedDeployment({
      name: 'llm',
      namespace: NS,
      body: [
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'vllm/vllm-openai:v0.9.0',
        },
      ],
    });
    await fleet.settle();
    for (const { name, replicas } of rb.spec.clusters) {
      const pods = store.list(name, 'pods', { namespace: NS }).items;
      expect(pods).toHaveLength(replicas);
      for (const p of pods) {
        expect(before.has(p.metadata.name)).toBe(false);
        expect(p.spec.containers[0].image).toBe('vllm/vllm-openai:v0.9.0');
      }
    }
  });
});
