import { KarmadaClusterObject } from '../clusters/cluster';
import {
  clusterGpuSharing,
  gpuResourceName,
  migProfileOf,
} from '../clusters/gpuSharing';
import { classifyZone, coreLabelKeys, zoneById } from '../clusters/zones';
import { formatZodError } from '../errors';
import {
  describeRef,
  KubeObject,
  KubeObjectRef,
  mergePatch,
  refOf,
} from '../kubernetes/objects';
import { withPresetResources } from '../presets/resources';
import type { PresetSpec } from '../presets/preset';
import { parseQuantity } from '../quantity';
import {
  buildManifests,
  DEFAULT_SCHEDULER,
  DeploymentManifests,
  manifestList,
  withDeploymentId,
  manifestsToYaml,
} from './manifests';
import { resolveDeployment, ResolvedDeployment } from './resolve';
import { RuntimeDefinition } from './runtimes';
import { DeploymentSettings, effectiveDeploymentSettings } from './settings';
import {
  createDeploymentSpecSchema,
  deploymentSecretName,
  DeploymentSpec,
  ParsedDeploymentSpec,
} from './spec';

/**
 * A deployment request that cannot be planned: bad input, or input the fleet cannot take
 * (no cluster in the zone, no room for one replica, a preset for another zone). The message
 * names the field; the backend answers 400 with it.
 *
 * @public
 */
export class DeploymentPlanError extends Error {
  constructor(message: string) {
    super(`Invalid deployment: ${message}`);
    this.name = 'DeploymentPlanError';
  }
}

/**
 * What a plan depends on beyond the request: who owns it, the runtime catalog, the label
 * prefix, the policy preset it names and the fleet as Karmada reports it now.
 *
 * @public
 */
export interface DeploymentPlanContext {
  /** Owner when the request names none (the caller). */
  owner: string;
  /** Runtimes added by backend modules (the built-in ones are always there). */
  runtimes?: RuntimeDefinition[];
  /** Prefix of the core cluster label keys (`hmas.labels.prefix`). */
  labelPrefix?: string;
  /** The policy preset the request names, already looked up. */
  preset?: PresetSpec;
  /** Karmada's Cluster objects: the zone's members, their schedulers and free capacity. */
  clusters: readonly KarmadaClusterObject[];
  /**
   * The deployment's row id: every object in `objects` then carries it as the label
   * `DEPLOYMENT_ID_LABEL`, which is how the backend knows an object in Karmada is its own
   * (adopted after a lost reply, deleted as an orphan). Not in `manifests` nor `yaml`.
   */
  deploymentId?: string;
  /**
   * The keys the deployment's own Secret holds already (none for a create). When given, an
   * env var may read its own Secret only under a key it holds or is given a value for now.
   * Plans of stored specs leave it out.
   */
  secretKeysHeld?: readonly string[];
  /**
   * Accept plain values under secret-like env names: only for the plan of a spec stored
   * before secrets became Secrets, to migrate it. Requests are never planned with it.
   */
  allowPlainSecretValues?: boolean;
  /** How the platform's clusters take deployments (`hmas.deployments`). */
  settings?: DeploymentSettings;
  /**
   * The access modes of the existing PVC the request names, as Karmada has it: a
   * ReadWriteMany or ReadOnlyMany volume lets a cluster's replicas spread over nodes.
   * Unknown (absent): treated as ReadWriteOnce.
   */
  existingPvcAccessModes?: readonly string[];
  /**
   * Each member's default StorageClass, as read from it: a name, or `null` for a cluster
   * that has none. Clusters missing here could not be read. A created model cache needs a
   * class in its template — Karmada retains only a claim's `volumeName` when it re-applies
   * it, so a class a member defaulted at create would be taken away, and the member refuses
   * that — so without a configured class the placed clusters' one default class is named.
   */
  defaultStorageClasses?: Readonly<Record<string, string | null>>;
}

/**
 * The StorageClass a created model cache names when no class is configured: the one default
 * class of the clusters it may be placed on. Refused when one of them has no default class
 * or they differ; undefined when none could be read.
 */
