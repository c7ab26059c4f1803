import { DatabaseService } from '@backstage/backend-plugin-api';
import type { AuditEntry, ClusterInfo } from '@h-mas/plugin-hmas-common';
import { Knex } from 'knex';
import { NewAuditEntry } from './AuditStore';
import { ClusterStore } from './ClusterStore';
import { insertAuditEntry, migrateDatabase } from './DatabaseAuditStore';

/** @internal */
export type DbClusterRow = {
  name: string;
  zone: string;
  resource_version: string;
  info: string;
  refreshed_at?: Date | string;
};

function toRow(
  cluster: ClusterInfo,
  db: Knex,
): Omit<DbClusterRow, 'refreshed_at'> & { refreshed_at: Knex.Raw } {
  return {
    name: cluster.name,
    zone: cluster.zone,
    resource_version: cluster.resourceVersion,
    info: JSON.stringify(cluster),
    refreshed_at: db.fn.now(),
  };
}

/**
 * Knex implementation of {@link ClusterStore}, on SQLite and PostgreSQL.
 *
 * @public
 */
export class DatabaseClusterStore implements ClusterStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseClusterStore> {
    return new DatabaseClusterStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async listClusters(): Promise<ClusterInfo[]> {
    const rows = await this.db<DbClusterRow>('hmas_clusters')
      .select('info')
      .orderBy('name');
    return rows.map(r => JSON.parse(r.info));
  }

  async getCluster(name: string): Promise<ClusterInfo | undefined> {
    const row = await this.db<DbClusterRow>('hmas_clusters')
      .where({ name })
      .first('info');
    return row ? JSON.parse(row.info) : undefined;
  }

  async saveCluster(
    cluster: ClusterInfo,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined> {
    return this.db.transaction(async tx => {
      await tx('hmas_clusters')
        .insert(toRow(cluster, this.db))
        .onConflict('name')
        .merge();
      return audit ? insertAuditEntry(tx, audit) : undefined;
    });
  }

  async replaceAll(clusters: ClusterInfo[]): Promise<void> {
    await this.db.transaction(async tx => {
      const names = new Set(clusters.map(c => c.name));
      const existing = await tx<DbClusterRow>('hmas_clusters').select('name');
      const gone = existing.map(r => r.name).filter(n => !names.has(n));
      // Chunked: SQLite limits the number of bound parameters per statement.
      for (let i = 0; i < gone.length; i += 500) {
        await tx('hmas_clusters')
          .whereIn('name', gone.slice(i, i + 500))
          .delete();
      }
      for (let i = 0; i < clusters.length; i += 100) {
        await tx('hmas_clusters')
          .insert(clusters.slice(i, i + 100).map(c => toRow(c, this.db)))
          .onConflict('name')
          .merge();
      }
    });
  }
}
