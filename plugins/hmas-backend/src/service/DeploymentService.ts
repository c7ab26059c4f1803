import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotFoundError,
} from '@backstage/errors';
import {
  clustersNeedingPods,
  DEPLOYMENT_OBJECT_KINDS,
  DEPLOYMENT_ID_LABEL,
  deploymentIdOf,
  DeploymentPlan,
  DeploymentSettings,
  DeploymentPlanContext,
  isMergePatchApplied,
  DeploymentPlanError,
  DeploymentEnvValue,
  deploymentSecretName,
  deploymentStatus,
  isSecretLikeEnvName,
  ownSecretKeys,
  planSecretWrite,
  PRIORITY_CLASS_PRESETS,
  SecretWrite,
  DeploymentStatus,
  describeRef,
  KarmadaClusterObject,
  KubeObject,
  KubeObjectRef,
  planDeployment,
  planPatches,
  PolicyPreset,
  refOf,
  RuntimeDefinition,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { isRetryable, KarmadaClient } from '@h-mas/plugin-hmas-node';
import { randomUUID } from 'node:crypto';
import { DeploymentRow, DeploymentStore } from '../database/DeploymentStore';
import { BindingCache } from './BindingCache';
import { PresetService } from './PresetService';
import { WriteContext } from './ClusterService';
import type { TeamNamespaceService } from './TeamNamespaceService';

/** @public */
export interface DeploymentServiceOptions {
  karmada: KarmadaClient;
  store: DeploymentStore;
  logger: LoggerService;
  labelPrefix?: string;
  /** Runtimes added by other backend modules. */
  runtimes?: () => RuntimeDefinition[];
  /** Watch-fed ResourceBindings; without it every status reads Karmada. */
  bindings?: BindingCache;
  /** Policy presets a create request may name with `presetId`. */
  presets?: PresetService;
  /**
   * After how long without a recorded step an operation counts as abandoned (its process
   * died or lost Karmada), so `recover` finishes or rolls it back. It must exceed the
   * longest step: two bounded Karmada calls. Default 2 minutes.
   */
  staleAfterMs?: number;
  /**
   * Team namespaces: a create goes to its team's namespace and is checked against the team
   * quota before any write, as is a scale-up.
   */
  teamNamespaces?: Pick<
    TeamNamespaceService,
    'place' | 'checkQuota' | 'ensurePriorityClasses'
  >;
  /** How the platform's clusters take deployments (`hmas.deployments`), already validated. */
  settings?: DeploymentSettings;
}

/**
 * Who creates a deployment, besides the audit context: the owner when the request names
 * none, and the caller's ownership refs (the user and their groups), which decide the team
 * namespace it may go to.
 *
 * @public
 */
export interface CreateDeploymentContext extends WriteContext {
  owner?: string;
  ownershipRefs?: string[];
  dryRun?: boolean;
}

/** What one `recover` pass did. @public */
export interface RecoveryResult {
  /** Unfinished operations found abandoned. */
  abandoned: number;
  /** Of those, finished or rolled back. */
  recovered: number;
  /** Of those, still unfinished (Karmada failed again); the next pass retries. */
  failed: number;
  /**
   * Objects in Karmada carrying a deployment id that has no row (or whose row no longer
   * lists them), deleted.
   */
  orphansDeleted: number;
  /** Deployments stored with plaintext secret env values, moved to their own Secret. */
  secretsMigrated: number;
}

/** The kinds a deployment plan creates: where orphans are looked for. */
const OWNED_KINDS = DEPLOYMENT_OBJECT_KINDS;

/** When an object was created, in ms (0 when unknown); a Date or an ISO string. */
function createdAt(object: KubeObject): number {
  const at = (object.metadata as { creationTimestamp?: string | Date })
    .creationTimestamp;
  const ms = at ? new Date(at).getTime() : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

type PvcObject = KubeObject & { spec?: { accessModes?: string[] } };

/**
 * The existing PVC a request names, as read once: found (or `pvc` undefined: missing), or the
 * read's error; undefined when the request names none.
 */
type PvcRead = { pvc?: PvcObject } | { error: unknown } | undefined;

/** The access modes of a claim read with `readExistingPvc`, when it was found. */
function accessModesOf(read: PvcRead): string[] | undefined {
  return read && 'pvc' in read ? read.pvc?.spec?.accessModes : undefined;
}

/** The annotation of a member's default StorageClass. */
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Reads and conditional patches tried per object before an update gives up. */
const PATCH_ATTEMPTS = 3;

/** Who the recovery task writes as in the audit log. */
const RECOVERY: WriteContext = { actor: 'plugin:hmas', source: 'recovery' };

/** Who moves plaintext secrets of rows stored before secrets were Secrets. */
const MIGRATION: WriteContext = { actor: 'plugin:hmas', source: 'migration' };

/**
 * Annotation on the deployment's own Secret: the operation that wrote it last. Recovery
 * finishes an update only if its Secret write landed (the values are nowhere else).
 */
const SECRET_WRITE_ANNOTATION = 'h-mas.io/secret-write';

type SecretObject = KubeObject & { data?: Record<string, string> };

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** What a Secret write changed, to put it back: created, or the data it replaced. */
interface SecretUndo {
  created: boolean;
  previous?: Record<string, string>;
  set: string[];
}

/**
 * Thrown inside an operation when its journal no longer holds the row (a delete or the
 * recovery task took it over, or the row is gone): the operation must stop at once.
 */
class Superseded extends Error {}

/** What `create` returns: the row (absent for a dry run) and the manifests. @public */
export interface CreateDeploymentResult {
  deployment?: DeploymentRow;
  manifests: KubeObject[];
  yaml: string;
}

/** @public */
export interface DeploymentUpdate {
  replicas?: number;
  /** The whole env; a `{ secret }` value is written to the deployment's own Secret. */
  env?: Record<string, DeploymentEnvValue>;
}

/** Runs a planner step; a `DeploymentPlanError` becomes the caller's InputError (400). */
function asInputError<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof DeploymentPlanError) throw new InputError(e.message);
    throw e;
  }
}

