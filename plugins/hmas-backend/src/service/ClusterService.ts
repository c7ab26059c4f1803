import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  applyLabelChange,
  labelDiff,
  AuditSource,
  buildClusterObject,
  ClusterInfo,
  ClusterLabelsPatch,
  ClusterRegistration,
  GpuReadinessReport,
  gpuNodeSummaries,
  gpuReadiness,
  GpuTier,
  KarmadaClusterObject,
  missingCoreLabels,
  NodeObject,
  summarizeZone,
  toClusterInfo,
  zoneChange,
  ZoneGroup,
  zones,
} from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { ClusterStore } from '../database/ClusterStore';

/** Who makes a write and through which path; recorded in the audit log. @public */
export interface WriteContext {
  actor: string;
  source: AuditSource;
}

/**
 * The write context of a request that passed `authorize`: who and which path, for the audit
 * log (never the credentials).
 *
 * @public
 */
export function writeContext(ctx: WriteContext): WriteContext {
  return { actor: ctx.actor, source: ctx.source };
}

/**
 * How often a label change without a resourceVersion is reapplied when Karmada reports that
 * the cluster changed between the read and the write.
 */
const MAX_LABEL_WRITE_ATTEMPTS = 20;

/** @public */
export interface ClusterServiceOptions {
  karmada: KarmadaClient;
  store: ClusterStore;
  logger: LoggerService;
  /** Prefix of the core label keys (`hmas.labels.prefix`). */
  labelPrefix?: string;
  /** Tier the reconciler gives a cluster with GPUs but no tier (`hmas.reconciler.defaultGpuTier`). */
  defaultGpuTier?: Exclude<GpuTier, 'none'>;
}

/** What one reconciler pass did. @public */
export interface ReconcileResult {
  clusters: number;
  /** Clusters whose labels the pass wrote to Karmada. */
  writes: number;
  /** LIST calls to Karmada. */
  lists: number;
  /** Clusters skipped because they changed during the pass; the next pass retries them. */
  conflicts: number;
}

function describeChange(change: {
  set: Record<string, string>;
  removed: string[];
}) {
  return [
    ...Object.entries(change.set).map(([k, v]) => `set ${k}=${v}`),
    ...change.removed.map(k => `removed ${k}`),
  ].join(', ');
}

/**
 * Clusters: the one path for reading, relabelling and registering them. Karmada is written
 * first (it is the truth); the cache row and the audit entry follow in one transaction.
 *
 * @public
 */
export class ClusterService {
  private readonly karmada: KarmadaClient;
  private readonly store: ClusterStore;
  private readonly logger: LoggerService;
  private readonly prefix: string;
  private readonly defaultGpuTier?: Exclude<GpuTier, 'none'>;
  private refreshed = false;

  constructor(options: ClusterServiceOptions) {
    this.karmada = options.karmada;
    this.store = options.store;
    this.logger = options.logger;
    this.prefix = options.labelPrefix ?? '';
    this.defaultGpuTier = options.defaultGpuTier;
  }

  private info(cluster: KarmadaClusterObject): ClusterInfo {
    return toClusterInfo(cluster, this.prefix);
  }

  /** Re-reads every cluster from Karmada (one LIST) into the cache. */
  async refresh(): Promise<ClusterInfo[]> {
    const { items } = await this.karmada.listClusters();
    const infos = items.map(c => this.info(c));
    await this.store.replaceAll(infos);
    this.refreshed = true;
    return infos;
  }

  /** Clusters grouped by zone, in zone order, from the cache. */
  async listZoneGroups(): Promise<ZoneGroup[]> {
    const clusters = this.refreshed
      ? await this.store.listClusters()
      : await this.refresh();
    return zones.map(zone => {
      const members = clusters.filter(c => c.zone === zone.id);
      return {
        zone: zone.id,
        title: zone.title,
        summary: summarizeZone(members),
        clusters: members,
      };
    });
  }