function defaultStorageClassOf(
  placed: KarmadaClusterObject[],
  defaults: Readonly<Record<string, string | null>> | undefined,
): string | undefined {
  if (!defaults) return undefined;
  const known = placed
    .map(c => c.metadata.name)
    .filter(name => name in defaults);
  const without = known.filter(name => defaults[name] === null);
  const fix =
    'set hmas.deployments.storageClassName (or per zone under hmas.deployments.zones) to a class every cluster has';
  if (without.length > 0) {
    throw new DeploymentPlanError(
      `storage: ${without.join(', ')} ${
        without.length === 1 ? 'has' : 'have'
      } no default StorageClass, so the model cache would stay Pending there; ${fix}`,
    );
  }
  const byClass = new Map<string, string[]>();
  for (const name of known) {
    const cls = defaults[name] as string;
    byClass.set(cls, [...(byClass.get(cls) ?? []), name]);
  }
  if (byClass.size > 1) {
    throw new DeploymentPlanError(
      `storage: the clusters' default StorageClasses differ (${[...byClass]
        .map(([cls, names]) => `${cls} on ${names.join(', ')}`)
        .join('; ')}) and one claim names one class for all; ${fix}`,
    );
  }
  return [...byClass.keys()][0];
}

/** The zone a request places in, read before it is validated (for the zone's settings). */
function requestedZone(input: unknown): string | undefined {
  const placement = (
    input as { placement?: { mode?: unknown; zone?: unknown } }
  )?.placement;
  return placement?.mode === 'zone' && typeof placement.zone === 'string'
    ? placement.zone
    : undefined;
}

/**
 * Every object of one model deployment and what it was planned from.
 *
 * @public
 */
export interface DeploymentPlan {
  /**
   * The validated request, the preset's resource profile applied, as it is stored: an env
   * value entered as a secret is a reference to the deployment's own Secret here.
   */
  spec: ParsedDeploymentSpec;
  /**
   * The values entered as secrets, by env name (the key in the deployment's own Secret).
   * Only the write to that Secret uses them: they are in no object, no YAML and no spec.
   */
  secretValues: Record<string, string>;
  resolved: ResolvedDeployment;
  manifests: DeploymentManifests;
  /** The objects in their safe create order (see `manifestList`). */
  objects: KubeObject[];
  /** The objects as multi-document YAML, for previews and GitOps. */
  yaml: string;
  /**
   * The clusters the placement may use (the zone's members, or the named clusters): where
   * Karmada may schedule the replicas, and so where a team quota must have room.
   */
  clusters: string[];
}

/** Free amount of a resource in a cluster, in base units. */
function free(cluster: KarmadaClusterObject, resource: string): number {
  const summary = cluster.status?.resourceSummary;
  return (
    (parseQuantity(summary?.allocatable?.[resource]) ?? 0) -
    (parseQuantity(summary?.allocated?.[resource]) ?? 0) -
    (parseQuantity(summary?.allocating?.[resource]) ?? 0)
  );
}

const isReady = (cluster: KarmadaClusterObject) =>
  cluster.status?.conditions?.some(
    c => c.type === 'Ready' && c.status === 'True',
  ) ?? false;

/** The clusters a placement may use, and the zone's pod schedulers. */
function candidatesOf(
  resolved: ResolvedDeployment,
  clusters: readonly KarmadaClusterObject[],
  prefix: string,
): { candidates: KarmadaClusterObject[]; zoneSchedulers?: string[] } {
  if (resolved.placement.mode === 'zone') {
    const zone = resolved.placement.zone;
    const candidates = clusters.filter(
      c => classifyZone(c.metadata.labels, prefix) === zone,
    );
    if (candidates.length === 0) {
      throw new DeploymentPlanError(
        `placement.zone: no cluster is in zone ${zoneById(zone).title}`,
      );
    }
    const key = coreLabelKeys(prefix).scheduler;
    const zoneSchedulers = [
      ...new Set(
        candidates
          .map(c => c.metadata.labels?.[key])
          .filter((s): s is string => !!s && s !== DEFAULT_SCHEDULER),
      ),
    ].sort();
    return { candidates, zoneSchedulers };
  }
  const byName = new Map(clusters.map(c => [c.metadata.name, c]));
  resolved.placement.clusters.forEach((name, i) => {
    if (!byName.has(name)) {
      throw new DeploymentPlanError(
        `placement.clusters.${i}: cluster ${name} is not registered with Karmada`,
      );
    }
  });
  return {
    candidates: resolved.placement.clusters.map(n => byName.get(n)!),
  };
}

