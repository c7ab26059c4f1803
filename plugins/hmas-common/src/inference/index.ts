export * from './inference';
export * from './sse';
