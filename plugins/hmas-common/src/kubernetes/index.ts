export * from './metadata';
export * from './names';
export * from './objects';
export * from './structural';