/** A replica must fit somewhere now, or Karmada would only ever report it unschedulable. */
function checkFit(
  resolved: ResolvedDeployment,
  candidates: KarmadaClusterObject[],
) {
  const need = {
    cpu: parseQuantity(resolved.resources.cpu) ?? 0,
    memory: parseQuantity(resolved.resources.memory) ?? 0,
    gpu: resolved.gpu ? resolved.resources.gpu : 0,
  };
  const gpuResource = gpuResourceName(resolved.resources.gpuType);
  const fits = candidates.some(
    c =>
      isReady(c) &&
      free(c, 'cpu') >= need.cpu &&
      free(c, 'memory') >= need.memory &&
      free(c, gpuResource) >= need.gpu,
  );
  if (fits) return;
  const where =
    resolved.placement.mode === 'zone'
      ? `zone ${zoneById(resolved.placement.zone).title}`
      : 'the chosen clusters';
  const profile = migProfileOf(resolved.resources.gpuType);
  const gpus = profile
    ? ` and ${need.gpu} MIG ${profile} device(s)`
    : ` and ${need.gpu} GPU(s)`;
  throw new DeploymentPlanError(
    `resources: one replica of ${resolved.model.title} needs ${
      resolved.resources.cpu
    } CPU, ${resolved.resources.memory} memory${
      need.gpu ? gpus : ''
    }; no ready cluster in ${where} has that free`,
  );
}

/**
 * The clusters a deployment must not go to because they do not run the pod scheduler the
 * user chose: there its pods would stay Pending, as no scheduler picks them up. A cluster
 * runs `default-scheduler` and the one its `scheduler` label names. Named clusters that do
 * not run it are refused; in a zone they are excluded, and the request is refused when no
 * cluster of the zone runs it.
 */
function schedulerExclusions(
  resolved: ResolvedDeployment,
  candidates: KarmadaClusterObject[],
  prefix: string,
): string[] {
  const scheduler = resolved.schedulerName;
  if (!scheduler || scheduler === DEFAULT_SCHEDULER) return [];
  const key = coreLabelKeys(prefix).scheduler;
  const without = candidates
    .filter(c => c.metadata.labels?.[key] !== scheduler)
    .map(c => c.metadata.name);
  if (without.length === 0) return [];
  if (resolved.placement.mode === 'clusters') {
    throw new DeploymentPlanError(
      `schedulerName: ${without.join(', ')} ${
        without.length === 1 ? 'does' : 'do'
      } not run ${scheduler} (its ${key} label), so the pods would stay Pending there; choose clusters that run it, or no scheduler`,
    );
  }
  if (without.length === candidates.length) {
    throw new DeploymentPlanError(
      `schedulerName: no cluster of zone ${
        zoneById(resolved.placement.zone).title
      } runs ${scheduler} (label ${key}); choose a scheduler the zone runs, or none`,
    );
  }
  return without;
}

/**
 * The clusters a deployment must not go to because their GPUs are time-sliced while its
 * runtime splits the model over several GPUs (two "GPUs" there may be one physical GPU, and
 * tensor parallelism across them fails). Named clusters that are time-sliced are refused;
 * in a zone they are excluded, and refused only when the zone has no other cluster.
 */
function timeSlicedExclusions(
  resolved: ResolvedDeployment,
  candidates: KarmadaClusterObject[],
): string[] {
  if (
    !resolved.gpu ||
    resolved.resources.gpu < 2 ||
    !resolved.runtime.tensorParallel
  ) {
    return [];
  }
  const shared = candidates
    .filter(c => clusterGpuSharing(c).timeSliced)
    .map(c => c.metadata.name);
  if (shared.length === 0) return [];
  const why = `${resolved.runtime.title} splits the model over ${resolved.resources.gpu} GPUs by tensor parallelism, which needs distinct physical GPUs`;
  if (resolved.placement.mode === 'clusters') {
    throw new DeploymentPlanError(
      `placement.clusters: ${shared.join(', ')} ${
        shared.length === 1 ? 'shares its' : 'share their'
      } GPUs by time-slicing; ${why}: choose clusters with whole GPUs, or 1 GPU`,
    );
  }
  if (shared.length === candidates.length) {
    throw new DeploymentPlanError(
      `resources.gpu: every cluster of zone ${
        zoneById(resolved.placement.zone).title
      } shares its GPUs by time-slicing; ${why}: ask for 1 GPU, or choose another zone`,
    );
  }
  return shared;
}

/** The spec with each value entered as a secret replaced by a reference to its key. */
function withSecretRefs(parsed: ParsedDeploymentSpec): {
  spec: ParsedDeploymentSpec;
  secretValues: Record<string, string>;
} {
  const secretValues: Record<string, string> = {};
  const env: ParsedDeploymentSpec['env'] = {};
  for (const [name, value] of Object.entries(parsed.env)) {
    if (typeof value === 'object' && 'secret' in value) {
      secretValues[name] = value.secret;
      env[name] = {
        secretKeyRef: { name: deploymentSecretName(parsed.name), key: name },
      };
    } else {
      env[name] = value;
    }
  }
  return { spec: { ...parsed, env }, secretValues };
}

