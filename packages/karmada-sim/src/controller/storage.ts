/**
 * Storage on member clusters: the `DefaultStorageClass` admission plugin, the PV
 * controller's binding of claims with dynamic provisioning, the scheduler's volume
 * binding, and the attach/detach controller's ReadWriteOnce rule.
 *
 * Messages and reasons are kubernetes/kubernetes':
 * - `pkg/controller/volume/persistentvolume/pv_controller.go` (`syncUnboundClaim`:
 *   `FailedBinding` "no persistent volumes available for this claim and no storage class
 *   is set", `WaitForFirstConsumer` "waiting for first consumer to be created before
 *   binding"; `provisionClaimOperation`: `ProvisioningFailed` with the class lister's
 *   `storageclass.storage.k8s.io "x" not found`);
 * - sig-storage-lib-external-provisioner `controller.go` (`ProvisioningFailed` "failed
 *   to provision volume with StorageClass "x": ...", `ProvisioningSucceeded`
 *   "Successfully provisioned volume pvc-<uid>");
 * - `pkg/scheduler/framework/plugins/volumebinding` ("pod has unbound immediate
 *   PersistentVolumeClaims", `persistentvolumeclaim "x" not found`);
 * - `pkg/controller/volume/attachdetach/reconciler/reconciler.go`
 *   (`reportMultiAttachError`) with `GenerateMsg` of
 *   `pkg/volume/util/operationexecutor`: `FailedAttachVolume` "Multi-Attach error for
 *   volume "pvc-..." Volume is already used by pod(s) a, b".
 *
 * What a provisioner supports is not discoverable from a real StorageClass; the simulator
 * reads it from the class's {@link ACCESS_MODES_ANNOTATION} (absent: every mode).
 */
import type { KubeObject } from '../types';
import type { ControllerContext } from './context';
import { emitEvent } from './context';
import { isTerminated, sameJson } from './util';

/** Marks a namespace's default StorageClass (kube's `storageclass.kubernetes.io/is-default-class`). @public */
export const DEFAULT_CLASS_ANNOTATION =
  'storageclass.kubernetes.io/is-default-class';
/**
 * The access modes a StorageClass's provisioner supports, comma-separated
 * (`ReadWriteOnce,ReadWriteMany`); a simulator convention. Without it every mode is.
 * @public
 */
export const ACCESS_MODES_ANNOTATION = 'sim.h-mas.io/access-modes';

const STORAGE_CLASSES = 'storageclasses.storage.k8s.io';
const PVCS = 'persistentvolumeclaims';

function storageClasses(ctx: ControllerContext, cluster: string) {
  try {
    return ctx.store.list(cluster, STORAGE_CLASSES).items;
  } catch {
    return [];
  }
}

/**
 * The default StorageClass among `classes` (the DefaultStorageClass admission's
 * `GetDefaultClass`: of several defaults, the newest, then by name).
 * @public
 */
export function defaultStorageClass(
  classes: KubeObject[],
): KubeObject | undefined {
  return classes
    .filter(
      c =>
        !c.metadata.deletionTimestamp &&
        c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true',
    )
    .sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? '';
      const tb = b.metadata.creationTimestamp ?? '';
      if (ta !== tb) return ta < tb ? 1 : -1;
      return a.metadata.name! < b.metadata.name! ? -1 : 1;
    })[0];
}

/**
 * The `DefaultStorageClass` admission plugin on a PVC create: a claim without
 * `spec.storageClassName` (not `""`, which asks for no class) gets the default class's.
 * On update, a write that leaves the class out keeps it (a real server refuses the change
 * as immutable; Karmada's re-applied manifest never had it).
 * @internal
 */
