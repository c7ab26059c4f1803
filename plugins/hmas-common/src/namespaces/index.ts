export * from './teamNamespace';
