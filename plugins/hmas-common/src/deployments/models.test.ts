import {
  estimateMemoryGib,
  fallbackKvCacheKiBPerToken,
  modelPresetById,
  modelPresets,
} from './models';
import { runtimeById } from './runtimes';
import { parseQuantity } from '../quantity';

describe('modelPresets', () => {
  it('has at least 8 presets with unique ids', () => {
    expect(modelPresets.length).toBeGreaterThanOrEqual(8);
    expect(new Set(modelPresets.map(p => p.id)).size).toBe(modelPresets.length);
  });

  it.each(modelPresets.map(p => [p.id, p] as const))(
    '%s is consistent',
    (_, p) => {
      expect(p.runtimes).toContain(p.defaultRuntime);
      for (const r of p.runtimes) expect(runtimeById(r)).toBeDefined();
      expect(p.sizeGb).toBeGreaterThan(0);
      expect(p.parametersB).toBeGreaterThan(0);
      expect(parseQuantity(p.minMemory)).toBeGreaterThan(0);
      expect(p.defaultContext).toBeGreaterThanOrEqual(256);
      expect(p.defaultContext).toBeLessThanOrEqual(131072);
    },
  );

  it.each(
    modelPresets
      .filter(p => p.source === 'ollama')
      .map(p => [p.id, p] as const),
  )('Ollama preset %s runs on Ollama only', (_, p) => {
    expect(p.runtimes).toEqual(['ollama']);
  });

  it.each(
    modelPresets
      .filter(p => p.runtimes.includes('llamacpp'))
      .map(p => [p.id, p] as const),
  )('llama.cpp preset %s is a bounded-context GGUF', (_, p) => {
    expect(p.defaultContext).toBeLessThanOrEqual(8192);
    expect(p.hfRepo).toBeTruthy();
    expect(p.hfFile).toMatch(/\.gguf$/);
  });

  it('finds presets by id', () => {
    expect(modelPresetById('qwen2.5-7b-instruct')?.modelId).toBe(
      'Qwen/Qwen2.5-7B-Instruct',
    );
    expect(modelPresetById('nope')).toBeUndefined();
  });
});

describe('estimateMemoryGib', () => {
  it.each([
    // Llama 3.1 8B Q4 at 8K: 5.5 GiB weights + 1 GiB KV + 0.5 overhead.
    [
      {
        sizeGb: 4.92,
        contextSize: 8192,
        kvCacheKiBPerToken: 128,
        overheadGib: 0.5,
      },
      7.0,
    ],
    // The same model at its full 128K context: the KV cache alone is 16 GiB.
    [
      {
        sizeGb: 4.92,
        contextSize: 131072,
        kvCacheKiBPerToken: 128,
        overheadGib: 0.5,
      },
      22.0,
    ],
    // Ollama with 4 parallel slots allocates 4 contexts.
    [
      {
        sizeGb: 4.9,
        contextSize: 8192,
        kvCacheKiBPerToken: 128,
        kvCacheSlots: 4,
        overheadGib: 1,
      },
      10.5,
    ],
    [
      {
        sizeGb: 15.2,
        contextSize: 8192,
        kvCacheKiBPerToken: 56,
        overheadGib: 4,
        shmGib: 2,
      },
      23.4,
    ],
  ])('%j ≈ %d GiB', (input, gib) => {
    expect(estimateMemoryGib(input)).toBeCloseTo(gib, 0);
  });

  it.each([
    [16, false, 512],
    [5, true, 534],
  ])('fallback KV for %d GB (quantized %s) is %d KiB/token', (size, q, kib) => {
    expect(fallbackKvCacheKiBPerToken(size, q)).toBe(kib);
  });
});
