export * from './cluster';
export * from './labels';
export * from './reconcile';
export * from './zones';
