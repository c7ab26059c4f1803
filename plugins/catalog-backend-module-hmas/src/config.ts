import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** What the H-MAS entity providers are configured with. @public */
export interface HmasCatalogConfig {
  /** Owner of the cluster entities. */
  clusterOwner: string;
  /** How often the clusters and deployments are re-read. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const NEW_KEY = 'catalog.providers.hmas';
const OLD_KEY = 'hmas.catalog';

/**
 * Reads the providers' config from `catalog.providers.hmas`, where Backstage's catalog
 * modules keep theirs. The former `hmas.catalog` is still read when the new key is absent,
 * with a deprecation warning.
 *
 * @public
 */
export function readHmasCatalogConfig(
  config: RootConfigService,
  logger: Pick<LoggerService, 'warn'>,
): HmasCatalogConfig {
  let section = config.getOptionalConfig(NEW_KEY);
  if (!section && config.has(OLD_KEY)) {
    logger.warn(
      `The config key ${OLD_KEY} is deprecated; move its settings to ${NEW_KEY} (same fields).`,
    );
    section = config.getConfig(OLD_KEY);
  }
  return {
    clusterOwner:
      section?.getOptionalString('clusterOwner') ??
      'group:default/platform-team',
    schedule: section?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          section.getConfig('schedule'),
        )
      : {
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 10 },
        },
  };
}
