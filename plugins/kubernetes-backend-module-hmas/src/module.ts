import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesClusterSupplierExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import { KarmadaClusterSupplier } from './KarmadaClusterSupplier';

/**
 * Kubernetes backend module that makes the Karmada member clusters the Kubernetes plugin's
 * clusters, each reached through Karmada's cluster proxy with H-MAS's Karmada connection.
 *
 * @public
 */
export const kubernetesModuleHmasKarmadaClusters = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'hmas-karmada-clusters',
  register(env) {
    env.registerInit({
      deps: {
        clusterSupplier: kubernetesClusterSupplierExtensionPoint,
        connection: karmadaConnectionServiceRef,
        logger: coreServices.logger,
      },
      async init({ clusterSupplier, connection, logger }) {
        clusterSupplier.addClusterSupplier(
          KarmadaClusterSupplier.fromConnection({ connection, logger }),
        );
      },
    });
  },
});
