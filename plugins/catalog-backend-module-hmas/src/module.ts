import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readHmasCatalogConfig } from './config';
import { HmasServedEntityProcessor } from './HmasServedEntityProcessor';
import {
  clustersFromHmasApi,
  HmasClusterEntityProvider,
} from './HmasClusterEntityProvider';
import {
  deploymentsFromHmasApi,
  HmasDeploymentEntityProvider,
} from './HmasDeploymentEntityProvider';

/**
 * Catalog module that publishes Karmada member clusters and H-MAS model deployments as
 * `Resource` entities.
 *
 * @public
 */
export const catalogModuleHmasEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'hmas',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ auth, catalog, config, discovery, logger, scheduler }) {
        const { schedule, clusterOwner } = readHmasCatalogConfig(
          config,
          logger,
        );
        catalog.addEntityProvider(
          new HmasClusterEntityProvider({
            listClusters: clustersFromHmasApi({ discovery, auth }),
            owner: clusterOwner,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
        const deployments = new HmasDeploymentEntityProvider({
          listDeployments: deploymentsFromHmasApi({ discovery, auth }),
          logger,
          taskRunner: scheduler.createScheduledTaskRunner(schedule),
        });
        catalog.addEntityProvider(deployments);
        catalog.addProcessor(new HmasServedEntityProcessor(deployments));
      },
    });
  },
});
