import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { HMAS_LOCATION } from './clusterEntity';
import { deploymentToEntity, DeploymentWithStatus } from './deploymentEntity';

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
  return async () => {
    const baseUrl = await options.discovery.getBaseUrl('hmas');
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await options.auth.getOwnServiceCredentials(),
      targetPluginId: 'hmas',
    });
    const response = await fetch(`${baseUrl}/deployments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { items: DeploymentWithStatus[] };
    return body.items;
  };
}

/**
 * Publishes every active model deployment as a `Resource` entity (`type: model-deployment`),
 * refreshed on a schedule with a full mutation.
 *
 * @public
 */
export class HmasDeploymentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

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
  }
}