/** An env var may read its own Secret only under a key it holds or gets a value for now. */
function checkOwnSecretKeys(
  spec: ParsedDeploymentSpec,
  secretValues: Record<string, string>,
  held: readonly string[],
) {
  const own = deploymentSecretName(spec.name);
  for (const [name, value] of Object.entries(spec.env)) {
    if (typeof value !== 'object' || !('secretKeyRef' in value)) continue;
    const { name: secret, key } = value.secretKeyRef;
    if (secret !== own || key in secretValues || held.includes(key)) continue;
    throw new DeploymentPlanError(
      `env.${name}: the deployment's Secret ${own} holds no key ${key}; enter the value as a secret`,
    );
  }
}

/** The keys of the deployment's own Secret that a stored spec's env vars read. @public */
export function ownSecretKeys(spec: {
  name: string;
  env?: Record<string, unknown>;
}): string[] {
  const own = deploymentSecretName(spec.name);
  const keys = new Set<string>();
  for (const value of Object.values(spec.env ?? {})) {
    const ref = (value as { secretKeyRef?: { name?: string; key?: string } })
      ?.secretKeyRef;
    if (ref?.name === own && ref.key) keys.add(ref.key);
  }
  return [...keys].sort();
}

/**
 * Plans a model deployment: validates the request (the preset's resource profile applied
 * first, so floors, arguments and the fit check see the values that will run), resolves it
 * against the runtime catalog, checks it against the fleet (the zone has clusters, named
 * clusters exist, one replica fits on a ready cluster, the preset is for the deployment's
 * zone), and builds every object, its policies included. Pure: the same request and context
 * give the same plan. Create, update, dry run, the render action and the portal's preview
 * all use it, and nothing edits its objects afterwards.
 *
 * @throws DeploymentPlanError naming the field
 * @public
 */
export function planDeployment(
  input: unknown,
  context: DeploymentPlanContext,
): DeploymentPlan {
  const { preset } = context;
  const prefix = context.labelPrefix ?? '';
  const withProfile =
    preset && input && typeof input === 'object'
      ? withPresetResources(input as DeploymentSpec, preset, context.runtimes)
      : input;
  const settings = effectiveDeploymentSettings(
    context.settings,
    requestedZone(input),
  );
  const parsed = createDeploymentSpecSchema(context.runtimes, {
    allowPlainSecretValues: context.allowPlainSecretValues,
    offline: settings.offline,
  }).safeParse(withProfile);
  if (!parsed.success) {
    throw new DeploymentPlanError(formatZodError(parsed.error));
  }
  const { spec, secretValues } = withSecretRefs(parsed.data);
  if (context.secretKeysHeld) {
    checkOwnSecretKeys(spec, secretValues, context.secretKeysHeld);
  }
  let resolved: ResolvedDeployment;
  try {
    resolved = resolveDeployment(spec, {
      runtimes: context.runtimes,
      owner: context.owner,
      settings,
      existingPvcAccessModes: context.existingPvcAccessModes,
    });
  } catch (e) {
    throw new DeploymentPlanError((e as Error).message);
  }
  if (
    preset?.placement.zone &&
    resolved.placement.mode === 'zone' &&
    resolved.placement.zone !== preset.placement.zone
  ) {
    throw new DeploymentPlanError(
      `placement.zone: preset ${preset.name} is for zone ${preset.placement.zone}, but the deployment is placed in zone ${resolved.placement.zone}`,
    );
  }

  if (preset?.minReplicas && resolved.replicas < preset.minReplicas) {
    throw new DeploymentPlanError(
      `replicas: preset ${preset.name} needs at least ${preset.minReplicas} replicas, so that one serves while another fails over`,
    );
  }

  const { candidates, zoneSchedulers } = candidatesOf(
    resolved,
    context.clusters,
    prefix,
  );
  const excludeClusters = [
    ...new Set([
      ...timeSlicedExclusions(resolved, candidates),
      ...schedulerExclusions(resolved, candidates, prefix),
    ]),
  ];
  // Each rule alone leaves a cluster; together they may leave none.
  if (
    resolved.placement.mode === 'zone' &&
    excludeClusters.length === candidates.length
  ) {
    throw new DeploymentPlanError(
      `placement.zone: no cluster of zone ${
        zoneById(resolved.placement.zone).title
      } both runs ${
        resolved.schedulerName
      } and has whole GPUs for tensor parallelism`,
    );
  }
  const placed = candidates.filter(
    c => !excludeClusters.includes(c.metadata.name),
  );
  checkFit(resolved, placed);

  if (resolved.storage.create && !resolved.storage.storageClassName) {
    const storageClassName = defaultStorageClassOf(
      placed,
      context.defaultStorageClasses,
    );
    if (storageClassName) {
      resolved = {
        ...resolved,
        storage: { ...resolved.storage, storageClassName },
      };
    }
  }
  const names = new Set(placed.map(c => c.metadata.name));
  const runtimeClasses = Object.fromEntries(
    Object.entries(settings.runtimeClasses).filter(([cluster]) =>
      names.has(cluster),
    ),
  );
  const manifests = buildManifests(resolved, {
    labelPrefix: prefix,
    zoneSchedulers,
    preset,
    settings: { ...settings, runtimeClasses },
    ...(excludeClusters.length > 0 ? { excludeClusters } : {}),
  });
  const { deploymentId } = context;
  return {
    spec,
    secretValues,
    resolved,
    manifests,
    objects: manifestList(manifests).map(o =>
      deploymentId ? withDeploymentId(o, deploymentId) : o,
    ),
    // What the deployment is, for previews and GitOps: without the row's id, which only
    // marks the objects this backend wrote as its own.
    yaml: manifestsToYaml(manifests),
    clusters: placed.map(c => c.metadata.name),
  };
}

