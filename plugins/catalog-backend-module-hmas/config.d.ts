import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  hmas?: {
    /** How H-MAS publishes clusters and model deployments to the software catalog. */
    catalog?: {
      /** Owner of the cluster entities. Default: `group:default/platform-team`. */
      clusterOwner?: string;
      /**
       * How often the clusters and deployments are re-read. Default: every minute.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
