export * from './builders';
export * from './impact';
export * from './kinds';
export * from './summary';
export * from './validate';
