import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** How H-MAS publishes clusters and model deployments to the software catalog. */
interface HmasCatalogProviderConfig {
  /** Owner of the cluster entities. Default: `group:default/platform-team`. */
  clusterOwner?: string;
  /**
   * How often the clusters and deployments are re-read. Default: every minute.
   */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
}

export interface Config {
  catalog?: {
    providers?: {
      /** The H-MAS entity providers (@h-mas/plugin-catalog-backend-module-hmas). */
      hmas?: HmasCatalogProviderConfig;
    };
  };
  hmas?: {
    /**
     * @deprecated Use `catalog.providers.hmas`; still read when that is absent, with a
     * warning.
     */
    catalog?: HmasCatalogProviderConfig;
  };
}
