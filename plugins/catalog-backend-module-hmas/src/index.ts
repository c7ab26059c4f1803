/**
 * Catalog module of H-MAS: Karmada member clusters and model deployments as `Resource`
 * entities.
 *
 * @packageDocumentation
 */

export { catalogModuleHmasEntityProvider as default } from './module';
export {
  HmasClusterEntityProvider,
  clustersFromHmasApi,
} from './HmasClusterEntityProvider';
export {
  clusterToEntity,
  clusterAnnotations,
  HMAS_LOCATION,
} from './clusterEntity';
export {
  HmasDeploymentEntityProvider,
  deploymentsFromHmasApi,
} from './HmasDeploymentEntityProvider';
export {
  deploymentToEntity,
  deploymentEntityName,
  deploymentReference,
  deploymentAnnotations,
  MODEL_DEPLOYMENT_TYPE,
} from './deploymentEntity';
export type { DeploymentWithStatus } from './deploymentEntity';
