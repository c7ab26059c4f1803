import type { components, operations, paths } from './generated/schema';

/**
 * The paths of the H-MAS REST API, generated from its OpenAPI description
 * (`plugins/hmas-backend/src/schema/openapi.yaml`).
 *
 * @public
 */
export type HmasApiPaths = paths;

/**
 * The operations of the H-MAS REST API by operationId: parameters, request body and
 * responses, generated from its OpenAPI description.
 *
 * @public
 */
export type HmasApiOperations = operations;

/**
 * The schemas of the H-MAS REST API by name (`HmasApiSchemas['ClusterInfo']`), generated from
 * its OpenAPI description: the wire types of the domain types of this package.
 *
 * @public
 */
export type HmasApiSchemas = components['schemas'];

/**
 * The generated declarations the aliases above name, exported so that the package's API
 * report (and its users' type checks) can follow them.
 *
 * @public
 */
export type {
  components as HmasApiComponents,
  operations as HmasApiOperationMap,
  paths as HmasApiPathMap,
};
