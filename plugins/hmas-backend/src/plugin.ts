import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { hmasPermissions } from '@h-mas/plugin-hmas-common';
import { DatabaseAuditStore } from './database/DatabaseAuditStore';
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
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        const auditStore = await DatabaseAuditStore.create({ database });
        permissionsRegistry.addPermissions(hmasPermissions);

        httpRouter.use(
          await createRouter({
            auditStore,
            httpAuth,
            permissions,
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
