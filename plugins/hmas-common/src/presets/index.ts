export * from './applyPreset';
export * from './preset';
export * from './examplePresets';
