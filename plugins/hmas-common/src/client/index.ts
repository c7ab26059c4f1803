export { HmasApiClient } from './generated/HmasApiClient';
export type {
  HmasApiClientOptions,
  HmasApiHeaders,
  HmasApiRequestOptions,
} from './generated/HmasApiClient';
export type {
  HmasApiComponents,
  HmasApiOperationMap,
  HmasApiOperations,
  HmasApiPathMap,
  HmasApiPaths,
  HmasApiSchemas,
} from './types';
