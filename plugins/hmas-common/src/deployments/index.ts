export * from './gpuProducts';
export * from './manifests';
export * from './models';
export * from './plan';
export * from './resolve';
export * from './runtimes';
export * from './settings';
export * from './spec';
