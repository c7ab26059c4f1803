import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { ClusterInfo, HmasApiClient } from '@h-mas/plugin-hmas-common';
import { clusterToEntity, HMAS_LOCATION } from './clusterEntity';
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
export class HmasClusterEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      listClusters: () => Promise<ClusterInfo[]>;
      owner: string;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'hmas-clusters';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Re-reads the clusters and replaces every entity this provider owns. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const clusters = await this.options.listClusters();
    await this.connection.applyMutation({
      type: 'full',
      entities: clusters.map(c => ({
        entity: clusterToEntity(c, this.options.owner),
        locationKey: HMAS_LOCATION,
      })),
    });
    this.options.logger.info(
      `Published ${clusters.length} clusters to the catalog`,
    );
  }
}
