import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ClusterQuotaUse,
  DeploymentPlan,
  defaultPriorityClass,
  describeRef,
  formatZodError,
  KubeObject,
  podQuotaUse,
  priorityClassObjects,
  quotaShortfall,
  refOf,
  TEAM_NAMESPACE_LABEL,
  TEAM_QUOTA_NAME,
  TeamNamespace,
  teamNamespaceObjects,
  TeamNamespaceSpec,
  teamNamespaceSpecSchema,
  teamNamespaceUpdateSchema,
  teamQuotaHard,
} from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { isDeepStrictEqual } from 'node:util';
import type { NewAuditEntry } from '../database/AuditStore';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { TeamNamespaceStore } from '../database/TeamNamespaceStore';
import type { WriteContext } from './ClusterService';

/** @public */
export interface TeamNamespaceServiceOptions {
  karmada: KarmadaClient;
  store: TeamNamespaceStore;
  /** Deployments: a namespace that holds one is not deleted, nor its class dropped. */
  deployments: Pick<DeploymentStore, 'list'>;
  logger: LoggerService;
  /** After how long a `creating` row counts as abandoned (see `recover`). Default 2 min. */
  staleAfterMs?: number;
}

/** Where a deployment goes, as {@link TeamNamespaceService.place} decides it. @public */
export interface DeploymentPlacementInNamespace {
  /** The request with its namespace (and priority class, when it named none) filled in. */
  request: Record<string, unknown>;
  /** The team namespace it goes to, if any. */
  teamNamespace?: TeamNamespace;
}

/** What a recovery pass did. @public */
export interface TeamNamespaceRecoveryResult {
  /** Creates a process left unfinished that were completed. */
  finished: number;
  /** Deletes a process left unfinished that were completed. */
  deleted: number;
  /** Team namespaces whose Karmada objects were missing or changed and were written again. */
  repaired: number;
  /** Labelled Namespaces in Karmada without a row, deleted. */
  orphans: number;
}

const PRIORITY_PRESET_LABEL = 'h-mas.io/priority-preset';

function spec(ns: TeamNamespace): TeamNamespaceSpec {
  return {
    name: ns.name,
    team: ns.team,
    ...(ns.description ? { description: ns.description } : {}),
    quota: ns.quota,
    priorityClasses: ns.priorityClasses,
  };
}

