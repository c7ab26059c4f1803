export * from './priority';
export * from './quota';
