import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
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
        const schedule = config.has('hmas.catalog.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('hmas.catalog.schedule'),
            )
          : {
              frequency: { minutes: 1 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 10 },
            };
        catalog.addEntityProvider(
          new HmasClusterEntityProvider({
            listClusters: clustersFromHmasApi({ discovery, auth }),
            owner:
              config.getOptionalString('hmas.catalog.clusterOwner') ??
              'group:default/platform-team',
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
