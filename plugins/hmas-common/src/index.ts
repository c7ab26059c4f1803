/**
 * Isomorphic types, domain rules, permissions and zod schemas shared by the H-MAS plugins.
 *
 * @packageDocumentation
 */

export * from './audit';
export * from './client';
export * from './clusters';
export * from './deployments';
export * from './deploymentRequests';
export * from './deploymentStatus';
export * from './errors';
export * from './inference';
export * from './kubernetes';
export * from './namespaces';
export * from './permissions';
export * from './policies';
export * from './presets';
export * from './quantity';
export * from './usage';
export * from './yaml';
