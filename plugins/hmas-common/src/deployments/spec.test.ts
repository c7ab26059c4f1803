import { formatZodError } from '../errors';
import {
  canonicalEntityRef,
  createDeploymentSpecSchema,
  deploymentSpecSchema,
  isSecretLikeEnvName,
  DeploymentSpec,
  effectiveGpuMode,
  entityRefLabelValue,
} from './spec';

const base: DeploymentSpec = {
  name: 'chat',
  model: { preset: 'qwen2.5-7b-instruct' },
  runtime: 'vllm',
  placement: { mode: 'zone', zone: 'gpu-high' },
};

const ollama: DeploymentSpec = {
  ...base,
  model: { preset: 'ollama-llama3.1-8b' },
  runtime: 'ollama',
};

function error(spec: unknown): string | undefined {
  const result = deploymentSpecSchema.safeParse(spec);
  return result.success ? undefined : formatZodError(result.error);
}

const NAME_MESSAGE =
  'Name must start with a lowercase letter, contain only lowercase letters, digits and -, and end with a letter or digit';

describe('deploymentSpecSchema', () => {
  it('applies defaults', () => {
    expect(deploymentSpecSchema.parse(base)).toEqual({
      ...base,
      namespace: 'default',
      replicas: 1,
      priorityClassName: 'inference-critical',
      env: {},
      storage: {},
    });
  });

  it.each([
    ['a 40-character name', { ...base, name: 'a'.repeat(40) }],
    [
      'a CPU Ollama in the CPU Only zone',
      { ...ollama, placement: { mode: 'zone', zone: 'cpu-only' } },
    ],
    ['an Ollama in GPU mode by default', { ...ollama, resources: { gpu: 2 } }],
    ['a custom model', { ...base, model: { modelId: 'org/m', sizeGb: 3 } }],
    [
      'a custom GGUF',
      {
        ...base,
        runtime: 'llamacpp',
        model: { modelId: 'org/m-GGUF', hfFile: 'm.gguf', sizeGb: 3 },
      },
    ],
    [
      'Triton on an existing PVC',
      {
        ...base,
        runtime: 'triton',
        model: { preset: 'all-minilm-l6-v2' },
        storage: { existingPvc: 'repo.v1' },
      },
    ],
    [
      'named clusters',
      { ...base, placement: { mode: 'clusters', clusters: ['a', 'b'] } },
    ],
    ['a storage size', { ...base, storage: { size: '100Gi' } }],
    [
      '50 env vars',
      {
        ...base,
        env: Object.fromEntries(
          Array.from({ length: 50 }, (_, i) => [`V${i}`, 'x']),
        ),
      },
    ],
  ])('accepts %s', (_, spec) => {
    expect(error(spec)).toBeUndefined();
  });

  it.each([
    ['an upper-case name', { ...base, name: 'Chat' }, `name: ${NAME_MESSAGE}`],
    [
      'a name starting with a digit',
      { ...base, name: '1chat' },
      `name: ${NAME_MESSAGE}`,
    ],
    [
      'a name ending with -',
      { ...base, name: 'chat-' },
      `name: ${NAME_MESSAGE}`,
    ],
    [
      'a 41-character name',
      { ...base, name: 'a'.repeat(41) },
      'name: Name must be at most 40 characters',
    ],
    [
      'a bad namespace',
      { ...base, namespace: 'Team_A' },
      'namespace: Namespace must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
    ],
    [
      'a bad env name',
      { ...base, env: { '1BAD': 'x' } },
      'env.1BAD: Env names must start with a letter or _ and contain only letters, digits and _',
    ],
    [
      '51 env vars',
      {
        ...base,
        env: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`V${i}`, 'x']),
        ),
      },
      'env: At most 50 env vars',
    ],
    [
      'a bad memory quantity',
      { ...base, resources: { memory: '16GB' } },
      'resources.memory: Must be a positive Kubernetes quantity such as 4, 500m or 16Gi',
    ],
    [
      'a zero CPU',
      { ...base, resources: { cpu: '0' } },
      'resources.cpu: Must be a positive Kubernetes quantity such as 4, 500m or 16Gi',
    ],
    [
      'a bad storage size',
      { ...base, storage: { size: 'lots' } },
      'storage.size: Must be a positive Kubernetes quantity such as 4, 500m or 16Gi',
    ],
    [
      '17 GPUs',
      { ...base, resources: { gpu: 17 } },
      'resources.gpu: GPU count must be between 0 and 16',
    ],
    [
      '-1 GPUs',
      { ...base, resources: { gpu: -1 } },
      'resources.gpu: GPU count must be between 0 and 16',
    ],
    [
      '1.5 GPUs',
      { ...base, resources: { gpu: 1.5 } },
      'resources.gpu: GPU count must be a whole number',
    ],
    [
      'a bad GPU type',
      { ...base, resources: { gpuType: 'h100!' } },
      'resources.gpuType: Value must consist of alphanumerics, -, _ or ., starting and ending with an alphanumeric',
    ],
    [
      '0 replicas',
      { ...base, replicas: 0 },
      'replicas: Replicas must be between 1 and 50',
    ],
    [
      '51 replicas',
      { ...base, replicas: 51 },
      'replicas: Replicas must be between 1 and 50',
    ],
    [
      'vLLM in the CPU Only zone',
      { ...base, placement: { mode: 'zone', zone: 'cpu-only' } },
      'placement.zone: vLLM needs GPUs; the CPU Only zone has none',
    ],
    [
      'TGI in the CPU Only zone',
      {
        ...base,
        runtime: 'tgi',
        placement: { mode: 'zone', zone: 'cpu-only' },
      },
      'placement.zone: Hugging Face TGI needs GPUs; the CPU Only zone has none',
    ],
    [
      'GPU-mode Ollama in the CPU Only zone',
      {
        ...ollama,
        gpuMode: 'gpu',
        placement: { mode: 'zone', zone: 'cpu-only' },
      },
      'placement.zone: Ollama needs GPUs; the CPU Only zone has none',
    ],
    [
      'vLLM in CPU mode',
      { ...base, gpuMode: 'cpu' },
      'gpuMode: vLLM needs GPUs; it has no CPU mode',
    ],
    [
      'CPU mode with GPUs',
      { ...ollama, gpuMode: 'cpu', resources: { gpu: 1 } },
      'resources.gpu: CPU mode takes no GPUs: set 0 or choose GPU mode',
    ],
    [
      'CPU mode with a GPU type',
      { ...ollama, gpuMode: 'cpu', resources: { gpuType: 'h100' } },
      'resources.gpuType: CPU mode takes no GPU type',
    ],
    [
      'an unknown preset',
      { ...base, model: { preset: 'gpt-5' } },
      'model.preset: Unknown model preset "gpt-5"',
    ],
    [
      'a preset the runtime cannot serve',
      { ...base, runtime: 'ollama', model: { preset: 'qwen2.5-7b-instruct' } },
      'runtime: Qwen2.5 7B Instruct does not run on Ollama; use vLLM, Hugging Face TGI',
    ],
    [
      'no model',
      { ...base, model: {} },
      'model: Choose a model preset or give a modelId',
    ],
    [
      'a custom model without size',
      { ...base, model: { modelId: 'org/m' } },
      'model.sizeGb: Give the size of a custom model: memory and the startup probe are sized from it',
    ],
    [
      'a custom GGUF without file',
      {
        ...base,
        runtime: 'llamacpp',
        model: { modelId: 'org/m-GGUF', sizeGb: 3 },
      },
      'model.hfFile: llama.cpp needs the GGUF file name (hfFile)',
    ],
    [
      'a context too large',
      {
        ...base,
        model: { preset: 'qwen2.5-7b-instruct', contextSize: 262144 },
      },
      'model.contextSize: Number must be less than or equal to 131072',
    ],
    [
      'duplicate clusters',
      { ...base, placement: { mode: 'clusters', clusters: ['a', 'b', 'a'] } },
      'placement.clusters: Cluster a is listed twice',
    ],
    [
      'no clusters',
      { ...base, placement: { mode: 'clusters', clusters: [] } },
      'placement.clusters: Choose at least one cluster',
    ],
    [
      'a bad cluster name',
      { ...base, placement: { mode: 'clusters', clusters: ['Member_1'] } },
      'placement.clusters.0: Cluster name must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
    ],
    [
      'the unclassified zone',
      { ...base, placement: { mode: 'zone', zone: 'unclassified' } },
      "placement.zone: Invalid enum value. Expected 'gpu-high' | 'gpu-general' | 'cpu-only', received 'unclassified'",
    ],
    [
      'an unsupported load strategy',
      { ...base, loadStrategy: 'ollama-pull' },
      'loadStrategy: vLLM cannot load models by ollama-pull; use hf-download or pvc',
    ],
    [
      's3 loading (not supported yet)',
      { ...base, loadStrategy: 's3' },
      'loadStrategy: vLLM cannot load models by s3; use hf-download or pvc',
    ],
    [
      'PVC loading without a PVC',
      { ...base, loadStrategy: 'pvc' },
      'storage.existingPvc: Loading from a PVC needs the pre-loaded volume: set storage.existingPvc',
    ],
    [
      'Triton without a model repository',
      { ...base, runtime: 'triton', model: { preset: 'all-minilm-l6-v2' } },
      'storage.existingPvc: Loading from a PVC needs the pre-loaded volume: set storage.existingPvc',
    ],
    [
      'a bad existing PVC name',
      { ...base, storage: { existingPvc: 'My_PVC' } },
      'storage.existingPvc: PVC name must be a DNS-1123 subdomain: lowercase letters, digits, - and ., starting and ending with a letter or digit',
    ],
    [
      'both a size and an existing PVC',
      { ...base, storage: { size: '10Gi', existingPvc: 'cache' } },
      "storage: Unrecognized key(s) in object: 'size'",
    ],
    [
      'args for Ollama',
      { ...ollama, args: ['--verbose'] },
      'args: Ollama takes no server arguments; use env',
    ],
    [
      'a bad owner',
      { ...base, owner: 'not a ref' },
      'owner: Owner must be an entity ref such as group:default/ml-team',
    ],
    [
      'an unknown field',
      { ...base, image: 'x' },
      "Unrecognized key(s) in object: 'image'",
    ],
  ])('rejects %s', (_, spec, message) => {
    expect(error(spec)).toBe(message);
  });
});