function quotaText(quota: TeamNamespace['quota']): string {
  return Object.entries(teamQuotaHard(quota))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Team namespaces (F-5.4): the one path for defining, changing and deleting them, for placing
 * a deployment in its team's namespace and for checking a create against the team quota.
 *
 * A team namespace is a row (the intent) and, in Karmada, a Namespace, its ResourceQuota
 * `team-quota` and the PropagationPolicy that sends the quota to every member, where each
 * member enforces it; plus the PriorityClass presets, created once for the fleet. The objects
 * are derived from the row, so every step can be repeated: a create writes the row first and
 * rolls back (objects, then row) on failure; a process that dies leaves a row `creating` or
 * `deleting` that `recover` completes, and a labelled Namespace with no row that it deletes.
 *
 * @public
 */
export class TeamNamespaceService {
  private readonly karmada: KarmadaClient;
  private readonly store: TeamNamespaceStore;
  private readonly deployments: Pick<DeploymentStore, 'list'>;
  private readonly logger: LoggerService;
  private readonly staleAfterMs: number;

  constructor(options: TeamNamespaceServiceOptions) {
    this.karmada = options.karmada;
    this.store = options.store;
    this.deployments = options.deployments;
    this.logger = options.logger;
    this.staleAfterMs = options.staleAfterMs ?? 120_000;
  }

  /** Every team namespace; with `usage`, its quota use on each member cluster. */
  async list(options: { usage?: boolean } = {}): Promise<TeamNamespace[]> {
    const rows = await this.store.list();
    if (!options.usage || rows.length === 0) return rows;
    const clusters = await this.clusterNames();
    return Promise.all(
      rows.map(async ns => ({ ...ns, usage: await this.usage(ns, clusters) })),
    );
  }

  /** A team namespace with its quota use; a NotFoundError when there is none. */
  async get(name: string): Promise<TeamNamespace> {
    const ns = await this.store.get(name);
    if (!ns) throw new NotFoundError(`No team namespace ${name}`);
    return { ...ns, usage: await this.usage(ns, await this.clusterNames()) };
  }

  /** The team namespace of a group, if it has one. */
  async ofTeam(team: string): Promise<TeamNamespace | undefined> {
    return this.store.getByTeam(team);
  }

  /**
   * Defines a team namespace: the row, then the PriorityClass presets, the Namespace, its
   * ResourceQuota and their PropagationPolicy. A failure removes what was written (the
   * recovery task removes what even that could not).
   */
  async create(input: unknown, ctx: WriteContext): Promise<TeamNamespace> {
    const parsed = teamNamespaceSpecSchema.safeParse(input);
    if (!parsed.success) {
      throw new InputError(
        `Invalid team namespace: ${formatZodError(parsed.error)}`,
      );
    }
    const ns = parsed.data;
    const existing = await this.karmada.readObject<KubeObject>({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns.name },
    });
    if (existing && !existing.metadata.labels?.[TEAM_NAMESPACE_LABEL]) {
      throw new ConflictError(
        `Namespace ${ns.name} already exists in Karmada and is not a team namespace; choose another name`,
      );
    }
    await this.store.insert(ns, ctx.actor);
    try {
      await this.ensurePriorityClasses();
      await this.apply(ns);
    } catch (error) {
      await this.removeObjects(ns.name).catch(e =>
        this.logger.warn(
          `Could not roll back team namespace ${ns.name}; the recovery task removes it: ${e}`,
        ),
      );
      await this.store.delete(ns.name);
      throw error;
    }
    const done = await this.store.update(
      ns.name,
      { state: 'active' },
      {
        from: 'creating',
        audit: this.audit(ctx, 'create', ns.name, {
          summary: `created team namespace ${ns.name} for ${
            ns.team
          }: quota ${quotaText(
            ns.quota,
          )}; priority classes ${ns.priorityClasses.join(', ')}`,
          details: { after: ns },
        }),
      },
    );
    if (!done) {
      throw new ConflictError(
        `Team namespace ${ns.name} was deleted while it was being created`,
      );
    }
    return done;
  }

  /**
   * Changes a team namespace's quota, description or priority classes: Karmada first (the
   * ResourceQuota), then the row with its audit entry; a failed row write puts the quota back.
   * A class a deployment in the namespace runs at cannot be dropped.
   */
  async update(
    name: string,
    input: unknown,
    ctx: WriteContext,
  ): Promise<TeamNamespace> {
    const parsed = teamNamespaceUpdateSchema.safeParse(input);
    if (!parsed.success) {
      throw new InputError(
        `Invalid team namespace change: ${formatZodError(parsed.error)}`,
      );
    }
    const change = parsed.data;
    const before = await this.store.get(name);
    if (!before) throw new NotFoundError(`No team namespace ${name}`);
    if (before.state !== 'active') {
      throw new ConflictError(
        `Team namespace ${name} is ${
          before.state === 'creating' ? 'still being created' : 'being deleted'
        }`,
      );
    }
    if (change.priorityClasses) {
      const dropped: string[] = before.priorityClasses.filter(
        c => !change.priorityClasses!.includes(c),
      );
      const users = (await this.deployments.list({ namespace: name })).filter(
        d =>
          dropped.includes(
            String(
              (d.spec as { priorityClassName?: string }).priorityClassName,
            ),
          ),
      );
      if (users.length > 0) {
        throw new ConflictError(
          `Priority class ${String(
            (users[0].spec as { priorityClassName?: string }).priorityClassName,
          )} is used by deployment ${
            users[0].name
          } in ${name}; change or delete it first`,
        );
      }
    }
    const after = { ...spec(before), ...change };
    const quotaChanged =
      change.quota && !isDeepStrictEqual(change.quota, before.quota);
    if (quotaChanged) await this.writeQuota(after);
    try {
      const updated = await this.store.update(name, change, {
        from: 'active',
        audit: this.audit(ctx, 'update', name, {
          summary: `updated team namespace ${name}: ${[
            quotaChanged ? `quota ${quotaText(after.quota)}` : undefined,
            change.priorityClasses
              ? `priority classes ${change.priorityClasses.join(', ')}`
              : undefined,
            change.description !== undefined ? 'description' : undefined,
          ]
            .filter(Boolean)
            .join('; ')}`,
          details: { before: spec(before), after },
        }),
      });
      if (!updated) throw new ConflictError(`Team namespace ${name} changed`);
      return updated;
    } catch (error) {
      if (quotaChanged) {
        await this.writeQuota(before).catch(e =>
          this.logger.warn(
            `Could not put back the quota of ${name}; the recovery task does: ${e}`,
          ),
        );
      }
      throw error;
    }
  }

  /**
   * Deletes a team namespace that holds no deployment: marks the row, removes the policy, the
   * quota and the Namespace from Karmada, then the row. A failure leaves the row `deleting`
   * for the recovery task to finish.
   */
  async delete(name: string, ctx: WriteContext): Promise<void> {
    const before = await this.store.get(name);
    if (!before) throw new NotFoundError(`No team namespace ${name}`);
    const held = await this.deployments.list({ namespace: name });
    if (held.length > 0) {
      throw new ConflictError(
        `Team namespace ${name} holds ${held.length} deployment(s) (${held
          .map(d => d.name)
          .slice(0, 3)
          .join(', ')}); delete them first`,
      );
    }
    if (before.state !== 'deleting') {
      await this.store.update(name, { state: 'deleting' });
    }
    await this.removeObjects(name);
    await this.store.delete(
      name,
      this.audit(ctx, 'delete', name, {
        summary: `deleted team namespace ${name} of ${before.team}`,
        details: { before: spec(before) },
      }),
    );
  }

  /**
   * Where a deployment request goes. The owner's team namespace (the owner group's, or the
   * caller's when it belongs to exactly one team) is the default; a request that names a team
   * namespace must be owned by that team (a user owner becomes the team), and the caller must
   * belong to it; a request for another namespace is refused when the owner has a team
   * namespace. In a team namespace the
   * priority class must be one the namespace allows (the highest allowed when none is named).
   */
  async place(
    input: unknown,
    who: { owner: string; ownershipRefs?: string[] },
  ): Promise<DeploymentPlacementInNamespace> {
    const request = { ...((input ?? {}) as Record<string, unknown>) };
    const named =
      typeof request.namespace === 'string' ? request.namespace : undefined;
    const owner = typeof request.owner === 'string' ? request.owner : who.owner;
    const refs = who.ownershipRefs ?? [who.owner];
    // The owner's team namespace: the owner group's, or for a user the one among its teams'.
    let own: TeamNamespace | undefined;
    let teams: TeamNamespace[] = [];
    if (owner.startsWith('group:')) {
      own = await this.store.getByTeam(owner);
    } else {
      teams = (await this.store.list()).filter(t => refs.includes(t.team));
      if (teams.length === 1) own = teams[0];
    }
    const ns = named !== undefined ? await this.store.get(named) : own;
    if (!ns) {
      if (named === undefined && teams.length > 1) {
        throw new InputError(
          `Invalid deployment: namespace: you belong to ${
            teams.length
          } teams with namespaces (${teams
            .map(t => t.name)
            .join(', ')}); name one`,
        );
      }
      const mine = own ?? teams[0];
      if (mine && named !== undefined) {
        throw new InputError(
          `Invalid deployment: namespace: deployments of ${owner} go to ${
            own ? 'its team namespace' : 'a team namespace such as'
          } ${mine.name}, not ${named}`,
        );
      }
      return { request };
    }
    if (ns.state !== 'active') {
      throw new ConflictError(
        `Team namespace ${ns.name} is ${
          ns.state === 'creating' ? 'still being created' : 'being deleted'
        }`,
      );
    }
    if (!refs.includes(ns.team)) {
      throw new NotAllowedError(
        `Not allowed to deploy into team namespace ${ns.name}: it belongs to ${ns.team}`,
      );
    }
    // A deployment in a team namespace is the team's; a user asking for it (a template's
    // `user.ref`) is a member, checked above.
    if (
      typeof request.owner === 'string' &&
      request.owner.startsWith('group:') &&
      request.owner !== ns.team
    ) {
      throw new InputError(
        `Invalid deployment: owner: a deployment in team namespace ${ns.name} is owned by ${ns.team}`,
      );
    }
    request.namespace = ns.name;
    request.owner = ns.team;
    if (request.priorityClassName === undefined) {
      request.priorityClassName = defaultPriorityClass(ns.priorityClasses);
    } else if (
      !ns.priorityClasses.includes(String(request.priorityClassName) as never)
    ) {
      throw new InputError(
        `Invalid deployment: priorityClassName: team namespace ${
          ns.name
        } allows ${ns.priorityClasses.join(', ')}, not ${String(
          request.priorityClassName,
        )}`,
      );
    }
    return { request, teamNamespace: ns };
  }

  /**
   * Refuses `replicas` more pods of a plan when they would exceed its team namespace's quota
   * on the clusters it targets (read from each member's ResourceQuota now), naming the quota
   * and the headroom left. Nothing to check outside a team namespace.
   */
  async checkQuota(plan: DeploymentPlan, replicas: number): Promise<void> {
    const namespace = plan.resolved.namespace;
    const ns = await this.store.get(namespace);
    if (!ns || replicas <= 0) return;
    // A member whose quota cannot be read counts as full (see quotaShortfall).
    const usage = await this.usage(ns, plan.clusters);
    const type = (
      plan.manifests.propagationPolicy.spec as {
        placement?: { replicaScheduling?: { replicaSchedulingType?: string } };
      }
    ).placement?.replicaScheduling?.replicaSchedulingType;
    const message = quotaShortfall({
      namespace,
      replicas,
      perPod: podQuotaUse({
        ...plan.resolved.resources,
        gpu: plan.resolved.gpu ? plan.resolved.resources.gpu : 0,
      }),
      scheduling: type === 'Duplicated' ? 'Duplicated' : 'Divided',
      usage,
    });
    if (message) {
      throw new InputError(`Invalid deployment: replicas: ${message}`);
    }
  }

  /**
   * Completes what a dead process left: rows `creating` for longer than `staleAfterMs` are
   * written to Karmada and made active; rows `deleting` are removed; active rows whose objects
   * are missing or changed are written again; labelled Namespaces without a row are deleted.
   */
  async recover(): Promise<TeamNamespaceRecoveryResult> {
    const result: TeamNamespaceRecoveryResult = {
      finished: 0,
      deleted: 0,
      repaired: 0,
      orphans: 0,
    };
    const rows = await this.store.list();
    const recovery: WriteContext = { actor: 'plugin:hmas', source: 'recovery' };
    const now = Date.now();
    for (const ns of rows) {
      try {
        if (ns.state === 'deleting') {
          await this.removeObjects(ns.name);
          await this.store.delete(
            ns.name,
            this.audit(recovery, 'delete', ns.name, {
              summary: `finished deleting team namespace ${ns.name}`,
              details: { before: spec(ns) },
            }),
          );
          result.deleted += 1;
        } else if (ns.state === 'creating') {
          if (now - Date.parse(ns.updatedAt) < this.staleAfterMs) continue;
          await this.ensurePriorityClasses();
          await this.apply(spec(ns));
          await this.store.update(
            ns.name,
            { state: 'active' },
            {
              from: 'creating',
              audit: this.audit(recovery, 'create', ns.name, {
                summary: `finished creating team namespace ${ns.name} for ${ns.team}`,
                details: { after: spec(ns) },
              }),
            },
          );
          result.finished += 1;
        } else if (await this.apply(spec(ns))) {
          result.repaired += 1;
        }
      } catch (e) {
        this.logger.warn(`Could not recover team namespace ${ns.name}: ${e}`);
      }
    }
    if (rows.some(ns => ns.state === 'active')) {
      await this.ensurePriorityClasses().catch(e =>
        this.logger.warn(`Could not check the PriorityClass presets: ${e}`),
      );
    }
    const names = new Set(rows.map(r => r.name));
    const labelled = await this.karmada.listObjects<KubeObject>(
      'v1',
      'Namespace',
      { labelSelector: TEAM_NAMESPACE_LABEL },
    );
    for (const orphan of labelled) {
      const name = orphan.metadata.name!;
      if (names.has(name) || (await this.store.get(name))) continue;
      await this.removeObjects(name);
      result.orphans += 1;
    }
    return result;
  }

  /**
   * Creates the PriorityClass presets and their ClusterPropagationPolicy on Karmada when they
   * are missing (idempotent).
   */
  async ensurePriorityClasses(): Promise<void> {
    for (const object of priorityClassObjects()) {
      const current = await this.karmada.readObject<KubeObject>(refOf(object));
      if (!current) {
        await this.createOrAdopt(object);
      } else if (
        object.kind === 'PriorityClass' &&
        !current.metadata.labels?.[PRIORITY_PRESET_LABEL]
      ) {
        this.logger.info(
          `PriorityClass ${object.metadata.name} exists in Karmada and is not an H-MAS preset; leaving it`,
        );
      }
    }
  }

  /** Quota use of a team namespace on each of `clusters`, from the members' ResourceQuotas. */
  private async usage(
    ns: TeamNamespace,
    clusters: string[],
  ): Promise<ClusterQuotaUse[]> {
    return Promise.all(
      clusters.map(async cluster => {
        try {
          const quota = await this.karmada.member(cluster).readObject<
            KubeObject & {
              status?: {
                hard?: Record<string, string>;
                used?: Record<string, string>;
              };
            }
          >({
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            metadata: { name: TEAM_QUOTA_NAME, namespace: ns.name },
          });
          return {
            cluster,
            hard: quota?.status?.hard ?? {},
            used: quota?.status?.used ?? {},
          };
        } catch (e) {
          return { cluster, hard: {}, used: {}, error: (e as Error).message };
        }
      }),
    );
  }

  private async clusterNames(): Promise<string[]> {
    const { items } = await this.karmada.listClusters();
    return items.map(c => c.metadata.name).sort();
  }

  /**
   * Writes a team namespace's objects: creates each that is missing, replaces the quota's
   * `spec.hard` when it differs. Returns whether anything was written.
   */
  private async apply(ns: TeamNamespaceSpec): Promise<boolean> {
    let wrote = false;
    for (const object of teamNamespaceObjects(ns)) {
      const current = await this.karmada.readObject<KubeObject>(refOf(object));
      if (!current) {
        await this.createOrAdopt(object);
        wrote = true;
      } else if (
        object.kind === 'ResourceQuota' &&
        !isDeepStrictEqual(current.spec, object.spec)
      ) {
        await this.writeQuota(ns);
        wrote = true;
      }
    }
    return wrote;
  }

  /** Creates an object; one that exists already (a lost reply, a race) is left as it is. */
  private async createOrAdopt(object: KubeObject): Promise<void> {
    try {
      await this.karmada.createObject(object);
    } catch (e) {
      if ((e as Error).name !== 'ConflictError') throw e;
    }
  }

  /** Sets the ResourceQuota's `spec.hard` to the team quota (a merge patch, so repeatable). */
  private async writeQuota(ns: Pick<TeamNamespaceSpec, 'name' | 'quota'>) {
    const [, quota] = teamNamespaceObjects({ ...ns, team: 'group:default/x' });
    const current = await this.karmada.readObject<KubeObject>(refOf(quota));
    if (!current) {
      throw new NotFoundError(
        `ResourceQuota ${TEAM_QUOTA_NAME} of ${ns.name} is missing in Karmada; the recovery task writes it again`,
      );
    }
    // A replace of the whole spec.hard: a merge patch would keep keys the quota no longer has.
    await this.karmada.replaceObject({
      ...current,
      spec: { ...(current.spec as object), hard: teamQuotaHard(ns.quota) },
    });
  }

  /** Deletes a team namespace's objects from Karmada, policy first (each may be gone). */
  private async removeObjects(name: string): Promise<void> {
    const objects = teamNamespaceObjects({
      name,
      team: 'group:default/x',
      quota: { pods: 1 },
    }).reverse();
    for (const object of objects) {
      await this.karmada.deleteObject(refOf(object));
      this.logger.debug(`deleted ${describeRef(refOf(object))}`);
    }
  }

  private audit(
    ctx: WriteContext,
    verb: 'create' | 'update' | 'delete',
    name: string,
    entry: Pick<NewAuditEntry, 'summary' | 'details'>,
  ): NewAuditEntry {
    return {
      actor: ctx.actor,
      source: ctx.source,
      action: `namespace.${verb}`,
      targetKind: 'namespace',
      targetName: name,
      ...entry,
    };
  }
}
