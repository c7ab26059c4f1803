export { HmasApiClient } from './generated/HmasApiClient';
export type {
  HmasApiClientOptions,
  HmasApiHeaders,
  HmasApiRequestOptions,
} from './generated/HmasApiClient';
export type { HmasApiOperations, HmasApiPaths, HmasApiSchemas } from './types';
