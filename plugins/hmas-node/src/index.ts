/**
 * Node library of the H-MAS plugins: the Karmada client and the service refs other backend
 * modules use.
 *
 * @packageDocumentation
 */

export {
  KARMADA_CALL_DEFAULTS,
  KarmadaClient,
  maxCallDurationMs,
  memberProxyUrl,
} from './karmada/KarmadaClient';
export type { KarmadaConnection, ObjectRef } from './karmada/KarmadaClient';
export {
  karmadaConnectionServiceRef,
  readKarmadaCallBounds,
  readKarmadaConnection,
} from './karmada/connection';
export {
  isRetryable,
  KarmadaTimeoutError,
  kubeStatusOf,
  mapKubeError,
} from './karmada/errors';
export type { KubeStatus } from './karmada/errors';
export { hmasRuntimesExtensionPoint } from './extensions';
export type { HmasRuntimesExtensionPoint } from './extensions';
export {
  createHmasDeploymentConditionalDecision,
  hasDeploymentNamespace,
  hmasDeploymentConditions,
  hmasDeploymentPermissionRules,
  hmasDeploymentResourcePermissions,
  hmasDeploymentResourceRef,
  isDeploymentOwner,
} from './permissions';
export type {
  HmasDeploymentQuery,
  HmasDeploymentResource,
} from './permissions';
