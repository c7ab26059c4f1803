import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotFoundError,
} from '@backstage/errors';
import {
  buildManifests,
  coreLabelKeys,
  applyPreset,
  createDeploymentSpecSchema,
  DeploymentSpec,
  PolicyPreset,
  withPresetResources,
  clustersNeedingPods,
  deploymentStatus,
  DeploymentStatus,
  formatZodError,
  GPU_RESOURCE,
  KarmadaClusterObject,
  manifestList,
  manifestsToYaml,
  parseQuantity,
  resolveDeployment,
  ResolvedDeployment,
  RuntimeDefinition,
  zoneById,
  classifyZone,
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
  manifests: object[];
  yaml: string;
}

/** @public */
export interface DeploymentUpdate {
  replicas?: number;
  env?: Record<string, string>;
}

function refOf(object: any): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      ...(object.metadata.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    },
  };
}

const describeRef = (r: ObjectRef) =>
  `${r.kind} ${r.metadata.namespace ? `${r.metadata.namespace}/` : ''}${
    r.metadata.name
  }`;

/** Free amount of a resource in a cluster, in base units. */
function free(cluster: KarmadaClusterObject, resource: string): number {
  const summary = cluster.status?.resourceSummary;
  return (
    (parseQuantity(summary?.allocatable?.[resource]) ?? 0) -
    (parseQuantity(summary?.allocated?.[resource]) ?? 0) -
    (parseQuantity(summary?.allocating?.[resource]) ?? 0)
  );
}

function isReady(cluster: KarmadaClusterObject) {
  return (
    cluster.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
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

  /** Validates a request and resolves it, checking it against the fleet as it is now. */
  private async plan(input: unknown, owner: string, preset?: PolicyPreset) {
    // The preset's resource profile goes in before validation, so floors, arguments and the
    // capacity check all see the values that will run.
    const withProfile =
      preset && input && typeof input === 'object'
        ? withPresetResources(input as DeploymentSpec, preset, this.runtimes())
        : input;
    const parsed = createDeploymentSpecSchema(this.runtimes()).safeParse(
      withProfile,
    );
    if (!parsed.success) {
      throw new InputError(
        `Invalid deployment: ${formatZodError(parsed.error)}`,
      );
    }
    const spec = parsed.data;
    let resolved: ResolvedDeployment;
    try {
      resolved = resolveDeployment(spec, { runtimes: this.runtimes(), owner });
    } catch (e) {
      throw new InputError(`Invalid deployment: ${(e as Error).message}`);
    }

    const { items } = await this.karmada.listClusters();
    const keys = coreLabelKeys(this.prefix);
    let candidates: KarmadaClusterObject[];
    let zoneSchedulers: string[] | undefined;
    if (resolved.placement.mode === 'zone') {
      const zone = resolved.placement.zone;
      candidates = items.filter(
        c => classifyZone(c.metadata.labels, this.prefix) === zone,
      );
      if (candidates.length === 0) {
        throw new InputError(
          `Invalid deployment: placement.zone: no cluster is in zone ${
            zoneById(zone).title
          }`,
        );
      }
      zoneSchedulers = [
        ...new Set(
          candidates
            .map(c => c.metadata.labels?.[keys.scheduler])
            .filter((s): s is string => !!s && s !== 'default-scheduler'),
        ),
      ].sort();
    } else {
      const byName = new Map(items.map(c => [c.metadata.name, c]));
      resolved.placement.clusters.forEach((name, i) => {
        if (!byName.has(name)) {
          throw new InputError(
            `Invalid deployment: placement.clusters.${i}: cluster ${name} is not registered with Karmada`,
          );
        }
      });
      candidates = resolved.placement.clusters.map(n => byName.get(n)!);
    }

    // A replica must fit somewhere now, or Karmada would only ever report it unschedulable.
    const need = {
      cpu: parseQuantity(resolved.resources.cpu) ?? 0,
      memory: parseQuantity(resolved.resources.memory) ?? 0,
      gpu: resolved.gpu ? resolved.resources.gpu : 0,
    };
    const fits = candidates.filter(
      c =>
        isReady(c) &&
        free(c, 'cpu') >= need.cpu &&
        free(c, 'memory') >= need.memory &&
        free(c, GPU_RESOURCE) >= need.gpu,
    );
    if (fits.length === 0) {
      const where =
        resolved.placement.mode === 'zone'
          ? `zone ${zoneById(resolved.placement.zone).title}`
          : 'the chosen clusters';
      throw new InputError(
        `Invalid deployment: resources: one replica of ${
          resolved.model.title
        } needs ${resolved.resources.cpu} CPU, ${
          resolved.resources.memory
        } memory${
          need.gpu ? ` and ${need.gpu} GPU(s)` : ''
        }; no ready cluster in ${where} has that free`,
      );
    }

    if (!resolved.storage.create) {
      const pvc = await this.karmada.readObject({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: resolved.storage.pvcName,
          namespace: resolved.namespace,
        },
      });
      if (!pvc) {
        throw new InputError(
          `Invalid deployment: storage.existingPvc: PersistentVolumeClaim ${resolved.namespace}/${resolved.storage.pvcName} does not exist`,
        );
      }
    }

    const built = buildManifests(resolved, {
      labelPrefix: this.prefix,
      zoneSchedulers,
    });
    let manifests = built;
    if (preset) {
      try {
        manifests = applyPreset(built, preset, {
          runtime: resolved.runtime.id,
          placement: resolved.placement,
        });
      } catch (e) {
        throw new InputError(`Invalid deployment: ${(e as Error).message}`);
      }
    }
    return { spec, resolved, manifests };
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
    const { spec, resolved, manifests } = await this.plan(
      request,
      owner,
      preset,
    );
    const objects = manifestList(manifests);
    const yaml = manifestsToYaml(manifests);
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
        await this.karmada.createObject(object as any);
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
    const { presetId, ...request } = spec as { presetId?: unknown };
    const { resolved, manifests } = await this.plan(
      request,
      row.owner,
      await this.preset(presetId),
    );
    const deployment = manifests.deployment as any;
    await this.karmada.patchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: deployment.metadata.name,
        namespace: deployment.metadata.namespace,
      },
      spec: {
        replicas: deployment.spec.replicas,
        template: {
          spec: { containers: deployment.spec.template.spec.containers },
        },
      },
    } as any);
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
   * among them) and then the row with its audit entry. Safe to retry.
   */
  async delete(id: string, ctx: WriteContext): Promise<void> {
    const row = await this.store.get(id);
    if (!row || row.state === 'creating') {
      throw new NotFoundError(`No deployment with id ${id}`);
    }
    if (row.state !== 'deleting')
      await this.store.update(id, { state: 'deleting' });
    for (const ref of [...row.objects].reverse()) {
      await this.karmada.deleteObject(ref);
    }
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
