import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { DeploymentService } from './DeploymentService';

/**
 * Schedules the deployment recovery pass (`DeploymentService.recover`) on Backstage's
 * scheduler service: soon after start-up and then periodically, and with several backend
 * replicas on one database, on one replica at a time.
 *
 * @internal
 */
export async function scheduleDeploymentRecovery(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  deploymentService: DeploymentService;
  schedule: SchedulerServiceTaskScheduleDefinition;
}) {
  const { scheduler, logger, deploymentService } = options;
  await scheduler.scheduleTask({
    id: 'hmas-deployment-recovery',
    ...options.schedule,
    // Whatever the configured schedule says: two replicas must never recover one deployment
    // at once (their compare-and-set would make one give up, but the work would double).
    scope: 'global',
    fn: async () => {
      const result = await deploymentService.recover();
      if (result.abandoned > 0 || result.orphansDeleted > 0) {
        logger.info(
          `Deployment recovery: ${result.recovered} of ${result.abandoned} abandoned operations finished or rolled back (${result.failed} to retry), ${result.orphansDeleted} orphaned objects deleted`,
        );
      }
    },
  });
}
