import { renderInTestApp } from '@backstage/test-utils';
import {
  deploymentSpecSchema,
  resolveDeployment,
} from '@h-mas/plugin-hmas-common';
import { fireEvent, screen } from '@testing-library/react';
import { fieldProps, validate } from '../__testUtils__/fields';
import {
  HmasResourcesEditor,
  hmasResourcesEditorValidation,
  HmasResourcesValue,
  plannedResources,
} from './HmasResourcesEditor';

const llamaOnCpu = {
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
};
const vllmOnGpu = {
  runtime: 'vllm',
  gpuMode: 'gpu',
  model: { preset: 'qwen2.5-7b-instruct' },
};

async function render(
  options: {
    formData?: HmasResourcesValue;
    runtimeModel?: object;
    errorSchema?: object;
  } = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <HmasResourcesEditor
      {...fieldProps({
        onChange,
        formData: options.formData,
        errorSchema: options.errorSchema ?? {},
        schema: {
          title: 'Resources per replica',
          properties: {
            gpu: { title: 'GPUs', description: 'GPUs per replica' },
          },
        },
        uiSchema: { 'ui:options': { runtimeModelField: 'runtimeModel' } },
        formContext: {
          formData: options.runtimeModel
            ? { runtimeModel: options.runtimeModel }
            : {},
        },
      })}
    />,
  );
  return { onChange };
}

/** What resolveDeployment of hmas-common sizes for a runtime and model, nothing else given. */
function resolvedFor(runtimeModel: object) {
  const spec = deploymentSpecSchema.parse({
    name: 'x',
    placement: { mode: 'zone', zone: 'gpu-general' },
    ...runtimeModel,
  });
  return resolveDeployment(spec, { owner: 'user:default/ada' }).resources;
}

describe('HmasResourcesEditor', () => {
  it('has no GPU inputs in CPU mode and shows the sizes H-MAS will use', async () => {
    await render({ runtimeModel: llamaOnCpu });
    expect(screen.getByRole('textbox', { name: 'CPU' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Memory' })).toBeInTheDocument();
    expect(screen.queryByLabelText(/^GPUs/)).toBeNull();
    expect(screen.queryByLabelText(/^GPU type/)).toBeNull();
    expect(
      screen.getByText('CPU mode: the replicas take no GPUs.'),
    ).toBeInTheDocument();
    const { cpu, memory, gpu } = resolvedFor(llamaOnCpu);
    expect(gpu).toBe(0);
    expect(screen.getByTestId('hmas-resources-planned')).toHaveTextContent(
      `H-MAS will use: ${cpu} CPU · ${memory} memory`,
    );
    expect(screen.getByTestId('hmas-resources-planned')).not.toHaveTextContent(
      /GPU/,
    );
  });

  it('offers GPUs and GPU type in GPU mode, with the GPUs H-MAS picks', async () => {
    await render({ runtimeModel: vllmOnGpu });
    expect(screen.getByLabelText(/^GPUs/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^GPU type/)).toBeInTheDocument();
    const { cpu, memory } = resolvedFor(vllmOnGpu);
    expect(screen.getByTestId('hmas-resources-planned')).toHaveTextContent(
      `H-MAS will use: ${cpu} CPU · ${memory} memory · 1 GPU`,
    );
  });

  it('shows a value typed below the runtime floor raised, and says why', async () => {
    await render({ runtimeModel: vllmOnGpu, formData: { cpu: '1', gpu: 2 } });
    const planned = screen.getByTestId('hmas-resources-planned');
    expect(planned).toHaveTextContent(
      /^H-MAS will use: 4 CPU · \S+ memory · 2 GPUs/,
    );
    expect(planned).toHaveTextContent('CPU raised to 4: vLLM floor');
  });

  it('reports what is typed, and drops an emptied value', async () => {
    const { onChange } = await render({
      runtimeModel: vllmOnGpu,
      formData: { cpu: '8' },
    });
    fireEvent.change(screen.getByLabelText(/^GPUs/), {
      target: { value: '2' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ cpu: '8', gpu: 2 });
    fireEvent.change(screen.getByRole('textbox', { name: 'CPU' }), {
      target: { value: '' },
    });
    expect(onChange).toHaveBeenLastCalledWith({});
  });

  it('drops GPUs typed in GPU mode once the deployment is in CPU mode', async () => {
    const { onChange } = await render({
      runtimeModel: llamaOnCpu,
      formData: { cpu: '8', gpu: 1, gpuType: 'a100' },
    });
    expect(onChange).toHaveBeenCalledWith({ cpu: '8' });
  });

  it('shows the form’s error of an input under it', async () => {
    await render({
      runtimeModel: vllmOnGpu,
      formData: { memory: 'lots' },
      errorSchema: {
        memory: { __errors: ['must be a memory quantity such as 16Gi'] },
      },
    });
    expect(
      screen.getByText('must be a memory quantity such as 16Gi'),
    ).toBeInTheDocument();
    // The rest still sizes.
    expect(screen.getByTestId('hmas-resources-planned')).toHaveTextContent(
      /^H-MAS will use: 4 CPU/,
    );
  });

  it('asks for the runtime and model first', async () => {
    await render({ runtimeModel: {} });
    expect(screen.queryByTestId('hmas-resources-planned')).toBeNull();
    expect(
      screen.getByText(
        'Choose the runtime and model first to see the sizes H-MAS picks',
      ),
    ).toBeInTheDocument();
  });
});

describe('plannedResources', () => {
  it('is what resolveDeployment sizes', () => {
    expect(plannedResources(llamaOnCpu, {})?.resources).toEqual(
      resolvedFor(llamaOnCpu),
    );
  });

  it('is undefined until the model is complete', () => {
    expect(
      plannedResources({ ...llamaOnCpu, model: { modelId: 'a/b' } }, {}),
    ).toBeUndefined();
  });
});

describe('hmasResourcesEditorValidation', () => {
  const formData = (runtimeModel: object) => ({
    formData: { runtimeModel },
    uiOptions: { runtimeModelField: 'runtimeModel' },
  });

  it.each<[string, object, HmasResourcesValue, string[]]>([
    ['nothing given', vllmOnGpu, {}, []],
    ['GPUs in GPU mode', vllmOnGpu, { gpu: 2, gpuType: 'a100' }, []],
    [
      'GPUs in CPU mode',
      llamaOnCpu,
      { gpu: 1 },
      ['CPU mode takes no GPUs: set 0 or choose GPU mode'],
    ],
    [
      'a zero CPU',
      llamaOnCpu,
      { cpu: '0' },
      ['Must be a positive Kubernetes quantity such as 4, 500m or 16Gi'],
    ],
    [
      'two MIG devices',
      vllmOnGpu,
      { gpu: 2, gpuType: 'mig-1g.5gb' },
      [
        'A pod can use one MIG device (CUDA enumerates a single MIG instance per process); ask for 1, or for whole GPUs',
      ],
    ],
  ])('%s', async (_what, runtimeModel, value, errors) => {
    expect(
      await validate(
        hmasResourcesEditorValidation,
        value,
        formData(runtimeModel),
      ),
    ).toEqual(errors);
  });
});
