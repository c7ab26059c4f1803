export { createOpenApiRouter, spec } from './generated/router';
export type { EndpointMap, HmasApiRouter } from './generated/router';
