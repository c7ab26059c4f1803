import {
  LifecycleService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { DeploymentService, RecoveryResult } from './DeploymentService';
import type { TeamNamespaceService } from './TeamNamespaceService';

function report(logger: LoggerService, when: string, result: RecoveryResult) {
  if (
    result.abandoned > 0 ||
    result.orphansDeleted > 0 ||
    result.secretsMigrated > 0
  ) {
    logger.info(
      `Deployment recovery (${when}): ${result.recovered} of ${result.abandoned} abandoned operations finished or rolled back (${result.failed} to retry), ${result.orphansDeleted} orphaned objects deleted, ${result.secretsMigrated} deployments' plaintext secrets moved into Secrets`,
    );
  }
}

/**
 * Runs the deployment recovery pass (`DeploymentService.recover`) once at start-up and then
 * periodically on Backstage's scheduler service, which with several replicas on one database
 * runs it on one replica at a time.
 *
 * The start-up pass does not wait for the scheduler: a replica that died in the middle of a
 * scheduled pass holds the task's lock until the task's timeout and the scheduler's janitor
 * release it, and the deployments it left unfinished should not wait that long. It is safe
 * beside a scheduled pass on another replica: every operation is taken over by
 * compare-and-set, so no two passes work on one deployment.
 *
 * @internal
 */
export async function scheduleDeploymentRecovery(options: {
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  logger: LoggerService;
  deploymentService: DeploymentService;
  /** Team namespaces: their unfinished creates and deletes, drift and orphans (after deployments). */
  teamNamespaceService?: Pick<TeamNamespaceService, 'recover'>;
  schedule: SchedulerServiceTaskScheduleDefinition;
}) {
  const { scheduler, logger, deploymentService, teamNamespaceService } =
    options;
  const recoverNamespaces = async (when: string) => {
    if (!teamNamespaceService) return;
    const r = await teamNamespaceService.recover();
    if (r.finished + r.deleted + r.repaired + r.orphans > 0) {
      logger.info(
        `Team namespace recovery (${when}): ${r.finished} creates and ${r.deleted} deletes finished, ${r.repaired} repaired, ${r.orphans} orphaned namespaces deleted`,
      );
    }
  };
  options.lifecycle.addStartupHook(() => {
    deploymentService
      .recover()
      .then(result => report(logger, 'start-up', result))
      .then(() => recoverNamespaces('start-up'))
      .catch(error => logger.warn(`Recovery at start-up failed: ${error}`));
  });
  await scheduler.scheduleTask({
    id: 'hmas-deployment-recovery',
    ...options.schedule,
    // Whatever the configured schedule says: two replicas must never recover one deployment
    // at once (their compare-and-set would make one give up, but the work would double).
    scope: 'global',
    fn: async () => {
      report(logger, 'scheduled', await deploymentService.recover());
      await recoverNamespaces('scheduled');
    },
  });
}