/** The request a stored spec was planned from: the spec without the preset's id. */
function requestOf(spec: Record<string, unknown>): Record<string, unknown> {
  const { presetId: _presetId, ...request } = spec;
  return request;
}

/**
 * Model deployments: the one lifecycle used by the REST API, the UI and the scaffolder.
 *
 * Crash-safe: every create, update and delete is journalled on the deployment's row before
 * its first Karmada call, and each step before it is taken (`DeploymentStore.journal`).
 * Objects carry the row's id ({@link DEPLOYMENT_ID_LABEL}), so an object that already exists
 * and is ours is adopted rather than a 409, and a lost reply is resolved by reading back. A
 * failure rolls back at once; if even that fails (or the process dies), `recover` — run by
 * the scheduler, on one replica at a time — finishes or rolls back every operation whose
 * journal went quiet, and deletes objects whose row no longer exists. A deployment that is
 * stuck is listed with its operation and can always be deleted: a delete takes over any
 * operation.
 *
 * @public
 */
export class DeploymentService {
  private readonly karmada: KarmadaClient;
  private readonly store: DeploymentStore;
  private readonly logger: LoggerService;
  private readonly prefix: string;
  private readonly runtimes: () => RuntimeDefinition[];
  private readonly bindings?: BindingCache;
  private readonly presets?: PresetService;
  private readonly staleAfterMs: number;
  private readonly teamNamespaces?: DeploymentServiceOptions['teamNamespaces'];
  private readiness?: { at: number; notReady: Record<string, string> };
  private readonly settings?: DeploymentSettings;
  private storageClasses?: {
    at: number;
    defaults: Record<string, string | null>;
  };

  constructor(options: DeploymentServiceOptions) {
    this.settings = options.settings;
    this.teamNamespaces = options.teamNamespaces;
    this.staleAfterMs = options.staleAfterMs ?? 120_000;
    this.bindings = options.bindings;
    this.presets = options.presets;
    this.karmada = options.karmada;
    this.store = options.store;
    this.logger = options.logger;
    this.prefix = options.labelPrefix ?? '';
    this.runtimes = options.runtimes ?? (() => []);
  }

  /**
   * Plans a request against the fleet as Karmada reports it now (see `planDeployment`), and
   * checks that an existing PVC it names exists.
   */
  private async plan(
    input: unknown,
    owner: string,
    preset?: PolicyPreset,
    deploymentId?: string,
  ): Promise<DeploymentPlan> {
    const { items } = await this.karmada.listClusters();
    const existingPvc = await this.readExistingPvc(input);
    const plan = this.planOn(items, input, owner, preset, deploymentId, {
      secretKeysHeld: [],
      existingPvcAccessModes: accessModesOf(existingPvc),
      defaultStorageClasses: await this.defaultStorageClasses(items),
    });
    this.checkStorage(plan, existingPvc);
    await this.checkSecrets(plan);
    return plan;
  }

  /** `planDeployment` on a given fleet; its errors are the caller's bad input (400). */
  private planOn(
    clusters: KarmadaClusterObject[],
    input: unknown,
    owner: string,
    preset?: PolicyPreset,
    deploymentId?: string,
    options: Pick<
      DeploymentPlanContext,
      | 'secretKeysHeld'
      | 'allowPlainSecretValues'
      | 'existingPvcAccessModes'
      | 'defaultStorageClasses'
    > = {},
  ): DeploymentPlan {
    return asInputError(() =>
      planDeployment(input, {
        owner,
        runtimes: this.runtimes(),
        labelPrefix: this.prefix,
        preset,
        clusters,
        deploymentId,
        settings: this.settings,
        ...options,
      }),
    );
  }

  /**
   * The default StorageClass of each ready member (null: it has none), read from the members
   * at most every 30 s. Not needed when `hmas.deployments.storageClassName` is set; a
   * member that cannot be read is left out (the planner then does not hold it against the
   * request).
   */
  private async defaultStorageClasses(
    clusters: KarmadaClusterObject[],
  ): Promise<Record<string, string | null> | undefined> {
    // A fleet-wide class applies wherever a zone names none: nothing to read.
    if (this.settings?.storageClassName !== undefined) return undefined;
    const now = Date.now();
    if (this.storageClasses && now - this.storageClasses.at < 30_000) {
      return this.storageClasses.defaults;
    }
    const ready = clusters.filter(c =>
      c.status?.conditions?.some(
        k => k.type === 'Ready' && k.status === 'True',
      ),
    );
    const entries = await Promise.all(
      ready.map(async c => {
        try {
          const classes = await this.karmada
            .member(c.metadata.name)
            .listObjects<KubeObject>('storage.k8s.io/v1', 'StorageClass');
          const defaults = classes
            .filter(
              sc =>
                sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true',
            )
            // The newest default wins, as kube's DefaultStorageClass admission picks it.
            .sort((a, b) => createdAt(b) - createdAt(a));
          return [[c.metadata.name, defaults[0]?.metadata.name ?? null]];
        } catch {
          return [];
        }
      }),
    );
    this.storageClasses = {
      at: now,
      defaults: Object.fromEntries(entries.flat()),
    };
    return this.storageClasses.defaults;
  }

