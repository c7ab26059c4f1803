/**
 * Kubernetes backend module of H-MAS: the Karmada member clusters as the Kubernetes plugin's
 * clusters, reached through Karmada's cluster proxy.
 *
 * @packageDocumentation
 */

export { kubernetesModuleHmasKarmadaClusters as default } from './module';
export {
  KarmadaClusterSupplier,
  memberClusterDetails,
  DEFAULT_CLUSTER_CACHE_TTL_MS,
} from './KarmadaClusterSupplier';
