export { createHmasDeploymentAction } from './createDeployment';
export type { HmasDeploymentOutput } from './createDeployment';
export { createHmasManifestsRenderAction } from './renderManifests';
export type { HmasManifestsRenderOutput } from './renderManifests';
export { createHmasDeploymentDeleteAction } from './deleteDeployment';
export { createHmasClusterLabelsUpdateAction } from './updateClusterLabels';
export { createHmasPropagationPolicyAction } from './createPropagationPolicy';
export type {
  HmasDeploymentInput,
  HmasJsonObject,
  HmasTemplateEnvValue,
} from './deploymentInput';
export { withTemplateSecrets } from './deploymentInput';
export { createHmasOverridePolicyAction } from './createOverridePolicy';
export type { HmasPolicyInput, HmasPolicyOutput } from './policyAction';
export { createHmasClusterCreateAction } from './createCluster';
export type { HmasClusterRegistrationInput } from './createCluster';
