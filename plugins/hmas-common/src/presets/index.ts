export * from './resources';
export * from './preset';
export * from './examplePresets';
