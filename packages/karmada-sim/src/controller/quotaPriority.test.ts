import {
  AppsV1Api,
  CoreV1Api,
  SchedulingV1Api,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';
import { PLATFORM_PRIORITY_CLASSES } from '../kube/priority';

const MEMBER = 'gpu-gen-frankfurt';
const OTHER = 'gpu-gen-virginia';

function clients(fleet: TestFleet, member?: string) {
  const kc = kubeConfigFor(fleet.karmada.sim, member);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    scheduling: kc.makeApiClient(SchedulingV1Api),
  };
}

function gpuPod(
  name: string,
  namespace: string,
  requests: Record<string, string>,
  extra: Record<string, unknown> = {},
): V1Pod {
  return {
    metadata: { name, namespace },
    spec: {
      containers: [
        {
          name: 'server',
          image: 'vllm/vllm-openai:v0.8.5',
          resources: { requests },
        },
      ],
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
      ...extra,
    },
  };
}

async function names(api: SchedulingV1Api): Promise<Record<string, number>> {
  const list = await api.listPriorityClass();
  return Object.fromEntries(list.items.map(c => [c.metadata!.name!, c.value]));
}

describe('PriorityClass and ResourceQuota: serving and validation', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet();
  });
  afterAll(() => fleet.close());

  it('discovers priorityclasses (cluster-scoped, pc) and resourcequotas on the control plane', async () => {
    const sched = await raw(
      fleet.karmada.sim,
      'GET',
      '/apis/scheduling.k8s.io/v1',
    );
    expect(sched.status).toBe(200);
    expect(sched.body.resources).toEqual([
      expect.objectContaining({
        name: 'priorityclasses',
        kind: 'PriorityClass',
        namespaced: false,
        shortNames: ['pc'],
      }),
    ]);
    const core = await raw(fleet.karmada.sim, 'GET', '/api/v1');
    expect(core.body.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(['resourcequotas', 'resourcequotas/status']),
    );
    const member = await raw(
      fleet.karmada.sim,
      'GET',
      `/apis/cluster.karmada.io/v1alpha1/clusters/${MEMBER}/proxy/apis/scheduling.k8s.io/v1`,
    );
    expect(member.body.resources.map((r: any) => r.name)).toEqual([
      'priorityclasses',
    ]);
  });

  it('starts every cluster with the system classes, and members with the platform ones', async () => {
    expect(await names(clients(fleet).scheduling)).toEqual({
      'system-cluster-critical': 2000000000,
      'system-node-critical': 2000001000,
    });
    const expected = {
      'system-cluster-critical': 2000000000,
      'system-node-critical': 2000001000,
      'inference-critical': 1000000,
      training: 100000,
      experiment: 10000,
    };
    expect(await names(clients(fleet, MEMBER).scheduling)).toEqual(expected);
    // A member registered at runtime gets them too.
    fleet.karmada.sim.store.addCluster('late-member');
    expect(await names(clients(fleet, 'late-member').scheduling)).toEqual(
      expected,
    );
    const read = await clients(fleet, MEMBER).scheduling.readPriorityClass({
      name: 'training',
    });
    expect(read.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(read.metadata?.labels?.['karmada.io/managed']).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a user value above 1000000000',
      { metadata: { name: 'too-high' }, value: 1000000001 },
      'PriorityClass.scheduling.k8s.io "too-high" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ],
    [
      'a system- name',
      { metadata: { name: 'system-mine' }, value: 10 },
      'PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-mine is not a known system priority class',
    ],
  ])('refuses %s with 422 Invalid', async (_name, body, message) => {
    const e = await failure(
      clients(fleet).scheduling.createPriorityClass({ body: body as any }),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e)).toMatchObject({ reason: 'Invalid', message });
  });

  it('refuses a change of value, and a second globalDefault class with 403', async () => {
    const { scheduling } = clients(fleet, OTHER);
    const created = await scheduling.createPriorityClass({
      body: {
        metadata: { name: 'default-low' },
        value: 5,
        globalDefault: true,
      },
    });
    const e = await failure(
      scheduling.replacePriorityClass({
        name: 'default-low',
        body: { ...created, value: 6 },
      }),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e).message).toContain(
      'value: Forbidden: may not be changed in an update',
    );
    // The description may change.
    await scheduling.replacePriorityClass({
      name: 'default-low',
      body: { ...created, description: 'the default' },
    });
    const second = await failure(
      scheduling.createPriorityClass({
        body: {
          metadata: { name: 'default-two' },
          value: 6,
          globalDefault: true,
        },
      }),
    );
    expect(second.code).toBe(403);
    expect(statusOf(second)).toMatchObject({
      reason: 'Forbidden',
      message:
        'priorityclasses.scheduling.k8s.io "default-two" is forbidden: PriorityClass default-low is already marked as default. Only one default can exist',
    });
    // A pod naming no class gets the default's name and value.
    const { core } = clients(fleet, OTHER);
    const pod = await core.createNamespacedPod({
      namespace: 'default',
      body: gpuPod('defaulted', 'default', { cpu: '100m' }),
    });
    expect(pod.spec?.priority).toBe(5);
    expect(pod.spec?.priorityClassName).toBe('default-low');
    await scheduling.deletePriorityClass({ name: 'default-low' });
  });
});

