export { hmasApiRef } from './HmasApi';
export type { HmasApi } from './HmasApi';
export { HmasClient } from './HmasClient';
