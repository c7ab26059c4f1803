/**
 * Scaffolder actions of H-MAS: deploy models, render manifests, delete deployments, register
 * and label clusters and create propagation and override policies, all through the H-MAS backend's REST API.
 *
 * @packageDocumentation
 */

export { scaffolderModuleHmas as default } from './module';
export * from './actions';
export type { HmasActionOptions } from './hmasClient';
