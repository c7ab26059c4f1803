import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { HmasApiClient } from '@h-mas/plugin-hmas-common';
import {
  deploymentReference,
  deploymentToEntity,
  DeploymentWithStatus,
  servedEntityRef,
} from './deploymentEntity';
import { asCatalog } from './hmasApi';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';
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
export class HmasDeploymentEntityProvider extends ScheduledEntityProvider {
  /** Canonical entity ref → the deployments serving it, as of the last refresh. */
  private served = new Map<string, string[]>();

  constructor(
    private readonly options: {
      listDeployments: () => Promise<DeploymentWithStatus[]>;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {
    super('hmas-deployments', options.taskRunner);
  }

  /** Re-reads the deployments and replaces every entity this provider owns. */
  async refresh(): Promise<void> {
    const connection = this.requireConnection();
    // Deployments being created or deleted come and go; only active ones are published.
    const deployments = (await this.options.listDeployments()).filter(
      d => d.state === 'active',
    );
    await this.replaceEntities(deployments.map(d => deploymentToEntity(d)));
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
      await connection.refresh({ keys: changed.map(servedRefreshKey) });
    }
  }

  /** `name` / `namespace/name` of the deployments serving an entity (canonical ref). */
  deploymentsServing(entityRef: string): string[] {
    return this.served.get(entityRef) ?? [];
  }
}
