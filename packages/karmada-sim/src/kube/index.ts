export * from './priority';
export * from './quota';
export * from './objectMeta';
export * from './builtinValidation';