describe('effectiveGpuMode', () => {
  it.each([
    ['required', {}, 'gpu'],
    ['none', {}, 'cpu'],
    ['optional', {}, 'gpu'],
    ['optional', { placement: { mode: 'zone', zone: 'cpu-only' } }, 'cpu'],
    ['optional', { placement: { mode: 'zone', zone: 'gpu-high' } }, 'gpu'],
    ['optional', { resources: { gpu: 0 } }, 'cpu'],
    [
      'optional',
      {
        gpuMode: 'gpu' as const,
        placement: { mode: 'zone', zone: 'cpu-only' },
      },
      'gpu',
    ],
    ['required', { gpuMode: 'cpu' as const }, 'cpu'],
  ] as const)('%s runtime with %j runs on %s', (mode, spec, expected) => {
    expect(effectiveGpuMode(mode, spec)).toBe(expected);
  });
});

describe('entity refs of the served catalog entity', () => {
  it.each([
    [
      'component:default/chat',
      'component:default/chat',
      'component.default.chat',
    ],
    ['Component:Chat', 'component:default/chat', 'component.default.chat'],
    ['api:ml/infer.v1', 'api:ml/infer.v1', 'api.ml.infer.v1'],
  ])('%s → %s, label %s', (ref, canonical, label) => {
    expect(canonicalEntityRef(ref)).toBe(canonical);
    expect(entityRefLabelValue(ref)).toBe(label);
  });

  const parse = (entityRef: string) =>
    deploymentSpecSchema.safeParse({
      name: 'chat',
      model: { preset: 'phi-3-mini-4k-instruct-gguf' },
      runtime: 'llamacpp',
      placement: { mode: 'zone', zone: 'cpu-only' },
      entityRef,
    });

  it('accepts a kinded entity ref and stores it canonical', () => {
    const result = parse('Component:Chat-Assistant');
    expect(result.success && result.data.entityRef).toBe(
      'component:default/chat-assistant',
    );
  });

  it.each([
    ['chat-assistant', 'entityRef: Entity ref must look like'],
    ['component:default/a b', 'entityRef: Entity ref must look like'],
    [
      `component:default/${'x'.repeat(60)}`,
      'entityRef: Entity ref is too long',
    ],
  ])('refuses %s', (entityRef, expected) => {
    const result = parse(entityRef);
    const issues = result.success
      ? []
      : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
    expect(issues.join('\n')).toContain(expected);
  });
});

