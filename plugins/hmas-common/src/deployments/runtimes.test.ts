import { ResolvedModel } from './models';
import {
  builtinRuntimes,
  Probe,
  runtimeById,
  RuntimeDefinition,
  startupProbeBudgetSeconds,
} from './runtimes';

const model = (over: Partial<ResolvedModel> = {}): ResolvedModel => ({
  id: 'custom',
  title: 'm',
  modelId: 'org/model',
  sizeGb: 10,
  contextSize: 4096,
  loadStrategy: 'hf-download',
  ...over,
});

const rt = (id: string) => runtimeById(id)!;

const budget = (p: Probe) => p.failureThreshold * p.periodSeconds;

describe('builtinRuntimes', () => {
  it.each([
    ['vllm', 8000, 'required', 'vllm/vllm-openai:v0.11.0', undefined, true],
    [
      'tgi',
      8080,
      'required',
      'ghcr.io/huggingface/text-generation-inference:3.3.4',
      undefined,
      true,
    ],
    [
      'ollama',
      11434,
      'optional',
      'ollama/ollama:0.12.3',
      'ollama/ollama:0.12.3',
      false,
    ],
    [
      'llamacpp',
      8080,
      'optional',
      'ghcr.io/ggml-org/llama.cpp:server-cuda-b6700',
      'ghcr.io/ggml-org/llama.cpp:server-b6700',
      false,
    ],
    [
      'triton',
      8000,
      'optional',
      'nvcr.io/nvidia/tritonserver:25.08-py3',
      'nvcr.io/nvidia/tritonserver:25.08-py3',
      true,
    ],
  ])('%s: port %d, GPU %s, images, shm', (id, port, gpuMode, gpu, cpu, shm) => {
    const r = rt(id);
    expect(r.port).toBe(port);
    expect(r.gpuMode).toBe(gpuMode);
    expect(r.image.gpu).toBe(gpu);
    expect(r.image.cpu).toBe(cpu);
    expect(r.needsShm).toBe(shm);
  });

  it.each(builtinRuntimes.map(r => [r.id, r] as const))(
    '%s pins its images and has env presets',
    (_, r) => {
      for (const image of [r.image.gpu, r.image.cpu].filter(Boolean)) {
        expect(image).toMatch(/:[\w.-]+$/);
        expect(image).not.toMatch(/:latest$/);
      }
      expect(r.envPresets.length).toBeGreaterThanOrEqual(
        r.id === 'ollama' ? 4 : 1,
      );
      expect(new Set(r.envPresets.map(p => p.id)).size).toBe(
        r.envPresets.length,
      );
      for (const p of r.envPresets) {
        for (const name of Object.keys(p.env))
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }
    },
  );

  it.each([
    ['vllm', '/model-cache', 'HF_HOME', { cpu: '4', memory: '16Gi', gpu: 1 }],
    ['tgi', '/data', 'HF_HOME', { cpu: '4', memory: '12Gi', gpu: 1 }],
    [
      'ollama',
      '/model-cache',
      'OLLAMA_MODELS',
      { cpu: '2', memory: '4Gi', gpu: 1 },
    ],
    ['llamacpp', '/models', 'LLAMA_CACHE', { cpu: '2', memory: '2Gi', gpu: 1 }],
    ['triton', '/models', undefined, { cpu: '2', memory: '4Gi', gpu: 1 }],
  ])(
    '%s caches models at %s (%s) with floor %j',
    (id, mountPath, envVar, floor) => {
      expect(rt(id).modelCache).toEqual(
        envVar ? { mountPath, envVar } : { mountPath },
      );
      expect(rt(id).resourceFloor).toEqual(floor);
    },
  );
});

describe('buildArgs', () => {
  const args = (
    id: string,
    over: Partial<ResolvedModel> = {},
    gpuCount = 1,
    env = {},
  ) => {
    const r = rt(id);
    return r.buildArgs({
      model: model(over),
      port: r.port,
      gpu: gpuCount > 0,
      gpuCount,
      env,
    });
  };

  it('vLLM serves the model positionally with context and memory flags', () => {
    expect(args('vllm')).toEqual({
      command: ['vllm', 'serve'],
      args: [
        'org/model',
        '--host',
        '0.0.0.0',
        '--port',
        '8000',
        '--max-model-len',
        '4096',
        '--gpu-memory-utilization',
        '0.9',
      ],
    });
  });

  it.each([
    ['vllm', {}, 2, {}, ['--tensor-parallel-size', '2']],
    [
      'vllm',
      {},
      1,
      { HMAS_VLLM_GPU_MEMORY_UTILIZATION: '0.8' },
      ['--gpu-memory-utilization', '0.8'],
    ],
    [
      'vllm',
      {},
      1,
      { HMAS_VLLM_MAX_NUM_SEQS: '512' },
      ['--max-num-seqs', '512'],
    ],
    [
      'tgi',
      {},
      1,
      {},
      ['--model-id', 'org/model', '--hostname', '0.0.0.0', '--port', '8080'],
    ],
    ['tgi', {}, 4, {}, ['--num-shard', '4']],
    [
      'llamacpp',
      { hfRepo: 'r/gguf', hfFile: 'm.gguf' },
      1,
      {},
      [
        '--hf-repo',
        'r/gguf',
        '--hf-file',
        'm.gguf',
        '--host',
        '0.0.0.0',
        '--port',
        '8080',
        '--ctx-size',
        '4096',
      ],
    ],
    [
      'llamacpp',
      { hfFile: 'm.gguf', loadStrategy: 'pvc' as const },
      0,
      {},
      ['--model', '/models/m.gguf'],
    ],
    [
      'triton',
      { loadStrategy: 'pvc' as const },
      1,
      {},
      [
        '--model-repository=/models',
        '--model-control-mode=none',
        '--strict-readiness=true',
        '--http-port=8000',
      ],
    ],
    [
      'triton',
      { loadStrategy: 'pvc' as const },
      0,
      { HMAS_TRITON_LOG_VERBOSE: '1' },
      ['--log-verbose=1'],
    ],
  ])('%s %j gpus=%d env=%j includes %j', (id, over, gpus, env, expected) => {
    const { args: a } = args(id, over, gpus, env);
    const at = a.indexOf(expected[0]);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(a.slice(at, at + expected.length)).toEqual(expected);
  });

  it('llama.cpp always passes --port explicitly', () => {
    for (const over of [
      {},
      { loadStrategy: 'pvc' as const, hfFile: 'x.gguf' },
    ]) {
      const a = args('llamacpp', over).args;
      expect(a[a.indexOf('--port') + 1]).toBe('8080');
    }
  });

  it('Ollama pulls the model after the server starts, or only serves from a PVC', () => {
    const pull = args(
      'ollama',
      { modelId: 'llama3.1:8b', loadStrategy: 'ollama-pull' },
      0,
    );
    expect(pull.command).toEqual(['/bin/sh', '-c']);
    expect(pull.args[0]).toContain('ollama serve &');
    expect(pull.args[0]).toContain('ollama pull "$1"');
    expect(pull.args.slice(1)).toEqual([
      'ollama-serve-and-pull',
      'llama3.1:8b',
    ]);
    expect(args('ollama', { loadStrategy: 'pvc' }, 0)).toEqual({
      args: ['serve'],
    });
  });
});