describe('priority admission on members', () => {
  let fleet: TestFleet;
  const NS = 'team-prio';
  beforeAll(async () => {
    fleet = await startTestFleet();
    await clients(fleet, MEMBER).core.createNamespace({
      body: { metadata: { name: NS } },
    });
  });
  afterAll(() => fleet.close());

  it.each<[string, string | undefined, number]>([
    ['inference-critical', 'inference-critical', 1000000],
    ['experiment', 'experiment', 10000],
    ['no class', undefined, 0],
  ])('sets spec.priority for %s', async (name, className, priority) => {
    const pod = await clients(fleet, MEMBER).core.createNamespacedPod({
      namespace: NS,
      body: gpuPod(
        `p-${name.replace(/ /g, '-')}`,
        NS,
        { cpu: '100m' },
        className ? { priorityClassName: className } : {},
      ),
    });
    expect(pod.spec?.priority).toBe(priority);
    expect(pod.spec?.priorityClassName).toBe(className);
    expect(pod.spec?.preemptionPolicy).toBe(
      className ? 'PreemptLowerPriority' : undefined,
    );
  });

  it('refuses a pod naming a missing class with 403', async () => {
    const e = await failure(
      clients(fleet, MEMBER).core.createNamespacedPod({
        namespace: NS,
        body: gpuPod(
          'lost',
          NS,
          { cpu: '100m' },
          { priorityClassName: 'batch-low' },
        ),
      }),
    );
    expect(e.code).toBe(403);
    expect(statusOf(e)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods "lost" is forbidden: no PriorityClass with name batch-low was found',
      details: { name: 'lost', kind: 'pods' },
    });
  });

  it('marks the ReplicaSet and Deployment ReplicaFailure and retries once the class exists', async () => {
    const { apps, core, scheduling } = clients(fleet, MEMBER);
    const deployment = modelDeployment('batch', NS, {
      replicas: 2,
      requests: { cpu: '100m', memory: '128Mi' },
    });
    deployment.spec.template.spec.priorityClassName = 'batch-low';
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment as any,
    });
    await fleet.settle();
    const [rs] = (await apps.listNamespacedReplicaSet({ namespace: NS })).items;
    const rsName = rs.metadata!.name!;
    const message = `pods "${rsName}-" is forbidden: no PriorityClass with name batch-low was found`;
    expect(rs.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message,
      }),
    ]);
    const d = await apps.readNamespacedDeployment({
      name: 'batch',
      namespace: NS,
    });
    expect(d.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message,
        }),
      ]),
    );
    const events = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${rsName},reason=FailedCreate`,
    });
    expect(events.items).toEqual([
      expect.objectContaining({
        type: 'Warning',
        message: `Error creating: ${message}`,
      }),
    ]);

    await scheduling.createPriorityClass({
      body: { metadata: { name: 'batch-low' }, value: 1000 },
    });
    await fleet.settle();
    const pods = (
      await core.listNamespacedPod({
        namespace: NS,
        labelSelector: 'app=batch',
      })
    ).items;
    expect(pods.map(p => p.spec?.priority)).toEqual([1000, 1000]);
    const after = await apps.readNamespacedReplicaSet({
      name: rsName,
      namespace: NS,
    });
    expect(after.status?.conditions ?? []).toEqual([]);
    const d2 = await apps.readNamespacedDeployment({
      name: 'batch',
      namespace: NS,
    });
    expect(d2.status?.conditions?.map(c => c.type)).toEqual([
      'Available',
      'Progressing',
    ]);
  });
});

describe('quota admission and status on members', () => {
  let fleet: TestFleet;
  const NS = 'team-a';
  beforeAll(async () => {
    fleet = await startTestFleet();
    const { core } = clients(fleet, MEMBER);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: {
        metadata: { name: 'team-quota', namespace: NS },
        spec: {
          hard: {
            pods: '10',
            'requests.cpu': '8',
            'requests.memory': '32Gi',
            'requests.nvidia.com/gpu': '4',
          },
        },
      },
    });
    await fleet.settle();
  });
  afterAll(() => fleet.close());

  async function quota() {
    return clients(fleet, MEMBER).core.readNamespacedResourceQuota({
      name: 'team-quota',
      namespace: NS,
    });
  }

  it('reports hard and a zero usage for a new quota', async () => {
    expect((await quota()).status).toEqual({
      hard: {
        pods: '10',
        'requests.cpu': '8',
        'requests.memory': '32Gi',
        'requests.nvidia.com/gpu': '4',
      },
      used: {
        pods: '0',
        'requests.cpu': '0',
        'requests.memory': '0',
        'requests.nvidia.com/gpu': '0',
      },
    });
  });

  it('admits a pod within the quota and counts it in status.used', async () => {
    await clients(fleet, MEMBER).core.createNamespacedPod({
      namespace: NS,
      body: gpuPod('first', NS, {
        cpu: '1500m',
        memory: '8Gi',
        'nvidia.com/gpu': '3',
      }),
    });
    await fleet.settle();
    expect((await quota()).status?.used).toEqual({
      pods: '1',
      'requests.cpu': '1500m',
      'requests.memory': '8Gi',
      'requests.nvidia.com/gpu': '3',
    });
  });

  it('refuses a pod over the quota with 403 in kube’s words', async () => {
    const e = await failure(
      clients(fleet, MEMBER).core.createNamespacedPod({
        namespace: NS,
        body: gpuPod('second', NS, {
          cpu: '1',
          memory: '1Gi',
          'nvidia.com/gpu': '2',
        }),
      }),
    );
    expect(e.code).toBe(403);
    expect(statusOf(e)).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods "second" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4',
    });
  });

  it('refuses a pod without the cpu request a quota limits', async () => {
    const e = await failure(
      clients(fleet, MEMBER).core.createNamespacedPod({
        namespace: NS,
        body: gpuPod('bare', NS, { memory: '1Gi' }),
      }),
    );
    expect(e.code).toBe(403);
    expect(statusOf(e).message).toBe(
      'pods "bare" is forbidden: failed quota: team-quota: must specify requests.cpu for: server',
    );
  });

  it('marks a Deployment ReplicaFailure when its pods do not fit, and recovers when the quota grows', async () => {
    const { apps, core } = clients(fleet, MEMBER);
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: modelDeployment('llm', NS, {
        replicas: 2,
        requests: { cpu: '1', memory: '4Gi', 'nvidia.com/gpu': '1' },
      }) as any,
    });
    await fleet.settle();
    const [rs] = (
      await apps.listNamespacedReplicaSet({
        namespace: NS,
        labelSelector: 'app=llm',
      })
    ).items;
    const rsName = rs.metadata!.name!;
    const message = `pods "${rsName}-" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4`;
    expect(rs.status?.replicas).toBe(1);
    expect(rs.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'ReplicaFailure',
        reason: 'FailedCreate',
        message,
      }),
    ]);
    const d = await apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    expect(
      d.status?.conditions?.find(c => c.type === 'ReplicaFailure'),
    ).toEqual(
      expect.objectContaining({
        status: 'True',
        reason: 'FailedCreate',
        message,
      }),
    );
    const events = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${rsName},reason=FailedCreate`,
    });
    expect(events.items.map(ev => ev.message)).toEqual([
      `Error creating: ${message}`,
    ]);
    expect((await quota()).status?.used?.['requests.nvidia.com/gpu']).toBe('4');

    const q = await quota();
    q.spec!.hard!['requests.nvidia.com/gpu'] = '5';
    await core.replaceNamespacedResourceQuota({
      name: 'team-quota',
      namespace: NS,
      body: q,
    });
    await fleet.settle();
    const pods = (
      await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=llm' })
    ).items;
    expect(pods).toHaveLength(2);
    const d2 = await apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    expect(d2.status?.conditions?.map(c => c.type)).not.toContain(
      'ReplicaFailure',
    );
    expect((await quota()).status).toEqual({
      hard: {
        pods: '10',
        'requests.cpu': '8',
        'requests.memory': '32Gi',
        'requests.nvidia.com/gpu': '5',
      },
      used: {
        pods: '3',
        'requests.cpu': '3500m',
        'requests.memory': '16Gi',
        'requests.nvidia.com/gpu': '5',
      },
    });
  });

  it('stops counting finished and deleted pods, and lets a refused ReplicaSet retry', async () => {
    const { apps, core } = clients(fleet, MEMBER);
    const d = await apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    d.spec!.replicas = 3;
    await apps.replaceNamespacedDeployment({
      name: 'llm',
      namespace: NS,
      body: d,
    });
    await fleet.settle();
    expect(
      (
        await core.listNamespacedPod({
          namespace: NS,
          labelSelector: 'app=llm',
        })
      ).items,
    ).toHaveLength(2);
    // `first` finishes: its 3 GPUs are free again.
    const first = await core.readNamespacedPod({
      name: 'first',
      namespace: NS,
    });
    await core.replaceNamespacedPodStatus({
      name: 'first',
      namespace: NS,
      body: { ...first, status: { ...first.status, phase: 'Succeeded' } },
    });
    await fleet.settle();
    expect(
      (
        await core.listNamespacedPod({
          namespace: NS,
          labelSelector: 'app=llm',
        })
      ).items,
    ).toHaveLength(3);
    expect((await quota()).status?.used).toMatchObject({
      pods: '3',
      'requests.nvidia.com/gpu': '3',
    });
    await core.deleteNamespacedPod({ name: 'first', namespace: NS });
    await fleet.settle();
    expect((await quota()).status?.used?.pods).toBe('3');
  });

  it('enforces count/deployments.apps', async () => {
    const { apps, core } = clients(fleet, MEMBER);
    await core.createNamespace({ body: { metadata: { name: 'team-count' } } });
    await core.createNamespacedResourceQuota({
      namespace: 'team-count',
      body: {
        metadata: { name: 'objects' },
        spec: { hard: { 'count/deployments.apps': '1' } },
      },
    });
    await apps.createNamespacedDeployment({
      namespace: 'team-count',
      body: modelDeployment('one', 'team-count', { replicas: 0 }) as any,
    });
    const e = await failure(
      apps.createNamespacedDeployment({
        namespace: 'team-count',
        body: modelDeployment('two', 'team-count', { replicas: 0 }) as any,
      }),
    );
    expect(e.code).toBe(403);
    expect(statusOf(e).message).toBe(
      'deployments.apps "two" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    await fleet.settle();
    const q = await core.readNamespacedResourceQuota({
      name: 'objects',
      namespace: 'team-count',
    });
    expect(q.status?.used).toEqual({ 'count/deployments.apps': '1' });
  });
});

