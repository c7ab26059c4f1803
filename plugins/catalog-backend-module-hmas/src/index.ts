/**
 * Catalog module of H-MAS: Karmada member clusters as `Resource` entities.
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