  /** One cluster, read from Karmada (and the cache refreshed with it). */
  async getCluster(name: string): Promise<ClusterInfo> {
    const info = this.info(await this.karmada.getCluster(name));
    await this.store.saveCluster(info);
    return info;
  }

  /**
   * GPU readiness of a member cluster: its nodes, read through Karmada's cluster proxy, run
   * through the checklist. NotFoundError for an unknown cluster; ServiceUnavailableError
   * when it is not ready or the proxy cannot reach it. Reads only, and not the cache.
   */
  async getGpuReadiness(name: string): Promise<GpuReadinessReport> {
    const cluster = await this.karmada.getCluster(name);
    const ready = cluster.status?.conditions?.find(c => c.type === 'Ready');
    if (ready?.status !== 'True') {
      const why = [ready?.reason, ready?.message].filter(Boolean).join(': ');
      throw new ServiceUnavailableError(
        `Cluster ${name} is not ready${
          why ? ` (${why})` : ''
        }, so its nodes cannot be read through Karmada's cluster proxy; check again once it is Ready`,
      );
    }
    let nodes: NodeObject[];
    try {
      nodes = await this.karmada
        .member(name)
        .listObjects<NodeObject & { apiVersion?: string; kind?: string }>(
          'v1',
          'Node',
        );
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        throw new ServiceUnavailableError(
          `Cluster ${name} is unreachable through Karmada's cluster proxy: ${error.message}`,
        );
      }
      throw error;
    }
    return {
      cluster: name,
      checks: gpuReadiness(nodes),
      nodes: gpuNodeSummaries(nodes),
    };
  }

  /**
   * Sets and removes labels of a cluster. `cluster-type` follows `gpu-tier`. With a
   * `resourceVersion`, a cluster that changed since the caller read it gets a ConflictError.
   * Without one the change applies to the cluster as it is: when another write lands between
   * this call's read and its write (Karmada answers 409), it reads again and reapplies the
   * change, so concurrent edits of different labels all land and none is lost.
   */
  async updateLabels(
    name: string,
    patch: ClusterLabelsPatch,
    ctx: WriteContext,
  ): Promise<ClusterInfo> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updateLabelsOnce(name, patch, ctx);
      } catch (e) {
        const retry =
          !patch.resourceVersion &&
          isError(e) &&
          e.name === 'ConflictError' &&
          attempt < MAX_LABEL_WRITE_ATTEMPTS;
        if (!retry) throw e;
        // Concurrent writers of one cluster take turns: a random wait that grows with the
        // attempts spreads them out, so each round lets another one through.
        await new Promise(resolve =>
          setTimeout(resolve, Math.random() * 10 * attempt),
        );
      }
    }
  }

  private async updateLabelsOnce(
    name: string,
    patch: ClusterLabelsPatch,
    ctx: WriteContext,
  ): Promise<ClusterInfo> {
    const current = await this.karmada.getCluster(name);
    const currentVersion = current.metadata.resourceVersion ?? '';
    if (patch.resourceVersion && patch.resourceVersion !== currentVersion) {
      throw new ConflictError(
        `Cluster ${name} changed since it was read (resourceVersion ${patch.resourceVersion}, now ${currentVersion}); reload it and apply the change again`,
      );
    }
    const before = current.metadata.labels ?? {};
    const after = applyLabelChange(before, patch, this.prefix);
    const diff = labelDiff(before, after);
    const change = { set: diff.set, removed: diff.remove };
    if (Object.keys(change.set).length === 0 && change.removed.length === 0) {
      return this.info(current);
    }

    const updated = await this.karmada.replaceCluster({
      ...current,
      metadata: { ...current.metadata, labels: after },
    });
    const info = this.info(updated);
    const moved = zoneChange(before, after, this.prefix);
    try {
      await this.store.saveCluster(info, {
        ...ctx,
        action: 'cluster.labels.update',
        targetKind: 'cluster',
        targetName: name,
        summary: `${describeChange(change)}${
          moved ? ` (moved from ${moved.from.title} to ${moved.to.title})` : ''
        }`,
        details: { ...change, fromZone: moved?.from.id, toZone: moved?.to.id },
      });
    } catch (error) {
      await this.revertLabels(updated, before);
      throw error;
    }
    return info;
  }

  private async revertLabels(
    updated: KarmadaClusterObject,
    labels: Record<string, string>,
  ) {
    try {
      await this.karmada.replaceCluster({
        ...updated,
        metadata: { ...updated.metadata, labels },
      });
    } catch (e) {
      this.logger.error(
        `Could not revert the labels of cluster ${updated.metadata.name} after a failed database write; the next refresh will cache Karmada's state: ${e}`,
      );
    }
  }

  /** Registers a member cluster as a labelled Karmada Cluster. */
  async registerCluster(
    registration: ClusterRegistration,
    ctx: WriteContext,
  ): Promise<ClusterInfo> {
    const created = await this.karmada.createCluster(
      buildClusterObject(registration, this.prefix),
    );
    const info = this.info(created);
    try {
      await this.store.saveCluster(info, {
        ...ctx,
        action: 'cluster.create',
        targetKind: 'cluster',
        targetName: info.name,
        summary: `registered ${info.name} (${registration.syncMode}, ${registration.apiEndpoint}) in zone ${registration.zone}`,
        details: { registration },
      });
    } catch (error) {
      // Keep Karmada and the audit log in step: no Cluster without its audit entry.
      await this.karmada
        .deleteCluster(info.name)
        .catch(e =>
          this.logger.error(`Could not roll back cluster ${info.name}: ${e}`),
        );
      throw error;
    }
    return info;
  }

  /**
   * One pass of the label reconciler: one LIST, then for each cluster with missing core labels
   * one conditional write of the defaults and one audit entry. Labels a person set are never
   * overwritten; a second pass writes nothing. Also refreshes the cache.
   */
  async reconcileLabels(): Promise<ReconcileResult> {
    const { items } = await this.karmada.listClusters();
    const result: ReconcileResult = {
      clusters: items.length,
      writes: 0,
      lists: 1,
      conflicts: 0,
    };
    const infos: ClusterInfo[] = [];
    for (const cluster of items) {
      const add = missingCoreLabels(cluster, {
        prefix: this.prefix,
        defaultGpuTier: this.defaultGpuTier,
      });
      if (!add) {
        infos.push(this.info(cluster));
        continue;
      }
      const before = cluster.metadata.labels ?? {};
      const after = { ...before, ...add };
      try {
        const updated = await this.karmada.replaceCluster({
          ...cluster,
          metadata: { ...cluster.metadata, labels: after },
        });
        result.writes += 1;
        const info = this.info(updated);
        const moved = zoneChange(before, after, this.prefix);
        await this.store.saveCluster(info, {
          actor: 'plugin:hmas',
          source: 'reconciler',
          action: 'cluster.labels.update',
          targetKind: 'cluster',
          targetName: info.name,
          summary: `added missing core labels: ${describeChange({
            set: add,
            removed: [],
          })}${
            moved
              ? ` (moved from ${moved.from.title} to ${moved.to.title})`
              : ''
          }`,
          details: {
            set: add,
            removed: [],
            fromZone: moved?.from.id,
            toZone: moved?.to.id,
          },
        });
        infos.push(info);
      } catch (error) {
        if (error instanceof ConflictError || error instanceof NotFoundError) {
          result.conflicts += 1;
          this.logger.info(
            `Label reconciler skipped cluster ${cluster.metadata.name}, it changed meanwhile: ${error.message}`,
          );
          continue;
        }
        throw error;
      }
    }
    if (result.conflicts === 0) {
      await this.store.replaceAll(infos);
      this.refreshed = true;
    }
    return result;
  }
}