describe('propagating ResourceQuotas and PriorityClasses', () => {
  let fleet: TestFleet;
  const NS = 'team-q';
  beforeAll(async () => {
    fleet = await startTestFleet();
  });
  afterAll(() => fleet.close());

  it('propagates a ResourceQuota into a namespace that exists only on the control plane', async () => {
    await fleet.core.createNamespace({ body: { metadata: { name: NS } } });
    await fleet.core.createNamespacedResourceQuota({
      namespace: NS,
      body: {
        metadata: { name: 'team-quota', namespace: NS },
        spec: { hard: { pods: '5', 'requests.nvidia.com/gpu': '4' } },
      },
    });
    await createKarmadaObject(
      fleet,
      propagationPolicy(
        'team-quota-propagation',
        NS,
        [{ apiVersion: 'v1', kind: 'ResourceQuota', name: 'team-quota' }],
        { clusterAffinity: { clusterNames: [MEMBER, OTHER] } },
      ),
    );
    await fleet.settle();
    for (const member of [MEMBER, OTHER]) {
      const { core } = clients(fleet, member);
      await core.readNamespace({ name: NS });
      const q = await core.readNamespacedResourceQuota({
        name: 'team-quota',
        namespace: NS,
      });
      expect(q.metadata?.labels).toMatchObject({
        'karmada.io/managed': 'true',
      });
      expect(q.metadata?.annotations).toMatchObject({
        'resourcebinding.karmada.io/name': 'team-quota-resourcequota',
      });
      expect(q.status).toEqual({
        hard: { pods: '5', 'requests.nvidia.com/gpu': '4' },
        used: { pods: '0', 'requests.nvidia.com/gpu': '0' },
      });
    }
    // The control plane's copy has no usage: it has no pods and no quota controller.
    const template = await fleet.core.readNamespacedResourceQuota({
      name: 'team-quota',
      namespace: NS,
    });
    expect(template.status).toBeUndefined();
    // The binding reflects each member's hard and used.
    const rb = await fleet.custom.getNamespacedCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha2',
      namespace: NS,
      plural: 'resourcebindings',
      name: 'team-quota-resourcequota',
    });
    expect(
      rb.status.aggregatedStatus.map((i: any) => [
        i.clusterName,
        i.applied,
        i.status?.used,
      ]),
    ).toEqual([
      [MEMBER, true, { pods: '0', 'requests.nvidia.com/gpu': '0' }],
      [OTHER, true, { pods: '0', 'requests.nvidia.com/gpu': '0' }],
    ]);
    // The members enforce it.
    const e = await failure(
      clients(fleet, MEMBER).core.createNamespacedPod({
        namespace: NS,
        body: gpuPod('big', NS, { 'nvidia.com/gpu': '5' }),
      }),
    );
    expect(statusOf(e).message).toBe(
      'pods "big" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=5, used: requests.nvidia.com/gpu=0, limited: requests.nvidia.com/gpu=4',
    );
  });

  async function works(crb: string) {
    const list = await fleet.custom.listClusterCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha1',
      plural: 'works',
    });
    return (list.items as any[]).filter(
      w =>
        w.metadata?.annotations?.['clusterresourcebinding.karmada.io/name'] ===
        crb,
    );
  }

  it('propagates PriorityClasses through a ClusterResourceBinding; pre-installed ones need Overwrite', async () => {
    const cp = clients(fleet).scheduling;
    for (const pc of PLATFORM_PRIORITY_CLASSES) {
      await cp.createPriorityClass({
        body: {
          metadata: {
            name: pc.metadata.name,
            labels: { 'h-mas.io/priority-preset': 'true' },
          },
          // `experiment` differs from the member's: Overwrite cannot change a value.
          value:
            pc.metadata.name === 'experiment' ? 20000 : (pc.value as number),
          description: 'H-MAS preset',
        },
      });
    }
    await cp.createPriorityClass({
      body: { metadata: { name: 'team-x' }, value: 500 },
    });
    await createKarmadaObject(fleet, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'hmas-priority-classes' },
      spec: {
        resourceSelectors: [
          ...PLATFORM_PRIORITY_CLASSES.map(pc => ({
            apiVersion: 'scheduling.k8s.io/v1',
            kind: 'PriorityClass',
            name: pc.metadata.name,
          })),
          {
            apiVersion: 'scheduling.k8s.io/v1',
            kind: 'PriorityClass',
            name: 'team-x',
          },
        ],
        placement: { clusterAffinity: { clusterNames: [MEMBER] } },
      },
    });
    await fleet.settle();

    const crb = await fleet.custom.getClusterCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha2',
      plural: 'clusterresourcebindings',
      name: 'training-priorityclass',
    });
    expect(crb.kind).toBe('ClusterResourceBinding');
    expect(crb.spec.resource).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      name: 'training',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
    });
    expect(crb.spec.clusters).toEqual([{ name: MEMBER, replicas: 0 }]);
    const cpClass = await cp.readPriorityClass({ name: 'training' });
    expect(cpClass.metadata?.labels).toMatchObject({
      'clusterpropagationpolicy.karmada.io/name': 'hmas-priority-classes',
    });

    // Abort (the default): the member's own class stays, the Work says why.
    const [aborted] = await works('training-priorityclass');
    expect(aborted.metadata.namespace).toBe(`karmada-es-${MEMBER}`);
    expect(aborted.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Applied',
        status: 'False',
        message:
          'the same name resource already exists in the member cluster and is not managed by karmada (conflictResolution: Abort)',
      }),
    ]);
    const member = clients(fleet, MEMBER).scheduling;
    expect(
      (await member.readPriorityClass({ name: 'training' })).metadata?.labels?.[
        'karmada.io/managed'
      ],
    ).toBeUndefined();
    // A class the member does not have is simply created.
    const [created] = await works('team-x-priorityclass');
    expect(created.status.conditions[0]).toMatchObject({
      type: 'Applied',
      status: 'True',
    });
    expect(await member.readPriorityClass({ name: 'team-x' })).toMatchObject({
      value: 500,
      metadata: {
        labels: expect.objectContaining({ 'karmada.io/managed': 'true' }),
        annotations: expect.objectContaining({
          'clusterresourcebinding.karmada.io/name': 'team-x-priorityclass',
        }),
      },
    });

    // Overwrite takes the pre-installed classes over.
    const policy = await fleet.custom.getClusterCustomObject({
      group: 'policy.karmada.io',
      version: 'v1alpha1',
      plural: 'clusterpropagationpolicies',
      name: 'hmas-priority-classes',
    });
    policy.spec.conflictResolution = 'Overwrite';
    await fleet.custom.replaceClusterCustomObject({
      group: 'policy.karmada.io',
      version: 'v1alpha1',
      plural: 'clusterpropagationpolicies',
      name: 'hmas-priority-classes',
      body: policy,
    });
    await fleet.settle();
    const [overwritten] = await works('training-priorityclass');
    expect(overwritten.status.conditions[0]).toMatchObject({
      type: 'Applied',
      status: 'True',
    });
    expect(overwritten.status.manifestStatuses[0].identifier).toEqual({
      ordinal: 0,
      group: 'scheduling.k8s.io',
      version: 'v1',
      kind: 'PriorityClass',
      resource: 'priorityclasses',
      name: 'training',
    });
    expect(await member.readPriorityClass({ name: 'training' })).toMatchObject({
      value: 100000,
      description: 'H-MAS preset',
      metadata: {
        labels: expect.objectContaining({
          'karmada.io/managed': 'true',
          'h-mas.io/priority-preset': 'true',
        }),
      },
    });
    const [immutable] = await works('experiment-priorityclass');
    expect(immutable.status.conditions[0]).toMatchObject({
      type: 'Applied',
      status: 'False',
      message:
        'PriorityClass.scheduling.k8s.io "experiment" is invalid: value: Forbidden: may not be changed in an update.',
    });
    expect((await member.readPriorityClass({ name: 'experiment' })).value).toBe(
      10000,
    );
    // Other members keep their own classes.
    expect(
      (
        await clients(fleet, OTHER).scheduling.readPriorityClass({
          name: 'training',
        })
      ).metadata?.labels?.['karmada.io/managed'],
    ).toBeUndefined();

    // Deleting the template removes its binding, Work and member copy.
    await cp.deletePriorityClass({ name: 'team-x' });
    await fleet.settle();
    expect(await works('team-x-priorityclass')).toEqual([]);
    const gone = await failure(member.readPriorityClass({ name: 'team-x' }));
    expect(gone.code).toBe(404);
    const crbGone = await failure(
      fleet.custom.getClusterCustomObject({
        group: 'work.karmada.io',
        version: 'v1alpha2',
        plural: 'clusterresourcebindings',
        name: 'team-x-priorityclass',
      }),
    );
    expect(crbGone.code).toBe(404);
  });
});
