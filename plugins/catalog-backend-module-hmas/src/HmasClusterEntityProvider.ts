import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ClusterInfo, HmasApiClient } from '@h-mas/plugin-hmas-common';
import { clusterToEntity } from './clusterEntity';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';
import { asCatalog } from './hmasApi';

/**
 * Reads the clusters through the H-MAS backend's REST API with the catalog's service
 * credentials, so the catalog sees exactly what H-MAS serves (one read path).
 *
 * @public
 */
export function clustersFromHmasApi(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): () => Promise<ClusterInfo[]> {
  const client = new HmasApiClient({ discoveryApi: options.discovery });
  return async () => {
    const { zones } = await client.listClusters(await asCatalog(options.auth));
    return zones.flatMap(z => z.clusters);
  };
}

/**
 * Publishes Karmada member clusters as `Resource` entities (`type: kubernetes-cluster`),
 * refreshed on a schedule with a full mutation.
 *
 * @public
 */
export class HmasClusterEntityProvider extends ScheduledEntityProvider {
  constructor(
    private readonly options: {
      listClusters: () => Promise<ClusterInfo[]>;
      owner: string;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {
    super('hmas-clusters', options.taskRunner);
  }

  /** Re-reads the clusters and replaces every entity this provider owns. */
  async refresh(): Promise<void> {
    this.requireConnection();
    const clusters = await this.options.listClusters();
    await this.replaceEntities(
      clusters.map(c => clusterToEntity(c, this.options.owner)),
    );
    this.options.logger.info(
      `Published ${clusters.length} clusters to the catalog`,
    );
  }
}
