import { modelTitle, runtimeTitle } from './displayNames';
import { llamacppRuntime } from './runtimes';

describe('display names', () => {
  it.each([
    ['vllm', 'vLLM'],
    ['tgi', 'Hugging Face TGI'],
    ['llamacpp', 'llama.cpp'],
    ['triton', 'NVIDIA Triton'],
    ['sglang', 'sglang'],
  ])('runtime %s reads as %s', (id, title) => {
    expect(runtimeTitle(id)).toBe(title);
  });

  it('names a runtime a module added', () => {
    expect(
      runtimeTitle('sglang', [
        { ...llamacppRuntime, id: 'sglang', title: 'SGLang' },
      ]),
    ).toBe('SGLang');
  });

  it.each([
    ['llama-3.1-8b-instruct-gguf-q4', /^Llama 3\.1 8B/],
    ['Qwen/Qwen2.5-7B-Instruct', /^Qwen\/Qwen2\.5-7B-Instruct$/],
  ])('model %s reads as %s', (model, title) => {
    expect(modelTitle(model)).toMatch(title);
  });
});