export function admitPvcStorageClass(
  classes: KubeObject[],
  pvc: KubeObject,
  old: KubeObject | undefined,
): void {
  // Only on create (plugin/pkg/admission/storage/storageclass/setdefault/admission.go
  // returns for any other operation): an update that leaves the class out is a change of
  // the immutable spec, refused by validation, as Karmada's re-apply of a template without
  // a class is on a real member (Karmada retains only a claim's volumeName).
  if (old || pvc.spec?.storageClassName !== undefined) return;
  const def = defaultStorageClass(classes);
  if (def) pvc.spec = { ...pvc.spec, storageClassName: def.metadata.name };
}

/** The claim's modes; kube requires at least one, ReadWriteOnce if a client sent none. */
function accessModes(pvc: KubeObject): string[] {
  const modes = pvc.spec?.accessModes;
  return Array.isArray(modes) && modes.length ? modes : ['ReadWriteOnce'];
}

function supportedModes(sc: KubeObject): string[] | undefined {
  const raw = sc.metadata.annotations?.[ACCESS_MODES_ANNOTATION];
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map(m => m.trim())
    .filter(Boolean);
}

/** The simulated PV of a claim: what the external provisioner names it. @internal */
export function volumeNameOf(pvc: KubeObject): string {
  return pvc.spec?.volumeName || `pvc-${pvc.metadata.uid}`;
}

/** Whether a claim is bound (its phase, or a volume already bound to it). */
export function isClaimBound(pvc: KubeObject | undefined): boolean {
  return !!pvc && pvc.status?.phase === 'Bound' && !!pvc.spec?.volumeName;
}

function pvcEvent(
  ctx: ControllerContext,
  cluster: string,
  pvc: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component = 'persistentvolume-controller',
) {
  emitEvent(ctx, cluster, pvc, { type, reason, message, component });
}

/**
 * The PV controller's periodic sync of unbound claims (`--pvclaimbinder-sync-period`,
 * 15 s by default): a Pending claim is looked at again then, e.g. once its class exists.
 */
export const CLAIM_RESYNC_MS = 15_000;

function setPending(ctx: ControllerContext, cluster: string, pvc: KubeObject) {
  ctx.enqueueAt(
    `pvc|${cluster}|${pvc.metadata.namespace}|${pvc.metadata.name}`,
    ctx.now().getTime() + CLAIM_RESYNC_MS,
  );
  const status = { phase: 'Pending' };
  if (sameJson(pvc.status, status)) return;
  ctx.store.updateStatus(
    cluster,
    PVCS,
    { ...pvc, status },
    { namespace: pvc.metadata.namespace },
  );
}

/**
 * Provisions and binds a claim to its class (spec.volumeName, the PV controller's bind
 * annotations, phase Bound), or leaves it Pending with the provisioner's event.
 * Returns whether it is bound.
 */
function provision(
  ctx: ControllerContext,
  cluster: string,
  pvc: KubeObject,
  sc: KubeObject,
): boolean {
  const className = sc.metadata.name!;
  const provisioner = String(sc.provisioner ?? 'kubernetes.io/no-provisioner');
  const supported = supportedModes(sc);
  const unsupported = supported
    ? accessModes(pvc).filter(m => !supported.includes(m))
    : [];
  if (unsupported.length) {
    pvcEvent(
      ctx,
      cluster,
      pvc,
      'Warning',
      'ProvisioningFailed',
      `failed to provision volume with StorageClass "${className}": rpc error: code = InvalidArgument desc = access mode ${unsupported.join(
        ', ',
      )} is not supported by ${provisioner} (supported: ${supported!.join(
        ', ',
      )})`,
      provisioner,
    );
    setPending(ctx, cluster, pvc);
    return false;
  }
  const namespace = pvc.metadata.namespace!;
  const volumeName = volumeNameOf(pvc);
  const bound = ctx.store.update(
    cluster,
    PVCS,
    {
      ...pvc,
      metadata: {
        ...pvc.metadata,
        annotations: {
          ...(pvc.metadata.annotations ?? {}),
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': provisioner,
          'volume.kubernetes.io/storage-provisioner': provisioner,
        },
      },
      spec: { ...pvc.spec, volumeName },
    },
    { namespace },
  );
  pvcEvent(
    ctx,
    cluster,
    pvc,
    'Normal',
    'ProvisioningSucceeded',
    `Successfully provisioned volume ${volumeName}`,
    provisioner,
  );
  ctx.store.updateStatus(
    cluster,
    PVCS,
    {
      ...bound,
      status: {
        phase: 'Bound',
        accessModes: accessModes(pvc),
        capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
      },
    },
    { namespace },
  );
  return true;
}

