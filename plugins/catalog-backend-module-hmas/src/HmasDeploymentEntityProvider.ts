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
import { HmasApiClient } from '@h-mas/plugin-hmas-common';
import { HMAS_LOCATION } from './clusterEntity';
import {
  deploymentReference,
  deploymentToEntity,
  DeploymentWithStatus,
  servedEntityRef,
} from './deploymentEntity';
import { asCatalog } from './hmasApi';
import { servedRefreshKey } from './servedEntity';

/**
 * Reads the model deployments (with their status, which names their clusters) through the
 * H-MAS backend's REST API with the catalog's service credentials.
 *
 * @public
 */
export function deploymentsFromHmasApi(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): () => Promise<DeploymentWithStatus[]> {
  const client = new HmasApiClient({ discoveryApi: options.discovery });
  return async () =>
    (await client.listDeployments({}, await asCatalog(options.auth))).items;
}

/**
 * Publishes every active model deployment as a `Resource` entity (`type: model-deployment`),
 * refreshed on a schedule with a full mutation.
 *
 * @public
 */
export class HmasDeploymentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** Canonical entity ref → the deployments serving it, as of the last refresh. */
  private served = new Map<string, string[]>();

  constructor(
    private readonly options: {
      listDeployments: () => Promise<DeploymentWithStatus[]>;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'hmas-deployments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Re-reads the deployments and replaces every entity this provider owns. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    // Deployments being created or deleted come and go; only active ones are published.
    const deployments = (await this.options.listDeployments()).filter(
      d => d.state === 'active',
    );
    await this.connection.applyMutation({
      type: 'full',
      entities: deployments.map(d => ({
        entity: deploymentToEntity(d),
        locationKey: HMAS_LOCATION,
      })),
    });
    this.options.logger.info(
      `Published ${deployments.length} model deployments to the catalog`,
    );

    // Entities whose set of serving deployments changed are processed again, so the
    // HmasServedEntityProcessor updates their annotations.
    const served = new Map<string, string[]>();
    for (const d of deployments) {
      const ref = servedEntityRef(d);
      if (!ref) continue;
      served.set(ref, [
        ...(served.get(ref) ?? []),
        deploymentReference(d.namespace, d.name),
      ]);
    }
    const changed = [
      ...new Set([...served.keys(), ...this.served.keys()]),
    ].filter(
      ref =>
        (served.get(ref) ?? []).join(',') !==
        (this.served.get(ref) ?? []).join(','),
    );
    this.served = served;
    if (changed.length > 0) {
      await this.connection.refresh({ keys: changed.map(servedRefreshKey) });
    }
  }

  /** `name` / `namespace/name` of the deployments serving an entity (canonical ref). */
  deploymentsServing(entityRef: string): string[] {
    return this.served.get(entityRef) ?? [];
  }
}
