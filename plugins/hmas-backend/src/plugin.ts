import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { gpuTiers, hmasPermissions } from '@h-mas/plugin-hmas-common';
import {
  KarmadaClient,
  karmadaConnectionServiceRef,
} from '@h-mas/plugin-hmas-node';
import { DatabaseAuditStore } from './database/DatabaseAuditStore';
import { DatabaseClusterStore } from './database/DatabaseClusterStore';
import { ClusterService } from './service/ClusterService';
import { scheduleClusterTasks } from './service/LabelReconciler';
import { createRouter } from './service/router';

/**
 * The H-MAS backend plugin (`pluginId: hmas`), mounted at `/api/hmas`.
 *
 * @public
 */
export const hmasPlugin = createBackendPlugin({
  pluginId: 'hmas',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        karmadaConnection: karmadaConnectionServiceRef,
      },
      async init(deps) {
        const { config, database, httpRouter, logger } = deps;
        const auditStore = await DatabaseAuditStore.create({ database });
        const clusterStore = await DatabaseClusterStore.create({ database });
        deps.permissionsRegistry.addPermissions(hmasPermissions);

        const defaultGpuTier = config.getOptionalString(
          'hmas.reconciler.defaultGpuTier',
        );
        if (
          defaultGpuTier !== undefined &&
          (defaultGpuTier === 'none' ||
            !gpuTiers.includes(defaultGpuTier as any))
        ) {
          throw new Error(
            `hmas.reconciler.defaultGpuTier must be 'high' or 'general', got '${defaultGpuTier}'`,
          );
        }
        const clusterService = new ClusterService({
          karmada: new KarmadaClient(deps.karmadaConnection),
          store: clusterStore,
          logger,
          labelPrefix: config.getOptionalString('hmas.labels.prefix'),
          defaultGpuTier: defaultGpuTier as 'high' | 'general' | undefined,
        });

        await scheduleClusterTasks({
          scheduler: deps.scheduler,
          logger,
          clusterService,
          reconcilerSchedule: config.has('hmas.reconciler.schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('hmas.reconciler.schedule'),
              )
            : {
                frequency: { minutes: 5 },
                timeout: { minutes: 2 },
                initialDelay: { seconds: 5 },
              },
          refreshSchedule: {
            frequency: { seconds: 30 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
          },
        });

        httpRouter.use(
          await createRouter({
            auditStore,
            clusterService,
            auth: deps.auth,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            pingDatabase: async () => {
              const db = await database.getClient();
              await db.raw('select 1');
            },
            karmadaMode:
              config.getOptionalString('hmas.karmada.mode') === 'embedded'
                ? 'embedded'
                : 'remote',
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