/** Re-queues the pods of a namespace that use a claim and still wait for it. */
function queueClaimUsers(
  ctx: ControllerContext,
  cluster: string,
  pvc: KubeObject,
) {
  const namespace = pvc.metadata.namespace!;
  for (const pod of ctx.store.list(cluster, 'pods', { namespace }).items) {
    if (pod.status?.phase === 'Running' || isTerminated(pod)) continue;
    if (!claimNames(pod).includes(pvc.metadata.name!)) continue;
    ctx.enqueue(`pod|${cluster}|${namespace}|${pod.metadata.name}`);
  }
}

/**
 * The PV controller for a member claim: bound claims stay bound; a claim whose class
 * exists is provisioned (at once, or for `WaitForFirstConsumer` once a pod using it is
 * scheduled, see {@link bindClaimsForPod}); without a usable class it stays Pending
 * with the controller's event.
 * @internal
 */
export function reconcileClaim(
  ctx: ControllerContext,
  cluster: string,
  namespace: string,
  name: string,
): void {
  const pvc = ctx.store.tryGet(cluster, PVCS, name, namespace);
  if (!pvc || pvc.metadata.deletionTimestamp) return;
  if (pvc.spec?.volumeName) {
    // Bound once (by this controller or by hand): keep it so.
    const status = {
      phase: 'Bound',
      accessModes: pvc.status?.accessModes ?? accessModes(pvc),
      capacity: pvc.status?.capacity ?? {
        storage: pvc.spec?.resources?.requests?.storage ?? '1Gi',
      },
    };
    if (!sameJson(pvc.status, status))
      ctx.store.updateStatus(cluster, PVCS, { ...pvc, status }, { namespace });
    queueClaimUsers(ctx, cluster, pvc);
    return;
  }
  const className: string | undefined = pvc.spec?.storageClassName;
  if (!className) {
    pvcEvent(
      ctx,
      cluster,
      pvc,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
    setPending(ctx, cluster, pvc);
    return;
  }
  const sc = storageClasses(ctx, cluster).find(
    c => c.metadata.name === className && !c.metadata.deletionTimestamp,
  );
  if (!sc) {
    pvcEvent(
      ctx,
      cluster,
      pvc,
      'Warning',
      'ProvisioningFailed',
      `storageclass.storage.k8s.io "${className}" not found`,
    );
    setPending(ctx, cluster, pvc);
    return;
  }
  if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
    pvcEvent(
      ctx,
      cluster,
      pvc,
      'Normal',
      'WaitForFirstConsumer',
      'waiting for first consumer to be created before binding',
    );
    setPending(ctx, cluster, pvc);
    return;
  }
  if (provision(ctx, cluster, pvc, sc)) queueClaimUsers(ctx, cluster, pvc);
}

/** The claims a pod's volumes name. @internal */
export function claimNames(pod: KubeObject): string[] {
  return (pod.spec?.volumes ?? [])
    .map((v: any) => v?.persistentVolumeClaim?.claimName)
    .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
}

function claimsOf(ctx: ControllerContext, cluster: string, pod: KubeObject) {
  return claimNames(pod).map(name => ({
    name,
    pvc: ctx.store.tryGet(cluster, PVCS, name, pod.metadata.namespace),
  }));
}

