import { renderInTestApp } from '@backstage/test-utils';
import { deploymentSpecSchema } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { fieldProps, validate } from '../__testUtils__/fields';
import {
  HmasRuntimeModelPicker,
  hmasRuntimeModelPickerValidation,
  HmasRuntimeModelValue,
} from './HmasRuntimeModelPicker';

async function render(
  formData?: HmasRuntimeModelValue,
  uiOptions: object = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <HmasRuntimeModelPicker
      {...fieldProps({
        onChange,
        formData,
        schema: { title: 'Runtime and model' },
        uiSchema: { 'ui:options': uiOptions },
      })}
    />,
  );
  return { onChange };
}

/** Opens a select from the keyboard and returns its options. */
function openSelect(label: string) {
  const button = screen.getByRole('button', { name: new RegExp(label) });
  fireEvent.keyDown(button, { key: 'ArrowDown' });
  return within(screen.getByRole('listbox'));
}

describe('HmasRuntimeModelPicker', () => {
  it('offers the runtime catalog with each runtime’s GPU mode', async () => {
    await render();
    const options = openSelect('Runtime').getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'vLLMGPU required',
      'Hugging Face TGIGPU required',
      'OllamaGPU optional',
      'llama.cppGPU optional',
      'NVIDIA TritonGPU optional',
    ]);
  });

  it('starts a runtime with its own model preset and its GPU mode', async () => {
    const { onChange } = await render();
    fireEvent.click(openSelect('Runtime').getByText('vLLM'));
    expect(onChange).toHaveBeenCalledWith({
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'llama-3.1-8b-instruct' },
    });
  });

  it('shows the GPU mode and resource floor, and forces GPU mode for vLLM', async () => {
    await render({
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-7b-instruct' },
    });
    const facts = screen.getByTestId('hmas-runtime-facts');
    expect(within(facts).getByText('GPU required')).toBeInTheDocument();
    expect(
      within(facts).getByText('Minimum resources: 4 CPU · 16Gi memory · 1 GPU'),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'GPU' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'GPU' })).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'CPU' })).toBeDisabled();
    expect(
      screen.getByText('vLLM needs NVIDIA GPUs: GPU mode only'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '15.2 GB · at least 18Gi memory · 8192-token context · 24 GB GPU memory',
      ),
    ).toBeInTheDocument();
  });

  it('offers only the presets the runtime serves, plus a custom model', async () => {
    await render({
      runtime: 'llamacpp',
      gpuMode: 'cpu',
      model: { preset: 'phi-3-mini-4k-instruct-gguf' },
    });
    const options = openSelect('Model').getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Llama 3.1 8B Instruct GGUF (Q4_K_M)bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      'Phi-3 mini 4K Instruct GGUF (Q4)microsoft/Phi-3-mini-4k-instruct-gguf',
      'Custom model…Any model id the runtime can load',
    ]);
  });

  it('switches to a preset of the new runtime and says why', async () => {
    const { onChange } = await render({
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-7b-instruct' },
    });
    fireEvent.click(openSelect('Runtime').getByText('Ollama'));
    expect(onChange).toHaveBeenCalledWith({
      runtime: 'ollama',
      gpuMode: 'gpu',
      model: { preset: 'ollama-llama3.1-8b' },
    });
    expect(
      screen.getByText(
        'Qwen2.5 7B Instruct does not run on Ollama; switched to Llama 3.1 8B (Ollama).',
      ),
    ).toBeInTheDocument();
  });

  it('keeps a preset the new runtime also serves and the CPU choice of an optional runtime', async () => {
    const { onChange } = await render({
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-0.5b-instruct' },
    });
    fireEvent.click(openSelect('Runtime').getByText('Hugging Face TGI'));
    expect(onChange).toHaveBeenLastCalledWith({
      runtime: 'tgi',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-0.5b-instruct' },
    });
  });

  it('lets an optional runtime choose CPU mode', async () => {
    const { onChange } = await render({
      runtime: 'ollama',
      gpuMode: 'gpu',
      model: { preset: 'ollama-qwen2.5-7b' },
    });
    const cpu = screen.getByRole('radio', { name: 'CPU' });
    expect(cpu).toBeEnabled();
    fireEvent.click(cpu);
    expect(onChange).toHaveBeenCalledWith({
      runtime: 'ollama',
      gpuMode: 'cpu',
      model: { preset: 'ollama-qwen2.5-7b' },
    });
  });

  it('edits a custom model, with the GGUF file for llama.cpp', async () => {
    const value: HmasRuntimeModelValue = {
      runtime: 'llamacpp',
      gpuMode: 'cpu',
      model: { modelId: 'TheBloke/TinyLlama-GGUF' },
    };
    const { onChange } = await render(value);
    expect(screen.getByLabelText(/^Model id/)).toHaveValue(
      'TheBloke/TinyLlama-GGUF',
    );
    fireEvent.change(screen.getByLabelText(/^Size \(GB\)/), {
      target: { value: '0.7' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      ...value,
      model: { modelId: 'TheBloke/TinyLlama-GGUF', sizeGb: 0.7 },
    });
    fireEvent.change(screen.getByLabelText(/^GGUF file/), {
      target: { value: 'tinyllama.Q4_K_M.gguf' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      ...value,
      model: {
        modelId: 'TheBloke/TinyLlama-GGUF',
        hfFile: 'tinyllama.Q4_K_M.gguf',
      },
    });
  });

  it('starts a custom model empty', async () => {
    const { onChange } = await render({
      runtime: 'tgi',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-0.5b-instruct' },
    });
    fireEvent.click(openSelect('Model').getByText('Custom model…'));
    expect(onChange).toHaveBeenCalledWith({
      runtime: 'tgi',
      gpuMode: 'gpu',
      model: {},
    });
    expect(screen.queryByLabelText(/^GGUF file/)).not.toBeInTheDocument();
  });

  it('tells that Triton needs an existing PVC', async () => {
    await render({
      runtime: 'triton',
      gpuMode: 'cpu',
      model: { preset: 'all-minilm-l6-v2' },
    });
    expect(
      screen.getByText(/loads models from a pre-loaded volume only/),
    ).toBeInTheDocument();
  });

  it.each<[string, unknown]>([
    ['no value', undefined],
    ['the empty object the form starts with', {}],
    ['an empty object with an empty model', { model: {} }],
  ])(
    'shows nothing model-related as chosen before a runtime: %s',
    async (_what, formData) => {
      const { onChange } = await render(formData as HmasRuntimeModelValue);
      const model = screen.getByRole('button', { name: /^Model/ });
      expect(model).toHaveAttribute('aria-disabled', 'true');
      // MUI fills an empty select with a zero-width space.
      expect(model.textContent?.replace(/\u200b/g, '').trim()).toBe('');
      expect(screen.queryByText('Custom model…')).not.toBeInTheDocument();
      expect(screen.queryByLabelText(/^Model id/)).not.toBeInTheDocument();
      // The model's and the GPU mode's help both say what comes first.
      expect(screen.getAllByText('Choose a runtime first')).toHaveLength(2);
      expect(screen.getByRole('radio', { name: 'GPU' })).not.toBeChecked();
      expect(screen.getByRole('radio', { name: 'CPU' })).not.toBeChecked();
      // The first runtime choice starts with that runtime's own preset.
      fireEvent.click(openSelect('Runtime').getByText('llama.cpp'));
      expect(onChange).toHaveBeenLastCalledWith({
        runtime: 'llamacpp',
        gpuMode: 'gpu',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
      });
    },
  );

  it('offers only the runtimes of ui:options.runtimes', async () => {
    await render(undefined, { runtimes: ['ollama', 'llamacpp'] });
    expect(
      openSelect('Runtime')
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['OllamaGPU optional', 'llama.cppGPU optional']);
  });
});