  /**
   * The one read of the existing PVC a request names, before it is planned: its access modes
   * shape the plan (a shared volume lets a cluster's replicas spread over nodes), and
   * `checkStorage` then refuses a missing claim from the same read. Undefined when the
   * request names none; a failed read is kept, to be thrown only if the plan stands (a name
   * the schema refuses gets the schema's message).
   */
  private async readExistingPvc(request: unknown): Promise<PvcRead> {
    const { namespace, storage } = (request ?? {}) as {
      namespace?: unknown;
      storage?: { existingPvc?: unknown };
    };
    const name = storage?.existingPvc;
    if (typeof name !== 'string' || name === '') return undefined;
    try {
      const pvc = await this.karmada.readObject<PvcObject>({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: typeof namespace === 'string' ? namespace : 'default',
        },
      });
      return { pvc };
    } catch (error) {
      return { error };
    }
  }

  /**
   * An existing Secret an env var reads must exist in Karmada with that key (its owner
   * propagates it); the deployment's own Secret is written by the deployment itself.
   */
  private async checkSecrets(plan: DeploymentPlan): Promise<void> {
    const { secretEnv, namespace, name } = plan.resolved;
    const own = deploymentSecretName(name);
    for (const [env, ref] of Object.entries(secretEnv)) {
      if (ref.name === own) continue;
      const secret = await this.karmada.readObject<SecretObject>({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: ref.name, namespace },
      });
      if (!secret) {
        throw new InputError(
          `Invalid deployment: env.${env}: Secret ${namespace}/${ref.name} does not exist in Karmada`,
        );
      }
      if (!(ref.key in (secret.data ?? {}))) {
        throw new InputError(
          `Invalid deployment: env.${env}: Secret ${namespace}/${ref.name} has no key ${ref.key}`,
        );
      }
    }
  }

  private isPresetPriorityClass(name: string): boolean {
    return (
      this.teamNamespaces !== undefined &&
      PRIORITY_CLASS_PRESETS.some(p => p.name === name)
    );
  }

  /**
   * The pods' PriorityClass must exist where they run, or every pod is refused at admission
   * (FailedCreate) and the deployment never starts. H-MAS's preset classes it creates itself,
   * on every cluster through Karmada (see `TeamNamespaceService.ensurePriorityClasses`),
   * before the first object; any other class must already be on each ready cluster the
   * placement may use, or the request is refused naming the clusters. A cluster that cannot
   * be read is not held against the request (Karmada does not schedule to it while it is
   * not ready).
   */
  private async checkPriorityClass(plan: DeploymentPlan): Promise<void> {
    const name = plan.resolved.priorityClassName;
    if (this.isPresetPriorityClass(name)) return;
    const notReady = await this.notReadyClusters();
    const ref = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
    };
    const missing: string[] = [];
    for (const cluster of plan.clusters) {
      if (cluster in notReady) continue;
      const found = await this.karmada
        .member(cluster)
        .readObject(ref)
        .then(
          object => object !== undefined,
          () => true,
        );
      if (!found) missing.push(cluster);
    }
    if (missing.length > 0) {
      throw new InputError(
        `Invalid deployment: priorityClassName: PriorityClass ${name} does not exist on ${
          missing.length === 1 ? 'cluster' : 'clusters'
        } ${missing.join(
          ', ',
        )}; its pods would be refused there. Create it there (or propagate it through Karmada), or choose one of ${PRIORITY_CLASS_PRESETS.map(
          p => p.name,
        ).join(', ')}`,
      );
    }
  }

  /**
   * An existing PVC the plan uses must exist: propagating a claim would create an empty one.
   * `read` is the claim as read before planning (`readExistingPvc`).
   */
  private checkStorage(plan: DeploymentPlan, read: PvcRead): void {
    const { storage, namespace } = plan.resolved;
    if (storage.create) return;
    if (read && 'error' in read) throw read.error;
    if (!read?.pvc) {
      throw new InputError(
        `Invalid deployment: storage.existingPvc: PersistentVolumeClaim ${namespace}/${storage.pvcName} does not exist`,
      );
    }
  }

  /** Creates a deployment, or with `dryRun` only returns the manifests. */
  async create(
    input: unknown,
    ctx: CreateDeploymentContext,
  ): Promise<CreateDeploymentResult> {
    const { presetId, ...asked } = (input ?? {}) as {
      presetId?: unknown;
      owner?: string;
    };
    // The team namespace first: it decides the namespace, owner and priority class planned.
    const request: { owner?: string } = this.teamNamespaces
      ? (
          await this.teamNamespaces.place(asked, {
            owner: asked.owner ?? ctx.owner ?? ctx.actor,
            ownershipRefs: ctx.ownershipRefs,
          })
        ).request
      : asked;
    const owner = request.owner ?? ctx.owner ?? ctx.actor;
    const preset = await this.preset(presetId);
    const id = randomUUID();
    const plan = await this.plan(
      request,
      owner,
      preset,
      ctx.dryRun ? undefined : id,
    );
    const { spec, resolved, objects, yaml, secretValues } = plan;
    // Before any write, a dry run included: the team quota on the clusters it targets, and
    // the PriorityClass on them.
    await this.teamNamespaces?.checkQuota(plan, resolved.replicas);
    await this.checkPriorityClass(plan);
    if (ctx.dryRun) return { manifests: objects, yaml };
    if (this.isPresetPriorityClass(resolved.priorityClassName)) {
      await this.teamNamespaces?.ensurePriorityClasses();
    }

    // The journal first: the plan's objects and the operation, before any Karmada call.
    const operation = randomUUID();
    const refs = objects.map(refOf);
    await this.store.insert(
      {
        id,
        namespace: resolved.namespace,
        name: resolved.name,
        owner: resolved.owner,
        createdBy: ctx.actor,
        runtime: resolved.runtime.id,
        model: spec.model.preset ?? resolved.model.modelId,
        zone:
          resolved.placement.mode === 'zone'
            ? resolved.placement.zone
            : undefined,
        entityRef: spec.entityRef,
        state: 'creating',
        spec: {
          ...spec,
          owner: resolved.owner,
          ...(preset ? { presetId: preset.id } : {}),
        } as Record<string, unknown>,
        objects: refs,
      },
      { kind: 'create', id: operation, step: 'planned' },
    );

    try {
      for (const object of objects) {
        await this.step(id, operation, `create ${describeRef(object)}`);
        await this.ensureCreated(
          object.kind === 'Secret'
            ? withSecretData(object, secretValues, operation)
            : object,
          id,
        );
      }
      const done = await this.store.finishOperation(
        id,
        operation,
        { state: 'active' },
        {
          ...ctx,
          action: 'deployment.create',
          targetKind: 'deployment',
          targetName: `${resolved.namespace}/${resolved.name}`,
          summary: `created ${resolved.name}: ${resolved.model.title} on ${
            resolved.runtime.title
          } (${resolved.gpu ? 'GPU' : 'CPU'}), ${
            resolved.replicas
          } replica(s), ${
            resolved.placement.mode === 'zone'
              ? `zone ${zoneById(resolved.placement.zone).title}`
              : `clusters ${resolved.placement.clusters.join(', ')}`
          }`,
          details: { id, objects: refs.map(describeRef) },
        },
      );
      if (!done) throw new Superseded('finish');
      return { deployment: done.row, manifests: objects, yaml };
    } catch (error) {
      if (error instanceof Superseded) {
        // A delete took the deployment over: it removes the objects. One this call created
        // after the delete looked is removed here; the recovery task sweeps any other.
        await this.removeOwn(id, resolved.name, refs);
        throw new ConflictError(
          `Deployment ${resolved.name} was deleted while it was being created`,
        );
      }
      await this.rollbackCreate(
        { id, name: resolved.name, objects: refs },
        operation,
      );
      throw missingNamespaceAsInput(error, resolved.namespace);
    }
  }

  /** Records the step an operation is about to take; stops it if it no longer holds the row. */
  private async step(id: string, operation: string, step: string) {
    if (!(await this.store.journal(id, operation, step))) {
      throw new Superseded(step);
    }
  }

  /**
   * Creates one object of deployment `id`, or finds that it exists already and is ours: an
   * earlier attempt whose reply was lost (read back by its id label), or an orphan of a
   * deployment whose row is gone (adopted by patching it to the plan). Anything else of the
   * same name is somebody else's: a ConflictError naming it.
   */
  private async ensureCreated(object: KubeObject, id: string): Promise<void> {
    try {
      await this.karmada.createObject(object);
      return;
    } catch (error) {
      if (!isError(error)) throw error;
      if (error.name === 'ConflictError') {
        const existing = await this.karmada.readObject<KubeObject>(
          refOf(object),
        );
        const owner = existing && deploymentIdOf(existing);
        if (owner === id) return;
        if (owner && !(await this.store.get(owner))) {
          await this.karmada.patchObject(object);
          this.logger.info(
            `Adopted ${describeRef(
              object,
            )}, left behind by deployment ${owner}`,
          );
          return;
        }
        if (existing) {
          throw new ConflictError(
            `${describeRef(object)} already exists in Karmada and belongs to ${
              owner ? `deployment ${owner}` : 'something other than H-MAS'
            }; choose another name`,
          );
        }
      }
      if (isRetryable(error)) {
        // The reply was lost or late: the write may have taken effect all the same.
        const existing = await this.karmada
          .readObject<KubeObject>(refOf(object))
          .catch(() => undefined);
        if (existing && deploymentIdOf(existing) === id) return;
      }
      throw error;
    }
  }

  /**
   * Whether an object in Karmada is deployment `row`'s to delete: it carries the row's id,
   * or (made before objects carried ids) H-MAS manages it under the deployment's name.
   */
  private isOwn(
    existing: KubeObject,
    row: { id: string; name: string },
  ): boolean {
    const owner = deploymentIdOf(existing);
    if (owner) return owner === row.id;
    const labels = (
      existing.metadata as { labels?: Record<string, string> } | undefined
    )?.labels;
    return (
      labels?.['app.kubernetes.io/managed-by'] === 'h-mas' &&
      labels?.['h-mas.io/deployment'] === row.name
    );
  }

  /**
   * Deletes the deployment's objects, newest first, each step journalled; objects that are
   * not its own (see `isOwn`) are left alone. Safe to repeat.
   */
  private async removeObjects(
    row: { id: string; name: string; objects: KubeObjectRef[] },
    operation: string,
    stepPrefix = '',
  ): Promise<void> {
    for (const ref of [...row.objects].reverse()) {
      await this.step(
        row.id,
        operation,
        `${stepPrefix}delete ${describeRef(ref)}`,
      );
      const existing = await this.karmada.readObject<KubeObject>(ref);
      if (existing && this.isOwn(existing, row)) {
        await this.karmada.deleteObject(ref);
      }
    }
  }

  /** Best effort, without a journal: deletes what of `refs` is the deployment's own. */
  private async removeOwn(id: string, name: string, refs: KubeObjectRef[]) {
    for (const ref of [...refs].reverse()) {
      try {
        const existing = await this.karmada.readObject<KubeObject>(ref);
        if (existing && this.isOwn(existing, { id, name })) {
          await this.karmada.deleteObject(ref);
        }
      } catch (e) {
        this.logger.warn(
          `Could not delete ${describeRef(
            ref,
          )} of ${name}; the recovery task will: ${e}`,
        );
      }
    }
  }

  /**
   * Undoes a create: deletes its objects and its row. `false` if Karmada failed again; the
   * journal then still holds the operation and the recovery task retries.
   */
  private async rollbackCreate(
    row: { id: string; name: string; objects: KubeObjectRef[] },
    operation: string,
    audit?: Parameters<DeploymentStore['remove']>[1],
  ): Promise<boolean> {
    return this.rollingBack('create', row.name, async () => {
      await this.removeObjects(row, operation, 'roll back: ');
      await this.store.remove(row.id, audit, operation);
    });
  }

  /**
   * Runs a rollback: `true` when done (or taken over by another operation), `false`, logged,
   * when it failed too and the journal keeps the operation for the recovery task.
   */
  private async rollingBack(
    what: string,
    name: string,
    undo: () => Promise<void>,
  ): Promise<boolean> {
    try {
      await undo();
      return true;
    } catch (e) {
      if (e instanceof Superseded) return true;
      this.logger.warn(
        `Could not roll back the ${what} of ${name}; the recovery task will: ${e}`,
      );
      return false;
    }
  }

  /** The preset a request names, or an InputError naming `presetId`. */
  private async preset(presetId: unknown): Promise<PolicyPreset | undefined> {
    if (presetId === undefined || presetId === null || presetId === '') {
      return undefined;
    }
    if (typeof presetId !== 'string' || !this.presets) {
      throw new InputError(
        'Invalid deployment: presetId: must be the id of a policy preset',
      );
    }
    try {
      return await this.presets.get(presetId);
    } catch (e) {
      throw new InputError(
        `Invalid deployment: presetId: ${(e as Error).message}`,
      );
    }
  }

  /** Every deployment, unfinished ones included (their `operation` says what is pending). */
  /**
   * The objects a stored deployment plans to now, as a preview (without the row's id): its
   * own Secret's keys count as held, and neither placement nor quota is checked again — it
   * exists already. For the portal's Configuration and Manifests tabs.
   */
  async manifests(
    row: DeploymentRow,
  ): Promise<Pick<CreateDeploymentResult, 'manifests' | 'yaml'>> {
    const preset = await this.preset(row.spec.presetId);
    const { items } = await this.karmada.listClusters();
    const { objects, yaml } = this.planOn(
      items,
      requestOf(row.spec),
      row.owner,
      preset,
      undefined,
      {
        secretKeysHeld: ownSecretKeys(row.spec as { name: string }),
        allowPlainSecretValues: true,
        existingPvcAccessModes: accessModesOf(
          await this.readExistingPvc(row.spec),
        ),
        defaultStorageClasses: await this.defaultStorageClasses(items),
      },
    );
    return { manifests: objects, yaml };
  }

  async list(filter: Parameters<DeploymentStore['list']>[0] = {}) {
    return this.store.list(filter);
  }

  async get(id: string): Promise<DeploymentRow> {
    const row = await this.store.get(id);
    if (!row) throw new NotFoundError(`No deployment with id ${id}`);
    return row;
  }

  /** Status from Karmada's ResourceBinding and the member clusters' pods. */
  /**
   * The member clusters whose Ready condition is not True, with the reason, from a LIST at most
   * 10 s old (one for all the deployments of a list). Unknown (empty) when Karmada cannot be
   * listed: the binding is then all there is.
   */
  private async notReadyClusters(): Promise<Record<string, string>> {
    const now = Date.now();
    if (this.readiness && now - this.readiness.at < 10_000) {
      return this.readiness.notReady;
    }
    this.readiness = {
      at: now,
      notReady: await this.karmada.listClusters().then(
        ({ items }) =>
          Object.fromEntries(
            items.flatMap(c => {
              const ready = c.status?.conditions?.find(k => k.type === 'Ready');
              // No Ready condition yet (a cluster just joined): nothing to distrust.
              return !ready || ready.status === 'True'
                ? []
                : [
                    [
                      c.metadata.name,
                      `${ready.reason ?? 'NotReady'}: ${
                        ready.message ?? ''
                      }`.replace(/: $/, ''),
                    ],
                  ];
            }),
          ),
        () => ({}),
      ),
    };
    return this.readiness.notReady;
  }

  async status(row: DeploymentRow): Promise<DeploymentStatus> {
    const deploymentRef = row.objects.find(o => o.kind === 'Deployment');
    const replicas = Number((row.spec as { replicas?: number }).replicas ?? 1);
    const bindingName = `${
      deploymentRef?.metadata.name ?? row.name
    }-deployment`;
    const cached = this.bindings?.get(row.namespace, bindingName);
    const binding = cached
      ? cached.binding
      : await this.karmada.readObject<any>({
          apiVersion: 'work.karmada.io/v1alpha2',
          kind: 'ResourceBinding',
          metadata: { namespace: row.namespace, name: bindingName },
        });
    // Pods are read only where Karmada reports fewer ready replicas than assigned: a fully
    // ready deployment costs one request however many clusters it spans. A member that is
    // not Ready is not read (its proxy cannot answer) nor trusted (Karmada's report is stale).
    const notReadyClusters = await this.notReadyClusters();
    const clusters = clustersNeedingPods(binding).filter(
      c => notReadyClusters[c] === undefined,
    );
    const pods = await Promise.all(
      clusters.map(c =>
        this.karmada
          .listMemberPods(c, row.namespace, `h-mas.io/deployment=${row.name}`)
          .then(
            items => ({ items }),
            error => ({ error: error as Error }),
          ),
      ),
    );
    const status = deploymentStatus({
      desiredReplicas: replicas,
      binding,
      notReadyClusters,
      podsByCluster: Object.fromEntries(
        clusters.map((c, i) => [c, (pods[i] as { items?: any[] }).items ?? []]),
      ),
    });
    // A member we could not read is not a member without pods: say so.
    clusters.forEach((c, i) => {
      const failure = (pods[i] as { error?: Error }).error;
      const entry = status.clusters.find(s => s.cluster === c);
      if (failure && entry) {
        entry.message = `pods could not be read: ${failure.message}`;
      }
    });
    return status;
  }

  /**
   * Scales or changes env: writes the deployment's own Secret first (values entered as
   * secrets, keys no longer read dropped), then patches the objects in Karmada by the
   * difference of two plans, journalled; a failure puts back what was written (or leaves it
   * to `recover`). A Secret no env var reads any more is deleted once the change is recorded.
   */
  async update(
    id: string,
    change: DeploymentUpdate,
    ctx: WriteContext,
  ): Promise<DeploymentRow> {
    const row = await this.get(id);
    if (row.state !== 'active') {
      throw new ConflictError(
        `Deployment ${row.name} is ${
          row.state === 'creating' ? 'still being created' : 'being deleted'
        }`,
      );
    }
    const requested = {
      ...row.spec,
      ...(change.replicas !== undefined ? { replicas: change.replicas } : {}),
      ...(change.env ? { env: change.env } : {}),
    };
    const { before, after, existingPvc } = await this.plansOf(row, requested, {
      secretKeysHeld: ownSecretKeys(row.spec as { name: string }),
    });
    this.checkStorage(after, existingPvc);
    await this.checkSecrets(after);
    // More replicas must fit the team quota (fewer always do).
    await this.teamNamespaces?.checkQuota(
      after,
      after.resolved.replicas - before.resolved.replicas,
    );
    // As stored: secrets entered now are references to the deployment's own Secret.
    const spec = { ...requested, env: after.spec.env };
    const { resolved } = after;
    const patches = asInputError(() => planPatches(before, after));
    const secretWrite = planSecretWrite(before, after);

    const operation = randomUUID();
    await this.store.beginOperation(id, {
      kind: 'update',
      id: operation,
      target: spec,
      step: 'planned',
    });
    let undo: SecretUndo | undefined;
    try {
      if (secretWrite && !secretWrite.delete) {
        undo = await this.writeSecret(row, operation, secretWrite);
      }
      await this.applyPatches(id, operation, patches);
      const done = await this.store.finishOperation(
        id,
        operation,
        { spec, objects: after.objects.map(refOf) },
        {
          ...ctx,
          action: 'deployment.update',
          targetKind: 'deployment',
          targetName: `${row.namespace}/${row.name}`,
          summary: updateSummary(change, resolved.replicas),
          details: {
            replicas: change.replicas,
            envNames: change.env ? Object.keys(change.env) : undefined,
            secretKeys: secretWrite
              ? Object.keys(secretWrite.set).sort()
              : undefined,
          },
        },
      );
      if (!done) throw new Superseded('finish');
      if (secretWrite?.delete) await this.deleteSecret(row, secretWrite);
      return done.row;
    } catch (error) {
      if (error instanceof Superseded) {
        throw new ConflictError(
          `Deployment ${row.name} was deleted while it was being changed`,
        );
      }
      await this.rollbackUpdate(row, operation, before, after, undo ?? null);
      throw error;
    }
  }

  /**
   * Writes the deployment's own Secret: creates it or patches its data (values set, keys
   * dropped), marked with the operation ({@link SECRET_WRITE_ANNOTATION}) so that recovery
   * can tell whether the write landed. Returns what it replaced, to put it back.
   */
  private async writeSecret(
    row: { id: string; name: string },
    operation: string,
    write: SecretWrite,
  ): Promise<SecretUndo> {
    const ref = refOf(write.secret);
    await this.step(row.id, operation, `write ${describeRef(ref)}`);
    const current = await this.karmada.readObject<SecretObject>(ref);
    if (current && !this.isOwn(current, row)) {
      throw new ConflictError(
        `${describeRef(
          ref,
        )} already exists in Karmada and is not this deployment's`,
      );
    }
    const set = Object.keys(write.set);
    if (!current) {
      await this.ensureCreated(
        withSecretData(write.secret, write.set, operation),
        row.id,
      );
      return { created: true, set };
    }
    const data: Record<string, string | null> = {};
    for (const key of write.drop) data[key] = null;
    for (const [key, value] of Object.entries(write.set)) {
      data[key] = base64(value);
    }
    await this.applyPatch({
      ...ref,
      metadata: {
        ...ref.metadata,
        annotations: { [SECRET_WRITE_ANNOTATION]: operation },
      },
      data,
    } as KubeObject);
    return { created: false, previous: current.data ?? {}, set };
  }

  /** Deletes the deployment's own Secret once nothing reads it; the sweep retries a failure. */
  private async deleteSecret(
    row: { id: string; name: string },
    write: SecretWrite,
  ): Promise<void> {
    await this.removeOwn(row.id, row.name, [refOf(write.secret)]);
  }

  /**
   * The plans of a row's stored spec and of `target`, made against one read of the fleet
   * and the same preset, so they differ only by the change. The stored spec may hold
   * plaintext secrets from before they were Secrets: that is what is in Karmada for it.
   */
  private async plansOf(
    row: DeploymentRow,
    target: Record<string, unknown>,
    options: Pick<DeploymentPlanContext, 'secretKeysHeld'> = {},
  ): Promise<{
    before: DeploymentPlan;
    after: DeploymentPlan;
    /** The existing PVC as read once for both plans: an update does not change storage. */
    existingPvc: PvcRead;
  }> {
    const preset = await this.preset(row.spec.presetId);
    const { items } = await this.karmada.listClusters();
    const existingPvc = await this.readExistingPvc(row.spec);
    const existingPvcAccessModes = accessModesOf(existingPvc);
    const defaultStorageClasses = await this.defaultStorageClasses(items);
    return {
      before: this.planOn(
        items,
        requestOf(row.spec),
        row.owner,
        preset,
        row.id,
        {
          allowPlainSecretValues: true,
          existingPvcAccessModes,
          defaultStorageClasses,
        },
      ),
      after: this.planOn(items, requestOf(target), row.owner, preset, row.id, {
        ...options,
        existingPvcAccessModes,
        defaultStorageClasses,
      }),
      existingPvc,
    };
  }

  private async applyPatches(
    id: string,
    operation: string,
    patches: KubeObject[],
    stepPrefix = '',
  ) {
    for (const patch of patches) {
      await this.step(
        id,
        operation,
        `${stepPrefix}patch ${describeRef(patch)}`,
      );
      await this.applyPatch(patch);
    }
  }

  /**
   * Applies one merge patch conditionally on the object's resourceVersion as just read, so a
   * write that lands late (its reply lost, its deadline passed) cannot undo a later one: it
   * fails with a conflict instead. A lost reply or a conflict is resolved by reading back: a
   * patch found applied is done.
   */
  private async applyPatch(patch: KubeObject): Promise<void> {
    const ref = refOf(patch);
    for (let attempt = 1; ; attempt++) {
      const current = await this.karmada.readObject<KubeObject>(ref);
      if (!current) {
        throw new ConflictError(
          `${describeRef(
            ref,
          )} is missing in Karmada; delete the deployment and create it again`,
        );
      }
      if (isMergePatchApplied(current, patch)) return;
      try {
        await this.karmada.patchObject({
          ...patch,
          metadata: {
            ...patch.metadata,
            resourceVersion: current.metadata.resourceVersion,
          },
        } as KubeObject);
        return;
      } catch (error) {
        const again =
          isError(error) &&
          (error.name === 'ConflictError' || isRetryable(error));
        if (!again || attempt >= PATCH_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Puts back an update's patches and its Secret write, and ends its operation; `false` if
   * Karmada failed again. `undo` is what this process's Secret write replaced; `null` when
   * it wrote none, `undefined` when unknown (the recovery task: the Secret then loses the
   * keys `before` does not read, or goes if `before` reads none).
   */
  private async rollbackUpdate(
    row: DeploymentRow,
    operation: string,
    before: DeploymentPlan,
    after: DeploymentPlan,
    undo?: SecretUndo | null,
  ): Promise<boolean> {
    return this.rollingBack('change', row.name, async () => {
      await this.applyPatches(
        row.id,
        operation,
        planPatches(after, before),
        'roll back: ',
      );
      if (undo !== null) await this.putBackSecret(row, operation, before, undo);
      await this.store.finishOperation(row.id, operation, {});
    });
  }

  private async putBackSecret(
    row: DeploymentRow,
    operation: string,
    before: DeploymentPlan,
    undo: SecretUndo | undefined,
  ) {
    const ref = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        namespace: row.namespace,
        name: deploymentSecretName(row.name),
      },
    };
    const wasSecret = before.objects.some(o => o.kind === 'Secret');
    await this.step(row.id, operation, `roll back: write ${describeRef(ref)}`);
    const current = await this.karmada.readObject<SecretObject>(ref);
    if (!current || !this.isOwn(current, row)) return;
    if (undo?.created || !wasSecret) {
      await this.karmada.deleteObject(ref);
      return;
    }
    const keep = ownSecretKeys(before.spec);
    const data: Record<string, string | null> = {};
    for (const key of Object.keys(current.data ?? {})) {
      if (undo?.previous) {
        if (!(key in undo.previous)) data[key] = null;
      } else if (!keep.includes(key)) {
        data[key] = null;
      }
    }
    Object.assign(data, undo?.previous ?? {});
    await this.applyPatch({ ...ref, data } as KubeObject);
  }

  /**
   * Deletes the Karmada objects (newest first; an existing PVC the user supplied is never
   * among them, nor is anything that is not the deployment's own) and then the row with its
   * audit entry. Takes over any unfinished operation, so a stuck deployment can always be
   * deleted. Safe to retry and to run concurrently: one deletion is recorded.
   */
  async delete(id: string, ctx: WriteContext): Promise<void> {
    const row = await this.get(id);
    const operation = randomUUID();
    try {
      await this.store.beginOperation(
        id,
        { kind: 'delete', id: operation, step: 'planned' },
        { state: 'deleting', replacing: 'any' },
      );
    } catch (e) {
      // A concurrent delete finished first: this one is done too (deletes are idempotent).
      if (isError(e) && e.name === 'NotFoundError') return;
      throw e;
    }
    await this.finishDelete(row, operation, ctx);
  }

  private async finishDelete(
    row: DeploymentRow,
    operation: string,
    ctx: WriteContext,
    summaryPrefix = 'deleted',
  ): Promise<void> {
    try {
      await this.removeObjects(row, operation);
    } catch (e) {
      // Another delete (or the recovery task) took over and finishes the job.
      if (e instanceof Superseded) return;
      throw e;
    }
    // Only the operation that removes the row records the deletion: N concurrent deletes of
    // one deployment leave one audit entry.
    await this.store.remove(
      row.id,
      {
        ...ctx,
        action: 'deployment.delete',
        targetKind: 'deployment',
        targetName: `${row.namespace}/${row.name}`,
        summary: `${summaryPrefix} ${row.name} (${row.objects
          .map(describeRef)
          .join(', ')})`,
      },
      operation,
    );
  }

  /**
   * Finishes or rolls back every operation whose journal has recorded no step for
   * `staleAfterMs` (its process died, or Karmada failed it and its own rollback), then deletes
   * objects in Karmada that carry a deployment id without a row. An abandoned create is
   * rolled back, an update is finished (or put back if its plan no longer holds), a delete
   * is finished. Each is taken over by compare-and-set, so two runs never work on one
   * deployment; the scheduler runs it on one replica at a time.
   */
  async recover(): Promise<RecoveryResult> {
    const result: RecoveryResult = {
      abandoned: 0,
      recovered: 0,
      failed: 0,
      orphansDeleted: 0,
      secretsMigrated: 0,
    };
    const rows = await this.store.listUnfinished(
      new Date(Date.now() - this.staleAfterMs),
    );
    for (const row of rows) {
      const pending = row.operation!;
      const operation = randomUUID();
      try {
        await this.store.beginOperation(
          row.id,
          {
            kind: pending.kind,
            id: operation,
            target: pending.target,
            step: `recovery: took over from ${pending.step ?? 'the start'}`,
          },
          { replacing: pending.id },
        );
      } catch {
        continue; // finished, deleted or taken over meanwhile
      }
      result.abandoned++;
      const ok = await this.recoverOne(row, operation).catch(e => {
        this.logger.warn(`Recovery of deployment ${row.name} failed: ${e}`);
        return false;
      });
      if (ok) result.recovered++;
      else result.failed++;
    }
    result.orphansDeleted = await this.deleteOrphans();
    result.secretsMigrated = await this.migratePlaintextSecrets();
    return result;
  }

  private async recoverOne(
    row: DeploymentRow,
    operation: string,
  ): Promise<boolean> {
    const pending = row.operation!;
    const target = `${row.namespace}/${row.name}`;
    if (pending.kind === 'create') {
      this.logger.info(`Rolling back the unfinished create of ${target}`);
      return this.rollbackCreate(row, operation, {
        ...RECOVERY,
        action: 'deployment.create.rollback',
        outcome: 'rolled-back',
        targetKind: 'deployment',
        targetName: target,
        summary: `rolled back the unfinished create of ${
          row.name
        } (stopped at: ${pending.step ?? 'start'})`,
      });
    }
    if (pending.kind === 'delete') {
      this.logger.info(`Finishing the unfinished delete of ${target}`);
      await this.finishDelete(
        row,
        operation,
        RECOVERY,
        'finished the unfinished delete of',
      );
      return true;
    }
    const spec = pending.target ?? row.spec;
    const { before, after } = await this.plansOf(row, spec);
    const secretWrite = planSecretWrite(before, after);
    if (
      secretWrite &&
      !secretWrite.delete &&
      !(await this.secretWriteLanded(row, pending.id))
    ) {
      // The values it was to write are nowhere else: the change cannot be finished.
      this.logger.info(
        `Putting back the change of ${target}: its Secret was not written`,
      );
      return this.rollbackUpdate(row, operation, before, after);
    }
    try {
      this.logger.info(`Finishing the unfinished change of ${target}`);
      if (secretWrite && !secretWrite.delete) {
        await this.writeSecret(row, operation, secretWrite);
      }
      await this.applyPatches(row.id, operation, planPatches(before, after));
      await this.store.finishOperation(
        row.id,
        operation,
        { spec, objects: after.objects.map(refOf) },
        {
          ...RECOVERY,
          action: 'deployment.update',
          targetKind: 'deployment',
          targetName: target,
          summary: `finished the unfinished change of ${row.name}`,
        },
      );
      if (secretWrite?.delete) await this.deleteSecret(row, secretWrite);
      return true;
    } catch (e) {
      if (e instanceof Superseded) return true;
      this.logger.warn(`Putting back the change of ${target}: ${e}`);
      return this.rollbackUpdate(row, operation, before, after);
    }
  }

  /** Whether operation `operationId` wrote the deployment's own Secret. */
  private async secretWriteLanded(
    row: DeploymentRow,
    operationId: string,
  ): Promise<boolean> {
    const secret = await this.karmada.readObject<SecretObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        namespace: row.namespace,
        name: deploymentSecretName(row.name),
      },
    });
    const annotations = (
      secret?.metadata as { annotations?: Record<string, string> } | undefined
    )?.annotations;
    return annotations?.[SECRET_WRITE_ANNOTATION] === operationId;
  }

  /**
   * Moves the plaintext secrets of deployments stored before secrets were Secrets (a value
   * under a secret-like env name, see `isSecretLikeEnvName`) into each deployment's own
   * Secret, by the ordinary update: Secret written and propagated, Deployment reading it,
   * spec storing only the reference. A deployment with an operation in progress waits for
   * the next pass; one that fails is logged and retried then.
   */
  async migratePlaintextSecrets(): Promise<number> {
    let migrated = 0;
    for (const row of await this.store.list()) {
      const env = (row.spec.env ?? {}) as Record<string, DeploymentEnvValue>;
      const plain = Object.keys(env).filter(
        k => typeof env[k] === 'string' && isSecretLikeEnvName(k),
      );
      if (plain.length === 0 || row.state !== 'active' || row.operation) {
        continue;
      }
      const moved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          plain.includes(k) ? { secret: v as string } : v,
        ]),
      );
      try {
        await this.update(row.id, { env: moved }, MIGRATION);
        migrated++;
        this.logger.info(
          `Moved the plaintext ${plain.join(', ')} of deployment ${
            row.namespace
          }/${row.name} into Secret ${deploymentSecretName(row.name)}`,
        );
      } catch (e) {
        this.logger.warn(
          `Could not move the plaintext secrets of ${row.namespace}/${row.name} into a Secret; the next pass retries: ${e}`,
        );
      }
    }
    return migrated;
  }

  /**
   * Deletes objects that carry a deployment id whose row does not exist: left by a create
   * whose reply arrived after its rollback looked, or by a crash between steps. A row is
   * always written before its first object, so such an object has no future owner. Also an
   * object whose row, with no operation in progress, no longer lists it (a Secret an update
   * dropped, whose delete failed): listed first and the row read after, so an object an
   * operation is adding is either under that operation or recorded by it.
   */
  private async deleteOrphans(): Promise<number> {
    let deleted = 0;
    const rows = new Map<string, DeploymentRow | undefined>();
    for (const [apiVersion, kind] of OWNED_KINDS) {
      const objects = await this.karmada.listObjects<KubeObject>(
        apiVersion,
        kind,
        { labelSelector: DEPLOYMENT_ID_LABEL },
      );
      for (const object of objects) {
        const owner = deploymentIdOf(object)!;
        if (!rows.has(owner)) rows.set(owner, await this.store.get(owner));
        const row = rows.get(owner);
        const ref = refOf(object);
        if (row) {
          const listed = row.objects.some(
            o => describeRef(o) === describeRef(ref),
          );
          if (listed || row.operation || row.state !== 'active') continue;
        }
        if (await this.karmada.deleteObject(ref)) {
          deleted++;
          this.logger.info(
            `Deleted ${describeRef(ref)}: ${
              row
                ? `deployment ${row.name} no longer uses it`
                : `its deployment ${owner} no longer exists`
            }`,
          );
        }
      }
    }
    return deleted;
  }
}