function isDelayed(ctx: ControllerContext, cluster: string, pvc: KubeObject) {
  const sc = storageClasses(ctx, cluster).find(
    c => c.metadata.name === pvc.spec?.storageClassName,
  );
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

/**
 * The scheduler's VolumeBinding PreFilter: why no node can take the pod because of its
 * claims (a missing claim, an unbound claim of an `Immediate` class), or undefined.
 * @internal
 */
export function volumeBindingError(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
): string | undefined {
  const claims = claimsOf(ctx, cluster, pod);
  const missing = claims.find(c => !c.pvc || c.pvc.metadata.deletionTimestamp);
  if (missing) return `persistentvolumeclaim "${missing.name}" not found`;
  if (
    claims.some(c => !isClaimBound(c.pvc) && !isDelayed(ctx, cluster, c.pvc!))
  )
    return 'pod has unbound immediate PersistentVolumeClaims';
  return undefined;
}

/**
 * After the scheduler picked a node: provisions the pod's `WaitForFirstConsumer` claims
 * (the scheduler's PreBind). Returns why one could not be, or undefined.
 * @internal
 */
export function bindClaimsForPod(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
): string | undefined {
  for (const { pvc } of claimsOf(ctx, cluster, pod)) {
    if (!pvc || isClaimBound(pvc)) continue;
    const sc = storageClasses(ctx, cluster).find(
      c => c.metadata.name === pvc.spec?.storageClassName,
    );
    if (!sc || !provision(ctx, cluster, pvc, sc))
      return 'pod has unbound immediate PersistentVolumeClaims';
  }
  return undefined;
}

/**
 * The attach/detach controller's rule for a pod on a node: a claim of access mode
 * ReadWriteOnce only (no ReadWriteMany or ReadOnlyMany) already used by a started pod on
 * another node cannot be attached. Returns the `FailedAttachVolume` message, or undefined.
 * @internal
 */
export function multiAttachError(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
): string | undefined {
  const node = pod.spec?.nodeName;
  const namespace = pod.metadata.namespace;
  const pods = ctx.store
    .list(cluster, 'pods', { namespace })
    .items.filter(
      p =>
        p.metadata.uid !== pod.metadata.uid &&
        p.spec?.nodeName &&
        p.spec.nodeName !== node &&
        p.status?.phase === 'Running' &&
        !isTerminated(p) &&
        !p.metadata.deletionTimestamp,
    );
  for (const { name, pvc } of claimsOf(ctx, cluster, pod)) {
    if (!pvc) continue;
    const modes = pvc.status?.accessModes ?? accessModes(pvc);
    if (modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany'))
      continue;
    const users = pods.filter(p => claimNames(p).includes(name));
    if (users.length === 0) continue;
    return `Multi-Attach error for volume "${volumeNameOf(
      pvc,
    )}" Volume is already used by pod(s) ${users
      .map(p => p.metadata.name)
      .join(', ')}`;
  }
  return undefined;
}

/**
 * The VolumeRestrictions plugin for `ReadWriteOncePod`: a claim of that mode already used
 * by another live pod. Returns the scheduler's reason, or undefined.
 * @internal
 */
export function readWriteOncePodConflict(
  ctx: ControllerContext,
  cluster: string,
  pod: KubeObject,
): string | undefined {
  const claims = claimsOf(ctx, cluster, pod).filter(c =>
    (c.pvc?.spec?.accessModes ?? []).includes('ReadWriteOncePod'),
  );
  if (claims.length === 0) return undefined;
  const others = ctx.store
    .list(cluster, 'pods', { namespace: pod.metadata.namespace })
    .items.filter(
      p =>
        p.metadata.uid !== pod.metadata.uid &&
        p.spec?.nodeName &&
        !isTerminated(p) &&
        !p.metadata.deletionTimestamp,
    );
  return claims.some(c => others.some(p => claimNames(p).includes(c.name)))
    ? 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode'
    : undefined;
}
