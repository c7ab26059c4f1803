import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ClusterService } from './ClusterService';

/**
 * Schedules the label reconciler and the cluster cache refresh on Backstage's scheduler
 * service, so that with several backend replicas each pass runs once.
 *
 * @internal
 */
export async function scheduleClusterTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  clusterService: ClusterService;
  reconcilerSchedule: SchedulerServiceTaskScheduleDefinition;
  refreshSchedule: SchedulerServiceTaskScheduleDefinition;
}) {
  const { scheduler, logger, clusterService } = options;
  await scheduler.scheduleTask({
    id: 'hmas-cluster-label-reconciler',
    ...options.reconcilerSchedule,
    // One replica at a time, whatever the configured schedule says.
    scope: 'global',
    fn: async () => {
      const result = await clusterService.reconcileLabels();
      if (result.writes > 0 || result.conflicts > 0) {
        logger.info(
          `Label reconciler: ${result.writes} of ${result.clusters} clusters labelled, ${result.conflicts} changed meanwhile`,
        );
      }
    },
  });
  await scheduler.scheduleTask({
    id: 'hmas-cluster-cache-refresh',
    ...options.refreshSchedule,
    scope: 'global',
    fn: async () => {
      await clusterService.refresh();
    },
  });
}
