import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotFoundError,
} from '@backstage/errors';
import {
  clustersNeedingPods,
  DeploymentPlan,
  DeploymentPlanError,
  deploymentStatus,
  DeploymentStatus,
  describeRef,
  KarmadaClusterObject,
  KubeObject,
  planDeployment,
  planPatches,
  PolicyPreset,
  refOf,
  RuntimeDefinition,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { KarmadaClient, ObjectRef } from '@h-mas/plugin-hmas-node';
import { randomUUID } from 'node:crypto';
import { DeploymentRow, DeploymentStore } from '../database/DeploymentStore';
import { BindingCache } from './BindingCache';
import { PresetService } from './PresetService';
import { WriteContext } from './ClusterService';

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
}

/** What `create` returns: the row (absent for a dry run) and the manifests. @public */
export interface CreateDeploymentResult {
  deployment?: DeploymentRow;
  manifests: KubeObject[];
  yaml: string;
}

/** @public */
export interface DeploymentUpdate {
  replicas?: number;
  env?: Record<string, string>;
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
 * Create writes the Karmada objects in a safe order after recording a `creating` row; any
 * failure deletes what this call created (newest first) and the row, so neither orphans nor
 * stray rows remain. The row becomes `active` together with its audit entry in one
 * transaction. Delete is idempotent: a failure leaves the row `deleting` and a retry resumes.
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

  constructor(options: DeploymentServiceOptions) {
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
  ): Promise<DeploymentPlan> {
    const { items } = await this.karmada.listClusters();
    const plan = this.planOn(items, input, owner, preset);
    await this.checkStorage(plan);
    return plan;
  }

  /** `planDeployment` on a given fleet; its errors are the caller's bad input (400). */
  private planOn(
    clusters: KarmadaClusterObject[],
    input: unknown,
    owner: string,
    preset?: PolicyPreset,
  ): DeploymentPlan {
    return asInputError(() =>
      planDeployment(input, {
        owner,
        runtimes: this.runtimes(),
        labelPrefix: this.prefix,
        preset,
        clusters,
      }),
    );
  }

