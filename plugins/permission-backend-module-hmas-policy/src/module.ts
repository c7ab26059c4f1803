import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { HmasPermissionPolicy } from './HmasPermissionPolicy';

/**
 * Installs {@link HmasPermissionPolicy} as the permission backend's policy (in place of the
 * allow-all module). Admins are the members of `hmas.permissions.adminRefs`.
 *
 * @public
 */
export const permissionModuleHmasPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'hmas-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new HmasPermissionPolicy({
            userInfo,
            adminRefs: config.getOptionalStringArray(
              'hmas.permissions.adminRefs',
            ),
          }),
        );
      },
    });
  },
});
