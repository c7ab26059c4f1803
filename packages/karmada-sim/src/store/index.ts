export * from './ObjectStore';
export * from './errors';
export * from './selectors';
export * from './patch';
export * from './apply';
export * from './fieldSet';
