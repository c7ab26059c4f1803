import type { V1Deployment } from '@kubernetes/client-node';
import {
  modelDeployment,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { failure, statusOf } from '../__testUtils__/kube';

const MEMBER = 'gpu-gen-frankfurt';
const NS = 'serving';

const SECURE = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

function deployment(
  name: string,
  podSpec: Record<string, unknown> = {},
  replicas = 1,
): V1Deployment {
  const d = modelDeployment(name, NS, {
    replicas,
    requests: { cpu: '1', memory: '1Gi' },
  });
  d.spec.template.spec = { ...d.spec.template.spec, ...podSpec };
  return d as V1Deployment;
}

async function replicaSetOf(fleet: TestFleet, name: string) {
  const list = await fleet.member(MEMBER).apps.listNamespacedReplicaSet({
    namespace: NS,
    labelSelector: `app=${name}`,
  });
  expect(list.items).toHaveLength(1);
  return list.items[0];
}

async function failedCreates(fleet: TestFleet, rsName: string) {
  const events = await fleet.member(MEMBER).core.listNamespacedEvent({
    namespace: NS,
    fieldSelector: `involvedObject.name=${rsName},reason=FailedCreate`,
  });
  return events.items.map(e => e.message);
}

describe('member admission: Pod Security, RuntimeClass; PodDisruptionBudgets', () => {
  let fleet: TestFleet;
  beforeEach(async () => {
    fleet = await startTestFleet({ modelLoadMs: 0 });
    await fleet.settle();
  });
  afterEach(() => fleet.close());

  it("refuses pods that violate the namespace's enforced level; the ReplicaSet reports FailedCreate", async () => {
    const { core, apps } = fleet.member(MEMBER);
    await core.createNamespace({
      body: {
        metadata: {
          name: NS,
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
    });
    // A pod created directly: 403 with kube's words.
    const direct = await failure(
      core.createNamespacedPod({
        namespace: NS,
        body: {
          metadata: { name: 'plain' },
          spec: { containers: [{ name: 'server', image: 'vllm' }] },
        },
      }),
    );
    expect(statusOf(direct)).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "plain" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "server" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "server" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "server" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "server" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    });

    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('llm'),
    });
    await fleet.settle();
    const rs = await replicaSetOf(fleet, 'llm');
    const message = `pods "${
      rs.metadata!.name
    }-" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "server" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "server" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "server" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "server" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`;
    expect(rs.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message,
      }),
    ]);
    expect(await failedCreates(fleet, rs.metadata!.name!)).toEqual([
      `Error creating: ${message}`,
    ]);

    // A compliant template runs.
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('secure', {
        containers: [
          {
            ...deployment('x').spec!.template.spec!.containers[0],
            securityContext: SECURE,
          },
        ],
      }),
    });
    await fleet.settle();
    const pods = await core.listNamespacedPod({
      namespace: NS,
      labelSelector: 'app=secure',
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);
  });

  it('baseline refuses host namespaces and privileged containers but not the rest', async () => {
    const { core } = fleet.member(MEMBER);
    await core.createNamespace({
      body: {
        metadata: {
          name: NS,
          labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
        },
      },
    });
    const refused = await failure(
      core.createNamespacedPod({
        namespace: NS,
        body: {
          metadata: { name: 'dcgm' },
          spec: {
            hostPID: true,
            containers: [
              {
                name: 'exporter',
                image: 'dcgm',
                securityContext: { privileged: true },
              },
            ],
          },
        },
      }),
    );
    expect(statusOf(refused).message).toBe(
      'pods "dcgm" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true), privileged (container "exporter" must not set securityContext.privileged=true)',
    );
    await expect(
      core.createNamespacedPod({
        namespace: NS,
        body: {
          metadata: { name: 'plain' },
          spec: { containers: [{ name: 'server', image: 'vllm' }] },
        },
      }),
    ).resolves.toBeDefined();
  });

  it('refuses a pod naming a RuntimeClass that does not exist; the GPU members have nvidia', async () => {
    const { core, apps, node } = fleet.member(MEMBER);
    const classes = await node.listRuntimeClass();
    expect(classes.items.map(c => [c.metadata?.name, c.handler])).toEqual([
      ['nvidia', 'nvidia'],
    ]);
    const cpu = await fleet.member('cpu-oregon').node.listRuntimeClass();
    expect(cpu.items).toEqual([]);

    await core.createNamespace({ body: { metadata: { name: NS } } });
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('kata', { runtimeClassName: 'kata-qemu' }),
    });
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('gpu', { runtimeClassName: 'nvidia' }),
    });
    await fleet.settle();
    const rs = await replicaSetOf(fleet, 'kata');
    const message = `pods "${
      rs.metadata!.name
    }-" is forbidden: pod rejected: RuntimeClass "kata-qemu" not found`;
    expect(rs.status?.conditions).toEqual([
      expect.objectContaining({ reason: 'FailedCreate', message }),
    ]);
    expect(await failedCreates(fleet, rs.metadata!.name!)).toEqual([
      `Error creating: ${message}`,
    ]);
    const pods = await core.listNamespacedPod({
      namespace: NS,
      labelSelector: 'app=gpu',
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);
  });

  it('serves PodDisruptionBudgets with a status from the matching Ready pods', async () => {
    const { core, apps, policy } = fleet.member(MEMBER);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('llm', {}, 3),
    });
    await fleet.settle();
    const created = await policy.createNamespacedPodDisruptionBudget({
      namespace: NS,
      body: {
        metadata: { name: 'llm' },
        spec: { minAvailable: 2, selector: { matchLabels: { app: 'llm' } } },
      },
    });
    expect(created.status).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
      observedGeneration: 1,
    });
    // Scale down to 2: no disruption allowed any more.
    const d = await apps.readNamespacedDeployment({
      name: 'llm',
      namespace: NS,
    });
    d.spec!.replicas = 2;
    await apps.replaceNamespacedDeployment({
      name: 'llm',
      namespace: NS,
      body: d,
    });
    await fleet.settle();
    let pdb = await policy.readNamespacedPodDisruptionBudget({
      name: 'llm',
      namespace: NS,
    });
    expect(pdb.status).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 2,
      expectedPods: 2,
      disruptionsAllowed: 0,
    });
    expect(pdb.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: 'False',
        reason: 'InsufficientPods',
      }),
    ]);
    // maxUnavailable, changed on the budget itself.
    pdb.spec = { maxUnavailable: '50%', selector: pdb.spec!.selector };
    await policy.replaceNamespacedPodDisruptionBudget({
      name: 'llm',
      namespace: NS,
      body: pdb,
    });
    pdb = await policy.readNamespacedPodDisruptionBudget({
      name: 'llm',
      namespace: NS,
    });
    expect(pdb.status).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
      disruptionsAllowed: 1,
      observedGeneration: 2,
    });
    expect(pdb.status?.conditions?.[0]).toMatchObject({
      status: 'True',
      reason: 'SufficientPods',
    });
  });
});
