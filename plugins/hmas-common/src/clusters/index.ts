export * from './cluster';
export * from './gpuReadiness';
export * from './gpuSharing';
export * from './labels';
export * from './reconcile';
export * from './zones';