function updateSummary(change: DeploymentUpdate, replicas: number): string {
  return [
    change.replicas !== undefined ? `replicas ${replicas}` : undefined,
    change.env
      ? `env ${Object.keys(change.env).sort().join(', ') || '(cleared)'}`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Karmada answers a write into a namespace it does not have with 404 `namespaces "x" not
 * found`; for the caller that is bad input, named by its field.
 */
function missingNamespaceAsInput(error: unknown, namespace: string): unknown {
  if (
    isError(error) &&
    error.name === 'NotFoundError' &&
    error.message.includes(`namespaces "${namespace}" not found`)
  ) {
    return new InputError(
      `Invalid deployment: namespace: ${namespace} does not exist in Karmada; create it there first`,
    );
  }
  return error;
}

/**
 * The deployment's own Secret as written: the planned object with the values entered now
 * (base64) and the writing operation. Only the write sees it: it is never returned, stored
 * nor logged.
 */
function withSecretData(
  secret: KubeObject,
  values: Record<string, string>,
  operation: string,
): KubeObject {
  const meta = secret.metadata as { annotations?: Record<string, string> };
  return {
    ...secret,
    metadata: {
      ...secret.metadata,
      annotations: {
        ...meta.annotations,
        [SECRET_WRITE_ANNOTATION]: operation,
      },
    },
    data: Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, base64(v)]),
    ),
  } as KubeObject;
}