  /** An existing PVC the plan uses must exist: propagating a claim would create an empty one. */
  private async checkStorage(plan: DeploymentPlan): Promise<void> {
    const { storage, namespace } = plan.resolved;
    if (storage.create) return;
    const pvc = await this.karmada.readObject({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: storage.pvcName, namespace },
    });
    if (!pvc) {
      throw new InputError(
        `Invalid deployment: storage.existingPvc: PersistentVolumeClaim ${namespace}/${storage.pvcName} does not exist`,
      );
    }
  }

  /** Creates a deployment, or with `dryRun` only returns the manifests. */
  async create(
    input: unknown,
    ctx: WriteContext & { owner?: string; dryRun?: boolean },
  ): Promise<CreateDeploymentResult> {
    const { presetId, ...request } = (input ?? {}) as {
      presetId?: unknown;
      owner?: string;
    };
    const owner = request.owner ?? ctx.owner ?? ctx.actor;
    const preset = await this.preset(presetId);
    const { spec, resolved, objects, yaml } = await this.plan(
      request,
      owner,
      preset,
    );
    if (ctx.dryRun) return { manifests: objects, yaml };

    const id = randomUUID();
    await this.store.insert({
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
      objects: objects.map(refOf),
    });

    const created: ObjectRef[] = [];
    try {
      for (const object of objects) {
        await this.karmada.createObject(object);
        created.push(refOf(object));
      }
      const { row } = await this.store.update(
        id,
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
          details: { id, objects: created.map(describeRef) },
        },
      );
      return { deployment: row, manifests: objects, yaml };
    } catch (error) {
      await this.rollback(id, created);
      throw missingNamespaceAsInput(error, resolved.namespace);
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

  private async rollback(id: string, created: ObjectRef[]) {
    const left: string[] = [];
    for (const ref of [...created].reverse()) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.karmada.deleteObject(ref);
          break;
        } catch (e) {
          if (attempt >= 3) {
            left.push(describeRef(ref));
            this.logger.error(
              `Rollback could not delete ${describeRef(ref)}: ${e}`,
            );
            break;
          }
        }
      }
    }
    if (left.length === 0) {
      await this.store.remove(id);
    } else {
      // Keep the row so a retried delete can finish the cleanup.
      await this.store.update(id, { state: 'deleting', objects: created });
    }
  }

  async list(filter: Parameters<DeploymentStore['list']>[0] = {}) {
    return (await this.store.list(filter)).filter(r => r.state !== 'creating');
  }

  async get(id: string): Promise<DeploymentRow> {
    const row = await this.store.get(id);
    if (!row || row.state === 'creating') {
      throw new NotFoundError(`No deployment with id ${id}`);
    }
    return row;
  }

  /** Status from Karmada's ResourceBinding and the member clusters' pods. */
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
    // ready deployment costs one request however many clusters it spans.
    const clusters = clustersNeedingPods(binding);
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

  /** Scales or changes env; patches the Deployment template in Karmada. */
  async update(
    id: string,
    change: DeploymentUpdate,
    ctx: WriteContext,
  ): Promise<DeploymentRow> {
    const row = await this.get(id);
    if (row.state !== 'active') {
      throw new ConflictError(`Deployment ${row.name} is being deleted`);
    }
    const spec = {
      ...row.spec,
      ...(change.replicas !== undefined ? { replicas: change.replicas } : {}),
      ...(change.env ? { env: change.env } : {}),
    };
    // The patch is the difference of two plans made against the same fleet and preset:
    // exactly the change asked for, in every object it touches.
    // One read of the fleet for both plans, so they differ only by the change.
    const preset = await this.preset(row.spec.presetId);
    const { items } = await this.karmada.listClusters();
    const before = this.planOn(items, requestOf(row.spec), row.owner, preset);
    const after = this.planOn(items, requestOf(spec), row.owner, preset);
    await this.checkStorage(after);
    const { resolved } = after;
    const patches = asInputError(() => planPatches(before, after));
    for (const patch of patches) await this.karmada.patchObject(patch);
    const { row: updated } = await this.store.update(
      id,
      { spec },
      {
        ...ctx,
        action: 'deployment.update',
        targetKind: 'deployment',
        targetName: `${row.namespace}/${row.name}`,
        summary: [
          change.replicas !== undefined
            ? `replicas ${resolved.replicas}`
            : undefined,
          change.env
            ? `env ${Object.keys(change.env).sort().join(', ') || '(cleared)'}`
            : undefined,
        ]
          .filter(Boolean)
          .join('; '),
        details: {
          replicas: change.replicas,
          envNames: change.env ? Object.keys(change.env) : undefined,
        },
      },
    );
    return updated;
  }

  /**
   * Deletes the Karmada objects (newest first; an existing PVC the user supplied is never
   * among them) and then the row with its audit entry. Safe to retry and to run concurrently:
   * one deletion is recorded.
   */
  async delete(id: string, ctx: WriteContext): Promise<void> {
    const row = await this.store.get(id);
    if (!row || row.state === 'creating') {
      throw new NotFoundError(`No deployment with id ${id}`);
    }
    if (row.state !== 'deleting') {
      try {
        await this.store.update(id, { state: 'deleting' });
      } catch (e) {
        // A concurrent delete finished first: this one is done too (deletes are idempotent).
        if (isError(e) && e.name === 'NotFoundError') return;
        throw e;
      }
    }
    for (const ref of [...row.objects].reverse()) {
      await this.karmada.deleteObject(ref);
    }
    // Only the call that removes the row records the deletion: N concurrent deletes of one
    // deployment leave one audit entry.
    await this.store.remove(id, {
      ...ctx,
      action: 'deployment.delete',
      targetKind: 'deployment',
      targetName: `${row.namespace}/${row.name}`,
      summary: `deleted ${row.name} (${row.objects
        .map(describeRef)
        .join(', ')})`,
    });
  }
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
