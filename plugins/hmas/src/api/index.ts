export { hmasApiRef } from './HmasApi';
export type { DeploymentWithStatus } from './HmasApi';
export type { HmasApi } from './HmasApi';
export { HmasClient } from './HmasClient';
