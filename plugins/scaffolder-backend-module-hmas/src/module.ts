import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createHmasClusterCreateAction,
  createHmasClusterLabelsUpdateAction,
  createHmasDeploymentAction,
  createHmasDeploymentDeleteAction,
  createHmasManifestsRenderAction,
  createHmasOverridePolicyAction,
  createHmasPropagationPolicyAction,
} from './actions';

/**
 * Adds the H-MAS actions to the scaffolder. They call the H-MAS backend's REST API as the
 * task's initiator, so validation, permissions and audit stay the backend's.
 *
 * @public
 */
export const scaffolderModuleHmas = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'hmas',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        const options = { discovery, auth };
        scaffolder.addActions(
          createHmasDeploymentAction(options),
          createHmasManifestsRenderAction(options),
          createHmasDeploymentDeleteAction(options),
          createHmasClusterLabelsUpdateAction(options),
          createHmasPropagationPolicyAction(options),
          createHmasOverridePolicyAction(options),
          createHmasClusterCreateAction(options),
        );
      },
    });
  },
});
