import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import {
  createKarmadaObject,
  propagationPolicy,
  removeDefaultStorageClass,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';

const MEMBER = 'gpu-gen-frankfurt';
const NFS_MEMBER = 'gpu-hp-seoul';

function claim(
  name: string,
  namespace: string,
  spec: Record<string, unknown> = {},
): V1PersistentVolumeClaim {
  return {
    metadata: { name, namespace },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      ...spec,
    },
  };
}

function podWithClaim(
  name: string,
  namespace: string,
  claimName: string,
  nodeName?: string,
): V1Pod {
  return {
    metadata: { name, namespace },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'server', image: 'vllm/vllm-openai:v0.8.5' }],
      volumes: [{ name: 'cache', persistentVolumeClaim: { claimName } }],
    },
  };
}

async function ensureNamespace(fleet: TestFleet, member: string, ns: string) {
  await fleet
    .member(member)
    .core.createNamespace({ body: { metadata: { name: ns } } });
}

async function eventsOf(
  fleet: TestFleet,
  member: string,
  namespace: string,
  name: string,
) {
  const list = await fleet.member(member).core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.name=${name}`,
  });
  return list.items.map(e => ({
    type: e.type,
    reason: e.reason,
    message: e.message,
  }));
}

describe('member storage: StorageClasses, claim binding and volume attach', () => {
  let fleet: TestFleet;
  beforeEach(async () => {
    fleet = await startTestFleet({ modelLoadMs: 0 });
    await fleet.settle();
  });
  afterEach(() => fleet.close());

  it('serves the seeded StorageClasses: a default standard (RWO) everywhere, nfs-client in Seoul', async () => {
    const frankfurt = await fleet.member(MEMBER).storage.listStorageClass();
    expect(frankfurt.items.map(c => c.metadata?.name)).toEqual(['standard']);
    expect(frankfurt.items[0]).toMatchObject({
      provisioner: 'csi.hetzner.cloud',
      volumeBindingMode: 'Immediate',
      metadata: {
        annotations: {
          'storageclass.kubernetes.io/is-default-class': 'true',
          'sim.h-mas.io/access-modes': 'ReadWriteOnce,ReadWriteOncePod',
        },
      },
    });
    const seoul = await fleet.member(NFS_MEMBER).storage.listStorageClass();
    expect(seoul.items.map(c => c.metadata?.name).sort()).toEqual([
      'nfs-client',
      'standard',
    ]);
  });

  it('defaults a claim to the default class and binds it to a provisioned volume', async () => {
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    const created = await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps'),
    });
    expect(created.spec?.storageClassName).toBe('standard');
    await fleet.settle();
    const pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'apps',
    });
    expect(pvc.spec?.volumeName).toBe(`pvc-${created.metadata?.uid}`);
    expect(pvc.status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '10Gi' },
    });
    expect(await eventsOf(fleet, MEMBER, 'apps', 'cache')).toEqual([
      {
        type: 'Normal',
        reason: 'ProvisioningSucceeded',
        message: `Successfully provisioned volume pvc-${created.metadata?.uid}`,
      },
    ]);
  });

  it('leaves a claim of a missing class Pending with ProvisioningFailed', async () => {
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps', { storageClassName: 'fast-ssd' }),
    });
    await fleet.settle();
    const pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'apps',
    });
    expect(pvc.status?.phase).toBe('Pending');
    expect(pvc.spec?.volumeName).toBeUndefined();
    expect(await eventsOf(fleet, MEMBER, 'apps', 'cache')).toEqual([
      {
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "fast-ssd" not found',
      },
    ]);
    // The PV controller looks at unbound claims again every 15 s.
    await fleet.member(MEMBER).storage.createStorageClass({
      body: {
        metadata: { name: 'fast-ssd' },
        provisioner: 'csi.hetzner.cloud',
      },
    });
    await fleet.advance(14_000);
    expect(
      (
        await core.readNamespacedPersistentVolumeClaim({
          name: 'cache',
          namespace: 'apps',
        })
      ).status?.phase,
    ).toBe('Pending');
    await fleet.advance(1_000);
    expect(
      (
        await core.readNamespacedPersistentVolumeClaim({
          name: 'cache',
          namespace: 'apps',
        })
      ).status?.phase,
    ).toBe('Bound');
  });

  it('without a default class, a claim stays Pending and its pod unschedulable', async () => {
    await removeDefaultStorageClass(fleet, MEMBER);
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    const created = await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps'),
    });
    expect(created.spec?.storageClassName).toBeUndefined();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('server', 'apps', 'cache'),
    });
    await fleet.settle();
    const pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'apps',
    });
    expect(pvc.status?.phase).toBe('Pending');
    expect(await eventsOf(fleet, MEMBER, 'apps', 'cache')).toEqual([
      {
        type: 'Normal',
        reason: 'FailedBinding',
        message:
          'no persistent volumes available for this claim and no storage class is set',
      },
    ]);
    const pod = await core.readNamespacedPod({
      name: 'server',
      namespace: 'apps',
    });
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.phase).toBe('Pending');
    const message =
      '0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
    expect(pod.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
      }),
    ]);
    expect(await eventsOf(fleet, MEMBER, 'apps', 'server')).toEqual([
      { type: 'Warning', reason: 'FailedScheduling', message },
    ]);
  });

  it('keeps a pod whose claim does not exist Pending, and schedules it once the claim is bound', async () => {
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('server', 'apps', 'cache'),
    });
    await fleet.settle();
    let pod = await core.readNamespacedPod({
      name: 'server',
      namespace: 'apps',
    });
    expect(pod.status?.conditions?.[0]?.message).toBe(
      '0/4 nodes are available: persistentvolumeclaim "cache" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps'),
    });
    await fleet.settle();
    pod = await core.readNamespacedPod({ name: 'server', namespace: 'apps' });
    expect(pod.spec?.nodeName).toBeDefined();
    expect(pod.status?.phase).toBe('Running');
  });

  it('refuses ReadWriteMany on a ReadWriteOnce-only class and binds it on an RWX class', async () => {
    const { core } = fleet.member(NFS_MEMBER);
    await ensureNamespace(fleet, NFS_MEMBER, 'apps');
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('shared', 'apps', { accessModes: ['ReadWriteMany'] }),
    });
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('nfs', 'apps', {
        accessModes: ['ReadWriteMany'],
        storageClassName: 'nfs-client',
      }),
    });
    await fleet.settle();
    const shared = await core.readNamespacedPersistentVolumeClaim({
      name: 'shared',
      namespace: 'apps',
    });
    expect(shared.status?.phase).toBe('Pending');
    expect(await eventsOf(fleet, NFS_MEMBER, 'apps', 'shared')).toEqual([
      {
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message:
          'failed to provision volume with StorageClass "standard": rpc error: code = InvalidArgument desc = access mode ReadWriteMany is not supported by rancher.io/local-path (supported: ReadWriteOnce, ReadWriteOncePod)',
      },
    ]);
    const nfs = await core.readNamespacedPersistentVolumeClaim({
      name: 'nfs',
      namespace: 'apps',
    });
    expect(nfs.status?.phase).toBe('Bound');
    expect(nfs.status?.accessModes).toEqual(['ReadWriteMany']);
  });

  it('binds a WaitForFirstConsumer claim only once a pod using it is scheduled', async () => {
    const { core, storage } = fleet.member(MEMBER);
    await storage.createStorageClass({
      body: {
        metadata: { name: 'local' },
        provisioner: 'rancher.io/local-path',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
    });
    await ensureNamespace(fleet, MEMBER, 'apps');
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps', { storageClassName: 'local' }),
    });
    await fleet.settle();
    let pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'apps',
    });
    expect(pvc.status?.phase).toBe('Pending');
    expect(await eventsOf(fleet, MEMBER, 'apps', 'cache')).toEqual([
      {
        type: 'Normal',
        reason: 'WaitForFirstConsumer',
        message: 'waiting for first consumer to be created before binding',
      },
    ]);
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('server', 'apps', 'cache'),
    });
    await fleet.settle();
    pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'apps',
    });
    expect(pvc.status?.phase).toBe('Bound');
    const pod = await core.readNamespacedPod({
      name: 'server',
      namespace: 'apps',
    });
    expect(pod.status?.phase).toBe('Running');
  });

  it('attaches a ReadWriteOnce volume to one node only (Multi-Attach), any number of pods there', async () => {
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    const pvc = await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('cache', 'apps'),
    });
    await fleet.settle();
    const nodeA = `${MEMBER}-cpu-1`;
    const nodeB = `${MEMBER}-l40s-1`;
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('first', 'apps', 'cache', nodeA),
    });
    await fleet.settle();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('beside', 'apps', 'cache', nodeA),
    });
    await fleet.settle();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('elsewhere', 'apps', 'cache', nodeB),
    });
    await fleet.settle();
    const read = (name: string) =>
      core.readNamespacedPod({ name, namespace: 'apps' });
    expect((await read('first')).status?.phase).toBe('Running');
    expect((await read('beside')).status?.phase).toBe('Running');
    const blocked = await read('elsewhere');
    expect(blocked.status?.phase).toBe('Pending');
    expect(blocked.status?.containerStatuses).toEqual([
      expect.objectContaining({
        name: 'server',
        ready: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      }),
    ]);
    expect(await eventsOf(fleet, MEMBER, 'apps', 'elsewhere')).toEqual([
      {
        type: 'Warning',
        reason: 'FailedAttachVolume',
        message: `Multi-Attach error for volume "pvc-${pvc.metadata?.uid}" Volume is already used by pod(s) beside, first`,
      },
    ]);

    // Once the volume is free, the waiting pod starts.
    await core.deleteNamespacedPod({ name: 'first', namespace: 'apps' });
    await core.deleteNamespacedPod({ name: 'beside', namespace: 'apps' });
    await fleet.settle();
    expect((await read('elsewhere')).status?.phase).toBe('Running');
  });

  it('attaches a ReadWriteMany volume to several nodes', async () => {
    const { core } = fleet.member(NFS_MEMBER);
    await ensureNamespace(fleet, NFS_MEMBER, 'apps');
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('shared', 'apps', {
        accessModes: ['ReadWriteMany'],
        storageClassName: 'nfs-client',
      }),
    });
    await fleet.settle();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('a', 'apps', 'shared', `${NFS_MEMBER}-cpu-1`),
    });
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('b', 'apps', 'shared', `${NFS_MEMBER}-cpu-2`),
    });
    await fleet.settle();
    for (const name of ['a', 'b']) {
      const pod = await core.readNamespacedPod({ name, namespace: 'apps' });
      expect(pod.status?.phase).toBe('Running');
    }
  });

  it('schedules a second pod of a ReadWriteOncePod claim nowhere', async () => {
    const { core } = fleet.member(MEMBER);
    await ensureNamespace(fleet, MEMBER, 'apps');
    await core.createNamespacedPersistentVolumeClaim({
      namespace: 'apps',
      body: claim('own', 'apps', { accessModes: ['ReadWriteOncePod'] }),
    });
    await fleet.settle();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('a', 'apps', 'own'),
    });
    await fleet.settle();
    await core.createNamespacedPod({
      namespace: 'apps',
      body: podWithClaim('b', 'apps', 'own'),
    });
    await fleet.settle();
    const a = await core.readNamespacedPod({ name: 'a', namespace: 'apps' });
    expect(a.status?.phase).toBe('Running');
    const b = await core.readNamespacedPod({ name: 'b', namespace: 'apps' });
    expect(b.spec?.nodeName).toBeUndefined();
    expect(b.status?.conditions?.[0]?.message).toBe(
      '0/4 nodes are available: 1 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode, 3 node(s) had untolerated taint {nvidia.com/gpu: present}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
  });

  it('binds a claim Karmada propagates by the member default class, or leaves it Pending without one', async () => {
    await removeDefaultStorageClass(fleet, 'gpu-gen-virginia');
    await fleet.core.createNamespace({ body: { metadata: { name: 'team' } } });
    await fleet.core.createNamespacedPersistentVolumeClaim({
      namespace: 'team',
      body: claim('cache', 'team'),
    });
    await createKarmadaObject(
      fleet,
      propagationPolicy(
        'cache',
        'team',
        [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'cache' }],
        {
          clusterAffinity: {
            clusterNames: ['gpu-gen-frankfurt', 'gpu-gen-virginia'],
          },
        },
      ),
    );
    await fleet.settle();
    const frankfurt = await fleet
      .member('gpu-gen-frankfurt')
      .core.readNamespacedPersistentVolumeClaim({
        name: 'cache',
        namespace: 'team',
      });
    expect(frankfurt.spec?.storageClassName).toBe('standard');
    expect(frankfurt.status?.phase).toBe('Bound');
    const virginia = await fleet
      .member('gpu-gen-virginia')
      .core.readNamespacedPersistentVolumeClaim({
        name: 'cache',
        namespace: 'team',
      });
    expect(virginia.spec?.storageClassName).toBeUndefined();
    expect(virginia.status?.phase).toBe('Pending');
    const template = await fleet.core.readNamespacedPersistentVolumeClaim({
      name: 'cache',
      namespace: 'team',
    });
    expect(template.status?.phase).toBe('Pending');
    // The control plane's claim keeps no class: only the members default it.
    expect(template.spec?.storageClassName).toBeUndefined();
  });
});
