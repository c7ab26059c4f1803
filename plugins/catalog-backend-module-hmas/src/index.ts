/**
 * Catalog module of H-MAS: Karmada member clusters and model deployments as `Resource`
 * entities, and the entities deployments serve linked to them.
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
  servedEntityRef,
} from './deploymentEntity';
export { HmasServedEntityProcessor } from './HmasServedEntityProcessor';
export {
  servedEntityKey,
  servedRefreshKey,
  withServedDeployments,
} from './servedEntity';
export type { DeploymentWithStatus } from './deploymentEntity';
export { readHmasCatalogConfig } from './config';
export type { HmasCatalogConfig } from './config';
export { ScheduledEntityProvider } from './ScheduledEntityProvider';
