export * from './names';
export * from './objects';