describe('hmasRuntimeModelPickerValidation', () => {
  it.each<[string, unknown, string[]]>([
    [
      'a preset on its runtime',
      {
        runtime: 'vllm',
        gpuMode: 'gpu',
        model: { preset: 'llama-3.1-8b-instruct' },
      },
      [],
    ],
    [
      'a complete custom GGUF model',
      {
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        model: { modelId: 'a/b', hfFile: 'b.gguf', sizeGb: 1 },
      },
      [],
    ],
    ['nothing chosen', undefined, ['Choose a runtime and a model']],
    [
      'CPU mode on vLLM',
      {
        runtime: 'vllm',
        gpuMode: 'cpu',
        model: { preset: 'qwen2.5-7b-instruct' },
      },
      ['vLLM needs GPUs; it has no CPU mode'],
    ],
    [
      'a preset the runtime cannot serve',
      {
        runtime: 'ollama',
        gpuMode: 'gpu',
        model: { preset: 'qwen2.5-7b-instruct' },
      },
      [
        'Qwen2.5 7B Instruct does not run on Ollama; use vLLM, Hugging Face TGI',
      ],
    ],
    [
      'an unknown runtime',
      {
        runtime: 'mlc',
        gpuMode: 'gpu',
        model: { preset: 'qwen2.5-7b-instruct' },
      },
      ['Runtime must be one of vllm, tgi, ollama, llamacpp, triton'],
    ],
    [
      'an unknown preset',
      { runtime: 'vllm', gpuMode: 'gpu', model: { preset: 'gpt-5' } },
      ['Unknown model preset "gpt-5"'],
    ],
    [
      'no model',
      { runtime: 'tgi', gpuMode: 'gpu', model: {} },
      ['Choose a model preset or give a modelId'],
    ],
    [
      'a custom model without size or GGUF file',
      { runtime: 'llamacpp', gpuMode: 'gpu', model: { modelId: 'a/b' } },
      [
        'Give the size of a custom model: memory and the startup probe are sized from it',
        'llama.cpp needs the GGUF file name (hfFile)',
      ],
    ],
  ])('%s', async (_what, value, errors) => {
    expect(
      await validate(
        hmasRuntimeModelPickerValidation,
        value as HmasRuntimeModelValue,
      ),
    ).toEqual(errors);
  });

  it('produces a value the deployment request accepts as it is', () => {
    const value: HmasRuntimeModelValue = {
      runtime: 'ollama',
      gpuMode: 'cpu',
      model: { preset: 'ollama-qwen2.5-7b' },
    };
    expect(
      deploymentSpecSchema.safeParse({
        name: 'chat',
        placement: { mode: 'zone', zone: 'cpu-only' },
        ...value,
      }).success,
    ).toBe(true);
  });
});