/**
 * The merge patches that turn the objects of plan `before` into those of plan `after` (one
 * per object that differs, addressed by its reference), for an update: both plans are made
 * with the same context, so the patches carry exactly the change asked for. An update cannot
 * add or remove objects; that throws. The deployment's own Secret is not among them: it
 * holds values no plan has, and an update may add or drop it (see {@link planSecretWrite}).
 *
 * @public
 */
export function planPatches(
  before: Pick<DeploymentPlan, 'objects'>,
  after: Pick<DeploymentPlan, 'objects'>,
): Array<KubeObjectRef & Record<string, unknown>> {
  const key = (o: KubeObjectRef) => describeRef(o);
  const notSecret = (o: KubeObject) => o.kind !== 'Secret';
  const was = new Map(before.objects.filter(notSecret).map(o => [key(o), o]));
  const now = new Map(after.objects.filter(notSecret).map(o => [key(o), o]));
  const added = [...now.keys()].filter(k => !was.has(k));
  const removed = [...was.keys()].filter(k => !now.has(k));
  if (added.length > 0 || removed.length > 0) {
    throw new DeploymentPlanError(
      `an update cannot add or remove objects (${[...added, ...removed].join(
        ', ',
      )})`,
    );
  }
  const patches: Array<KubeObjectRef & Record<string, unknown>> = [];
  for (const [k, object] of now) {
    const patch = mergePatch(was.get(k), object) as
      | Record<string, unknown>
      | undefined;
    if (!patch) continue;
    const ref = refOf(object);
    patches.push({
      ...patch,
      ...ref,
      metadata: { ...(patch.metadata as object), ...ref.metadata },
    });
  }
  return patches;
}

/**
 * What an update writes to the deployment's own Secret: whether it creates it (no env var
 * read it before), the keys it sets (values entered now) and drops (no env var reads them
 * any more), and whether it deletes it afterwards (no env var reads it now). `undefined`
 * when the update leaves the Secret alone.
 *
 * @public
 */
export interface SecretWrite {
  /** The Secret, without data, as `after` plans it (or as `before` did, to delete it). */
  secret: KubeObject;
  create: boolean;
  set: Record<string, string>;
  drop: string[];
  delete: boolean;
}

/** @public */
export function planSecretWrite(
  before: Pick<DeploymentPlan, 'objects' | 'spec'>,
  after: Pick<DeploymentPlan, 'objects' | 'spec' | 'secretValues'>,
): SecretWrite | undefined {
  const wasSecret = before.objects.find(o => o.kind === 'Secret');
  const secret = after.objects.find(o => o.kind === 'Secret');
  const keys = ownSecretKeys(after.spec);
  const drop = ownSecretKeys(before.spec).filter(k => !keys.includes(k));
  const set = after.secretValues;
  if (!secret) {
    return wasSecret
      ? { secret: wasSecret, create: false, set: {}, drop, delete: true }
      : undefined;
  }
  if (wasSecret && Object.keys(set).length === 0 && drop.length === 0) {
    return undefined;
  }
  return { secret, create: !wasSecret, set, drop, delete: false };
}