describe('modelEnv', () => {
  const env = (
    r: RuntimeDefinition,
    over: Partial<ResolvedModel> = {},
    gpu = true,
  ) =>
    r.modelEnv?.({
      model: model(over),
      port: r.port,
      gpu,
      gpuCount: gpu ? 1 : 0,
    }) ?? {};

  it.each([
    ['vllm', {}, true, {}],
    ['vllm', { loadStrategy: 'pvc' as const }, true, { HF_HUB_OFFLINE: '1' }],
    [
      'tgi',
      { contextSize: 8192 },
      true,
      { MAX_TOTAL_TOKENS: '8192', MAX_INPUT_TOKENS: '7168' },
    ],
    [
      'tgi',
      { contextSize: 1024 },
      true,
      { MAX_TOTAL_TOKENS: '1024', MAX_INPUT_TOKENS: '768' },
    ],
    ['ollama', { contextSize: 8192 }, false, { OLLAMA_CONTEXT_LENGTH: '8192' }],
    ['llamacpp', {}, true, { LLAMA_ARG_N_GPU_LAYERS: '999' }],
    ['llamacpp', {}, false, { LLAMA_ARG_N_GPU_LAYERS: '0' }],
  ])('%s %j gpu=%s → %j', (id, over, gpu, expected) => {
    expect(env(rt(id), over, gpu)).toEqual(expected);
  });
});

describe('probes', () => {
  it.each([
    [
      'vllm',
      { httpGet: { path: '/health', port: 8000 } },
      { httpGet: { path: '/health', port: 8000 } },
    ],
    [
      'tgi',
      { httpGet: { path: '/health', port: 8080 } },
      { httpGet: { path: '/health', port: 8080 } },
    ],
    [
      'llamacpp',
      { httpGet: { path: '/health', port: 8080 } },
      { httpGet: { path: '/health', port: 8080 } },
    ],
    [
      'triton',
      { httpGet: { path: '/v2/health/ready', port: 8000 } },
      { httpGet: { path: '/v2/health/live', port: 8000 } },
    ],
    [
      'ollama',
      { exec: { command: ['ollama', 'show', 'org/model'] } },
      { httpGet: { path: '/', port: 11434 } },
    ],
  ])('%s: readiness %j, liveness %j', (id, readiness, liveness) => {
    const r = rt(id);
    const p = r.probes({ model: model(), port: r.port });
    expect(p.readiness).toMatchObject(readiness);
    expect(p.startup).toMatchObject(readiness);
    expect(p.liveness).toMatchObject(liveness);
  });

  it.each(builtinRuntimes.map(r => [r.id, r] as const))(
    '%s: the startup budget grows with the model size',
    (_, r) => {
      const sizes = [0.1, 5, 16, 70, 140];
      const budgets = sizes.map(sizeGb =>
        budget(r.probes({ model: model({ sizeGb }), port: r.port }).startup),
      );
      for (let i = 1; i < budgets.length; i++)
        expect(budgets[i]).toBeGreaterThan(budgets[i - 1]);
      sizes.forEach((sizeGb, i) => {
        expect(budgets[i]).toBeGreaterThanOrEqual(
          startupProbeBudgetSeconds(sizeGb),
        );
        expect(budgets[i]).toBeLessThan(startupProbeBudgetSeconds(sizeGb) + 10);
      });
    },
  );

  it.each([
    [0, 600],
    [1, 660],
    [16, 1560],
    [140, 9000],
  ])('startupProbeBudgetSeconds(%d) = %d', (size, seconds) => {
    expect(startupProbeBudgetSeconds(size)).toBe(seconds);
  });
});

describe('runtimeById', () => {
  const custom: RuntimeDefinition = {
    ...rt('vllm'),
    id: 'vllm',
    title: 'Custom vLLM',
  };

  it.each([
    ['vllm', [], 'vLLM'],
    ['vllm', [custom], 'Custom vLLM'],
    ['nope', [], undefined],
  ])('%s with %j extras', (id, extra, title) => {
    expect(runtimeById(id, extra as RuntimeDefinition[])?.title).toBe(title);
  });
});
