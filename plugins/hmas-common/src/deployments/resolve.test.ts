import { RuntimeDefinition, runtimeById } from './runtimes';
import { modelCachePvcName, resolveDeployment } from './resolve';
import { DeploymentSpec, deploymentSpecSchema } from './spec';

const base: DeploymentSpec = {
  name: 'chat',
  owner: 'group:default/ml-team',
  model: { preset: 'qwen2.5-7b-instruct' },
  runtime: 'vllm',
  placement: { mode: 'zone', zone: 'gpu-high' },
};

const resolve = (spec: Partial<DeploymentSpec>, options = {}) =>
  resolveDeployment(deploymentSpecSchema.parse({ ...base, ...spec }), options);

describe('resolveDeployment', () => {
  it('applies every default', () => {
    const d = resolve({});
    expect(d).toMatchObject({
      name: 'chat',
      namespace: 'default',
      owner: 'group:default/ml-team',
      gpu: true,
      model: {
        id: 'qwen2.5-7b-instruct',
        title: 'Qwen2.5 7B Instruct',
        modelId: 'Qwen/Qwen2.5-7B-Instruct',
        sizeGb: 15.2,
        contextSize: 8192,
        loadStrategy: 'hf-download',
      },
      resources: { cpu: '4', memory: '24Gi', gpu: 1 },
      replicas: 1,
      priorityClassName: 'inference-critical',
      storage: { pvcName: 'hmas-chat-model-cache', create: true, size: '28Gi' },
      args: [],
      loadStrategy: 'hf-download',
    });
    expect(d.runtime.id).toBe('vllm');
    expect(d.schedulerName).toBeUndefined();
    expect(d.resources.gpuType).toBeUndefined();
    expect(d.description).toBeUndefined();
  });

  it.each([
    [
      'the spec owner',
      { owner: 'group:default/a' },
      { owner: 'user:default/b' },
      'group:default/a',
    ],
    [
      'the caller',
      { owner: undefined },
      { owner: 'user:default/b' },
      'user:default/b',
    ],
  ])('takes %s as owner', (_, spec, options, owner) => {
    expect(resolve(spec, options).owner).toBe(owner);
  });

  it('needs an owner', () => {
    expect(() => resolve({ owner: undefined })).toThrow(
      'A deployment needs an owner',
    );
  });

  it.each([
    // [case, spec, resources, notes]
    [
      'the vLLM CPU floor',
      { resources: { cpu: '1' } },
      { cpu: '4' },
      [
        'cpu raised to 4: vLLM floor',
        'memory raised to 24Gi: weights, KV cache for 8192 tokens and vLLM overhead',
      ],
    ],
    [
      'the vLLM memory floor',
      { resources: { memory: '8Gi' } },
      { memory: '16Gi' },
      ['memory raised to 16Gi: vLLM floor'],
    ],
    [
      'the vLLM GPU floor',
      { resources: { gpu: 0 } },
      { gpu: 1 },
      [
        'gpu raised to 1: vLLM floor',
        'memory raised to 24Gi: weights, KV cache for 8192 tokens and vLLM overhead',
      ],
    ],
    [
      'a user memory above the floor but below the estimate',
      { resources: { memory: '20Gi' } },
      { memory: '20Gi' },
      [
        'memory 20Gi is below the 24Gi estimated for Qwen2.5 7B Instruct with a 8192-token context; pods may be OOM-killed',
      ],
    ],
    [
      'user values above everything',
      { resources: { cpu: '8', memory: '64Gi', gpu: 2 } },
      { cpu: '8', memory: '64Gi', gpu: 2 },
      [],
    ],
    [
      'the model estimate over the preset minimum',
      { model: { preset: 'llama-3.1-8b-instruct' } },
      { memory: '25Gi' },
      [
        'memory raised to 25Gi: weights, KV cache for 8192 tokens and vLLM overhead',
      ],
    ],
    [
      'the Triton memory floor over a tiny model',
      {
        runtime: 'triton',
        model: { preset: 'all-minilm-l6-v2' },
        storage: { existingPvc: 'repo' },
      },
      { memory: '4Gi', gpu: 1 },
      ['memory raised to 4Gi: NVIDIA Triton floor'],
    ],
    [
      'a bounded llama.cpp context',
      {
        runtime: 'llamacpp',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
      },
      { cpu: '2', memory: '7Gi', gpu: 1 },
      [
        'memory raised to 7Gi: weights, KV cache for 8192 tokens and llama.cpp overhead',
      ],
    ],
    [
      'a 128K llama.cpp context',
      {
        runtime: 'llamacpp',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4', contextSize: 131072 },
      },
      { memory: '22Gi' },
      [
        'memory raised to 22Gi: weights, KV cache for 131072 tokens and llama.cpp overhead',
      ],
    ],
    [
      'Ollama parallel slots',
      {
        runtime: 'ollama',
        model: { preset: 'ollama-llama3.1-8b' },
        gpuMode: 'cpu',
        env: { OLLAMA_NUM_PARALLEL: '4' },
      },
      { cpu: '2', memory: '11Gi', gpu: 0 },
      [
        'memory raised to 11Gi: weights, KV cache for 8192 tokens and Ollama overhead',
      ],
    ],
    [
      'a storage size too small for the model',
      { storage: { size: '5Gi' } },
      {},
      [
        'memory raised to 24Gi: weights, KV cache for 8192 tokens and vLLM overhead',
        'storage raised to 17Gi: the model needs 15.2 GB',
      ],
    ],
    [
      'several replicas on one RWO cache',
      { replicas: 3 },
      {},
      [
        'memory raised to 24Gi: weights, KV cache for 8192 tokens and vLLM overhead',
        'the model cache is ReadWriteOnce: replicas that Karmada places on the same cluster run on one node of it (spread them over clusters, or use a ReadWriteMany storage class, for node failover)',
      ],
    ],
  ])('raises or warns for %s', (_, spec, resources, notes) => {
    const d = resolve(spec as Partial<DeploymentSpec>);
    expect(d.resources).toMatchObject(resources);
    expect(d.resourceNotes).toEqual(notes);
  });

  it.each([
    [
      'CPU mode',
      {
        runtime: 'llamacpp',
        model: { preset: 'phi-3-mini-4k-instruct-gguf' },
        gpuMode: 'cpu',
        resources: { gpu: 0 },
      },
      false,
      0,
    ],
    [
      'the CPU Only zone',
      {
        runtime: 'llamacpp',
        model: { preset: 'phi-3-mini-4k-instruct-gguf' },
        placement: { mode: 'zone', zone: 'cpu-only' },
      },
      false,
      0,
    ],
    [
      'GPU mode',
      {
        runtime: 'llamacpp',
        model: { preset: 'phi-3-mini-4k-instruct-gguf' },
        resources: { gpu: 2, gpuType: 'l4' },
      },
      true,
      2,
    ],
  ])('resolves GPUs for %s', (_, spec, gpu, count) => {
    const d = resolve(spec as Partial<DeploymentSpec>);
    expect(d.gpu).toBe(gpu);
    expect(d.resources.gpu).toBe(count);
    expect(d.resources.gpuType).toBe(gpu ? 'l4' : undefined);
  });

  it('merges env: runtime defaults, cache variable, model env, then the user', () => {
    const d = resolve({
      runtime: 'ollama',
      model: { preset: 'ollama-llama3.1-8b', contextSize: 4096 },
      env: {
        OLLAMA_KEEP_ALIVE: '10m',
        OLLAMA_CONTEXT_LENGTH: '2048',
        EXTRA: 'x',
      },
    });
    expect(d.env).toEqual({
      OLLAMA_HOST: '0.0.0.0:11434',
      OLLAMA_KEEP_ALIVE: '10m',
      HOME: '/tmp',
      OLLAMA_MODELS: '/model-cache',
      OLLAMA_CONTEXT_LENGTH: '2048',
      EXTRA: 'x',
    });
    expect(d.loadStrategy).toBe('ollama-pull');
  });

  it.each([
    [{}, { pvcName: 'hmas-chat-model-cache', create: true, size: '28Gi' }],
    [
      { storage: { size: '100Gi' } },
      { pvcName: 'hmas-chat-model-cache', create: true, size: '100Gi' },
    ],
    [
      { storage: { existingPvc: 'shared-hf-cache' } },
      { pvcName: 'shared-hf-cache', create: false },
    ],
  ])('storage %j', (spec, storage) => {
    expect(resolve(spec as Partial<DeploymentSpec>).storage).toMatchObject(
      storage,
    );
  });

  it('names the cache PVC within 63 characters for the longest name', () => {
    expect(modelCachePvcName('a'.repeat(40)).length).toBeLessThanOrEqual(63);
  });

  it('resolves a custom model and a PVC load strategy', () => {
    const d = resolve({
      model: { modelId: 'org/private-model', sizeGb: 30, contextSize: 16384 },
      loadStrategy: 'pvc',
      storage: { existingPvc: 'models' },
      args: ['--enable-prefix-caching'],
      schedulerName: 'volcano',
      description: 'Private fine-tune',
    });
    expect(d.model).toEqual({
      id: 'custom',
      title: 'org/private-model',
      modelId: 'org/private-model',
      sizeGb: 30,
      contextSize: 16384,
      loadStrategy: 'pvc',
    });
    expect(d.env.HF_HUB_OFFLINE).toBe('1');
    expect(d.args).toEqual(['--enable-prefix-caching']);
    expect(d.schedulerName).toBe('volcano');
    expect(d.description).toBe('Private fine-tune');
  });

  it('uses a runtime from options, so modules can replace a built-in', () => {
    const custom: RuntimeDefinition = {
      ...runtimeById('vllm')!,
      title: 'vLLM (site build)',
      image: { gpu: 'registry.example/vllm:site' },
    };
    expect(resolve({}, { runtimes: [custom] }).runtime.title).toBe(
      'vLLM (site build)',
    );
  });
});