describe('secret env values', () => {
  const spec = (env: Record<string, unknown>) => ({
    name: 'chat',
    model: { preset: 'phi-3-mini-4k-instruct-gguf' },
    runtime: 'llamacpp',
    placement: { mode: 'zone', zone: 'gpu-general' },
    env,
  });
  const issues = (env: Record<string, unknown>) => {
    const r = deploymentSpecSchema.safeParse(spec(env));
    return r.success
      ? []
      : r.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
  };

  it.each([
    ['HF_TOKEN', true],
    ['GITHUB_TOKEN', true],
    ['OPENAI_API_KEY', true],
    ['aws_secret_key', true],
    ['DB_PASSWORD', true],
    ['PASSWORD_FILE', true],
    ['CLIENT_SECRET', true],
    ['LOG_LEVEL', false],
    ['TOKENIZER', false],
    ['KEY_PREFIX', false],
    ['OLLAMA_KEEP_ALIVE', false],
  ])('%s looks like a secret: %s', (name, secretLike) => {
    expect(isSecretLikeEnvName(name)).toBe(secretLike);
    expect(issues({ [name]: 'x' })).toEqual(
      secretLike
        ? [
            `env.${name}: ${name} looks like a secret: enter it as a secret (stored in a Kubernetes Secret) or reference an existing Secret, not as a plain value`,
          ]
        : [],
    );
    expect(issues({ [name]: { secret: 'x' } })).toEqual([]);
    expect(
      issues({ [name]: { secretKeyRef: { name: 'team-hf', key: 'token' } } }),
    ).toEqual([]);
  });

  it.each([
    [{ secret: '' }, 'Enter the secret value'],
    [{ secretKeyRef: { name: 'Bad_Name', key: 'k' } }, 'Secret name'],
    [{ secretKeyRef: { name: 'ok', key: 'a/b' } }, 'Secret keys contain only'],
    [{ secretKeyRef: { name: 'ok' } }, 'An env value is a string'],
    [{ secret: 'x', extra: 1 }, "Unrecognized key(s) in object: 'extra'"],
    [42, 'An env value is a string'],
  ])('refuses the env value %j', (value, message) => {
    const found = issues({ X: value });
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(message);
  });

  it('accepts plain secret values only when planning a stored spec', () => {
    expect(
      createDeploymentSpecSchema([], {
        allowPlainSecretValues: true,
      }).safeParse(spec({ HF_TOKEN: 'hf_x' })).success,
    ).toBe(true);
  });
});
