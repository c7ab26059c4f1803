import type { ResolvedModel } from './models';

/** Ids of the built-in serving runtimes. @public */
export const runtimeIds = [
  'vllm',
  'tgi',
  'ollama',
  'llamacpp',
  'triton',
] as const;

/** @public */
export type RuntimeId = (typeof runtimeIds)[number];

/**
 * Whether a runtime runs on GPUs: `required` (GPU mode only), `optional` (each deployment
 * chooses GPU or CPU mode) or `none` (CPU mode only).
 *
 * @public
 */
export type GpuMode = 'required' | 'optional' | 'none';

/** How a deployment gets its model weights. @public */
export type LoadStrategy = 'hf-download' | 'pvc' | 'ollama-pull' | 's3';

/** A named set of env vars a person can apply in one click. @public */
export interface EnvPreset {
  id: string;
  title: string;
  description: string;
  env: Record<string, string>;
}

/** An HTTP GET probe action (Kubernetes core/v1 `HTTPGetAction`). @public */
export interface HttpGetAction {
  path: string;
  port: number | string;
  scheme?: 'HTTP' | 'HTTPS';
}

/**
 * A container probe in the Kubernetes core/v1 `Probe` shape (the subset H-MAS writes).
 *
 * @public
 */
export interface Probe {
  httpGet?: HttpGetAction;
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold?: number;
  failureThreshold: number;
}

/** The three probes of a model server. @public */
export interface RuntimeProbes {
  startup: Probe;
  readiness: Probe;
  liveness: Probe;
}

/**
 * What a runtime's args builder needs. `env` is the final container env (runtime defaults,
 * model env, then the user's values), so a builder can turn an env preset into a flag for
 * servers that read no env for it (vLLM, Triton).
 *
 * @public
 */
export interface RuntimeArgsInput {
  model: ResolvedModel;
  port: number;
  gpu: boolean;
  /** GPUs per pod; 0 in CPU mode. */
  gpuCount: number;
  env: Record<string, string>;
}

/**
 * A model-serving runtime: image, port, how to start it and how to probe it.
 *
 * @public
 */
export interface RuntimeDefinition {
  id: string;
  title: string;
  description: string;
  /** Pinned images; CPU mode uses `cpu`, or `gpu` when the same image serves both. */
  image: { gpu: string; cpu?: string };
  port: number;
  gpuMode: GpuMode;
  /** Where the model cache volume is mounted; `envVar` is set to `mountPath`. */
  modelCache: { mountPath: string; envVar?: string };
  defaultEnv: Record<string, string>;
  envPresets: EnvPreset[];
  /** Minimum resources; the `gpu` floor applies in GPU mode only. */
  resourceFloor: { cpu: string; memory: string; gpu: number };
  /** Whether the server needs a memory-backed `/dev/shm` (NCCL, PyTorch workers). */
  needsShm: boolean;
  buildArgs(input: RuntimeArgsInput): { command?: string[]; args: string[] };
  probes(input: { model: ResolvedModel; port: number }): RuntimeProbes;
  /** Load strategies the runtime supports; the first is the default. Default `['hf-download', 'pvc']`. */
  loadStrategies?: LoadStrategy[];
  /**
   * Env derived from the model and mode (e.g. Ollama's context length), applied after
   * `defaultEnv` and before the user's env, so the user still wins.
   */
  modelEnv?(input: Omit<RuntimeArgsInput, 'env'>): Record<string, string>;
  /** Host memory the server itself needs beyond weights and KV cache, in GiB. Default 1. */
  memoryOverheadGib?: number;
  /** `sizeLimit` of `/dev/shm` when `needsShm`; counted in the memory estimate. Default `1Gi`. */
  shmSize?: string;
  /** Whether user `args` make sense for this runtime. Default true. */
  acceptsArgs?: boolean;
  /**
   * Ports beyond `port` (the HTTP API, named `http`): on the container and the Service,
   * which exposes each on the same number.
   */
  extraPorts?: Array<{ name: string; port: number }>;
  /**
   * Several GPUs of one pod run one model by tensor parallelism (NCCL between distinct
   * GPUs): they must be distinct physical GPUs, so not time-sliced ones. Default false.
   */
  tensorParallel?: boolean;
  /**
   * How the server runs under the `restricted` Pod Security Standard: the non-root user and
   * group it runs as (default {@link DEFAULT_RUNTIME_USER}), and whether its root file
   * system can be read-only (default true: `/tmp` and `HOME` are a writable `emptyDir`, the
   * model cache its volume). A runtime that cannot meet the standard says why in `exempt`.
   */
  podSecurity?: {
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    exempt?: string;
  };
  /**
   * How many full-context KV caches the server allocates for this env (Ollama allocates
   * one per parallel request). Default 1.
   */
  kvCacheSlots?(env: Record<string, string>): number;
}

/**
 * The user (and group) model servers run as: not root, so that pods pass the `restricted`
 * Pod Security Standard; the model cache is group-writable through `fsGroup`.
 *
 * @public
 */
export const DEFAULT_RUNTIME_USER = 1000;

/**
 * Where every model server's `HOME` and `/tmp` live: a writable `emptyDir`, so the root file
 * system can be read-only and servers that write under `HOME` (vLLM's compile cache, Ollama's
 * key pair) still can.
 *
 * @public
 */
export const WRITABLE_TMP_DIR = '/tmp';

/** Probe period of the startup probe, in seconds. @public */
export const STARTUP_PROBE_PERIOD_SECONDS = 10;

/**
 * Time a model server gets to download and load its model before Kubernetes restarts it:
 * `600 s + 60 s per GB` of weights. The fixed part covers CUDA initialisation, graph
 * capture and compilation; the per-GB part a download at ~17 MB/s plus loading, so a
 * 16 GB model gets 26 minutes and a 140 GB one about 2.6 hours. The startup probe's
 * `failureThreshold` is this budget divided by {@link STARTUP_PROBE_PERIOD_SECONDS}.
 *
 * @public
 */
export function startupProbeBudgetSeconds(sizeGb: number): number {
  return 600 + Math.ceil(60 * Math.max(0, sizeGb));
}

function startupProbe(action: Pick<Probe, 'httpGet' | 'exec'>, sizeGb: number) {
  return {
    ...action,
    periodSeconds: STARTUP_PROBE_PERIOD_SECONDS,
    timeoutSeconds: 5,
    failureThreshold: Math.ceil(
      startupProbeBudgetSeconds(sizeGb) / STARTUP_PROBE_PERIOD_SECONDS,
    ),
  };
}

function readinessProbe(action: Pick<Probe, 'httpGet' | 'exec'>): Probe {
  return {
    ...action,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

// A busy server can answer health checks slowly; a minute of failures before a restart
// avoids killing a replica that is only saturated.
function livenessProbe(action: Pick<Probe, 'httpGet' | 'exec'>): Probe {
  return {
    ...action,
    periodSeconds: 15,
    timeoutSeconds: 5,
    failureThreshold: 4,
  };
}

function httpProbes(
  sizeGb: number,
  port: number,
  ready: string,
  live: string,
): RuntimeProbes {
  return {
    startup: startupProbe({ httpGet: { path: ready, port } }, sizeGb),
    readiness: readinessProbe({ httpGet: { path: ready, port } }),
    liveness: livenessProbe({ httpGet: { path: live, port } }),
  };
}

const offlinePreset: EnvPreset = {
  id: 'offline',
  title: 'Offline (cache only)',
  description:
    'Never contact the Hugging Face Hub; load the model from the cache volume (air-gapped fleets).',
  env: { HF_HUB_OFFLINE: '1' },
};

// A model on a pre-loaded volume is a Hugging Face cache: offline mode makes the hub id
// resolve from it without network access.
function hfModelEnv(input: Omit<RuntimeArgsInput, 'env'>) {
  return input.model.loadStrategy === 'pvc'
    ? { HF_HUB_OFFLINE: '1' }
    : ({} as Record<string, string>);
}

/** vLLM: OpenAI-compatible server, GPU only. @public */
export const vllmRuntime: RuntimeDefinition = {
  id: 'vllm',
  title: 'vLLM',
  description:
    'High-throughput OpenAI-compatible server with paged attention; needs NVIDIA GPUs.',
  image: { gpu: 'vllm/vllm-openai:v0.11.0' },
  port: 8000,
  gpuMode: 'required',
  // Not under /root: a non-root user cannot traverse it.
  modelCache: { mountPath: '/model-cache', envVar: 'HF_HOME' },
  defaultEnv: { VLLM_NO_USAGE_STATS: '1' },
  envPresets: [
    {
      id: 'memory-headroom',
      title: 'GPU memory headroom',
      description:
        'Use 80% of GPU memory instead of 90% (--gpu-memory-utilization), for GPUs shared with other processes.',
      env: { HMAS_VLLM_GPU_MEMORY_UTILIZATION: '0.8' },
    },
    {
      id: 'high-concurrency',
      title: 'High concurrency',
      description: 'Batch up to 512 sequences at once (--max-num-seqs).',
      env: { HMAS_VLLM_MAX_NUM_SEQS: '512' },
    },
    offlinePreset,
  ],
  resourceFloor: { cpu: '4', memory: '16Gi', gpu: 1 },
  needsShm: true,
  shmSize: '2Gi',
  memoryOverheadGib: 4,
  tensorParallel: true,
  loadStrategies: ['hf-download', 'pvc'],
  modelEnv: hfModelEnv,
  // vLLM reads no env for its tuning flags, so the presets' HMAS_* values become flags.
  buildArgs({ model, port, gpuCount, env }) {
    const args = [
      model.modelId,
      '--host',
      '0.0.0.0',
      '--port',
      String(port),
      '--max-model-len',
      String(model.contextSize),
      '--gpu-memory-utilization',
      env.HMAS_VLLM_GPU_MEMORY_UTILIZATION ?? '0.9',
    ];
    if (env.HMAS_VLLM_MAX_NUM_SEQS) {
      args.push('--max-num-seqs', env.HMAS_VLLM_MAX_NUM_SEQS);
    }
    if (gpuCount > 1) args.push('--tensor-parallel-size', String(gpuCount));
    // The image's entrypoint changed across releases; naming it keeps the args valid.
    return { command: ['vllm', 'serve'], args };
  },
  probes: ({ model, port }) =>
    httpProbes(model.sizeGb, port, '/health', '/health'),
};

/** Hugging Face Text Generation Inference, GPU only. @public */
export const tgiRuntime: RuntimeDefinition = {
  id: 'tgi',
  title: 'Hugging Face TGI',
  description:
    'Hugging Face Text Generation Inference (maintenance mode upstream); needs NVIDIA GPUs.',
  image: { gpu: 'ghcr.io/huggingface/text-generation-inference:3.3.4' },
  // Not the image's 80: a non-root server cannot bind a port below 1024.
  port: 8080,
  gpuMode: 'required',
  modelCache: { mountPath: '/data', envVar: 'HF_HOME' },
  defaultEnv: {},
  envPresets: [
    {
      id: 'high-concurrency',
      title: 'High concurrency',
      description: 'Accept up to 256 concurrent requests (default 128).',
      env: { MAX_CONCURRENT_REQUESTS: '256' },
    },
    offlinePreset,
  ],
  resourceFloor: { cpu: '4', memory: '12Gi', gpu: 1 },
  needsShm: true,
  shmSize: '1Gi',
  memoryOverheadGib: 2,
  // --num-shard splits the model over the GPUs with NCCL.
  tensorParallel: true,
  loadStrategies: ['hf-download', 'pvc'],
  // TGI's launcher reads every flag from env as well, so token limits go in env where a
  // user value can replace them; on the command line they would win over the env.
  modelEnv(input) {
    const total = input.model.contextSize;
    const reservedForOutput = Math.min(1024, Math.floor(total / 4));
    return {
      ...hfModelEnv(input),
      MAX_TOTAL_TOKENS: String(total),
      MAX_INPUT_TOKENS: String(total - reservedForOutput),
    };
  },
  buildArgs({ model, port, gpuCount }) {
    // --hostname explicitly: the launcher reads HOSTNAME, which Kubernetes sets to the pod name.
    const args = [
      '--model-id',
      model.modelId,
      '--hostname',
      '0.0.0.0',
      '--port',
      String(port),
    ];
    if (gpuCount > 1) args.push('--num-shard', String(gpuCount));
    return { args };
  },
  probes: ({ model, port }) =>
    httpProbes(model.sizeGb, port, '/health', '/health'),
};

// The server starts before the model exists, so the model is pulled once it answers; if
// the pull fails the container exits and Kubernetes retries. The trap forwards SIGTERM
// because a shell running as PID 1 ignores it.
const OLLAMA_PULL_SCRIPT = [
  'ollama serve &',
  'server=$!',
  `trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit 143' TERM INT`,
  'until ollama list >/dev/null 2>&1; do',
  '  kill -0 "$server" 2>/dev/null || exit 1',
  '  sleep 1',
  'done',
  'ollama pull "$1" || { kill -TERM "$server"; exit 1; }',
  'wait "$server"',
  '',
].join('\n');

/** Ollama: one image for CPU and NVIDIA GPUs; the model is pulled at start. @public */
export const ollamaRuntime: RuntimeDefinition = {
  id: 'ollama',
  title: 'Ollama',
  description:
    'Simple server for quantized models from the Ollama library; runs on CPU or GPU.',
  image: { gpu: 'ollama/ollama:0.12.3', cpu: 'ollama/ollama:0.12.3' },
  port: 11434,
  gpuMode: 'optional',
  // Not under /root: a non-root user cannot traverse it.
  modelCache: { mountPath: '/model-cache', envVar: 'OLLAMA_MODELS' },
  // A dedicated server keeps its model loaded; the 5-minute default unloads it when idle.
  defaultEnv: { OLLAMA_HOST: '0.0.0.0:11434', OLLAMA_KEEP_ALIVE: '-1' },
  envPresets: [
    {
      id: 'parallel-4',
      title: 'Parallel requests: 4',
      description:
        'Serve 4 requests at once; each gets its own context, so the KV cache (and memory) grows 4×.',
      env: { OLLAMA_NUM_PARALLEL: '4' },
    },
    {
      id: 'flash-attention',
      title: 'Flash attention',
      description: 'Enable flash attention: less memory for long contexts.',
      env: { OLLAMA_FLASH_ATTENTION: '1' },
    },
    {
      id: 'kv-cache-q8',
      title: 'Quantized KV cache (q8_0)',
      description:
        'Halve the KV cache with 8-bit quantization (needs flash attention, enabled too).',
      env: { OLLAMA_FLASH_ATTENTION: '1', OLLAMA_KV_CACHE_TYPE: 'q8_0' },
    },
    {
      id: 'unload-when-idle',
      title: 'Unload when idle',
      description:
        'Unload the model after 5 idle minutes (frees GPU memory; the next request is slow).',
      env: { OLLAMA_KEEP_ALIVE: '5m' },
    },
    {
      id: 'single-model',
      title: 'One model in memory',
      description: 'Never keep more than one model loaded.',
      env: { OLLAMA_MAX_LOADED_MODELS: '1' },
    },
  ],
  resourceFloor: { cpu: '2', memory: '4Gi', gpu: 1 },
  needsShm: false,
  memoryOverheadGib: 1,
  acceptsArgs: false,
  loadStrategies: ['ollama-pull', 'pvc'],
  // Set explicitly: the default context length has changed between Ollama releases.
  modelEnv: ({ model }) => ({
    OLLAMA_CONTEXT_LENGTH: String(model.contextSize),
  }),
  kvCacheSlots: env => {
    const n = Number(env.OLLAMA_NUM_PARALLEL);
    return Number.isInteger(n) && n > 1 ? n : 1;
  },
  buildArgs({ model }) {
    if (model.loadStrategy === 'pvc') return { args: ['serve'] };
    return {
      command: ['/bin/sh', '-c'],
      args: [OLLAMA_PULL_SCRIPT, 'ollama-serve-and-pull', model.modelId],
    };
  },
  probes({ model, port }) {
    // The server answers before the model exists; `ollama show` fails until it is pulled.
    const modelPresent = {
      exec: { command: ['ollama', 'show', model.modelId] },
    };
    return {
      startup: startupProbe(modelPresent, model.sizeGb),
      readiness: readinessProbe(modelPresent),
      liveness: livenessProbe({ httpGet: { path: '/', port } }),
    };
  },
};

const LLAMA_CACHE_DIR = '/models';

/** llama.cpp `llama-server`: GGUF models on CPU or GPU. @public */
export const llamacppRuntime: RuntimeDefinition = {
  id: 'llamacpp',
  title: 'llama.cpp',
  description:
    'llama.cpp server for GGUF models; CPU image, or CUDA with all layers offloaded.',
  image: {
    gpu: 'ghcr.io/ggml-org/llama.cpp:server-cuda-b6700',
    cpu: 'ghcr.io/ggml-org/llama.cpp:server-b6700',
  },
  port: 8080,
  gpuMode: 'optional',
  modelCache: { mountPath: LLAMA_CACHE_DIR, envVar: 'LLAMA_CACHE' },
  defaultEnv: {},
  envPresets: [
    {
      id: 'parallel-4',
      title: 'Parallel slots: 4',
      description:
        'Serve 4 requests at once; the context size is split between the slots.',
      env: { LLAMA_ARG_N_PARALLEL: '4' },
    },
    {
      id: 'threads-8',
      title: '8 CPU threads',
      description: 'Use 8 threads for generation (match the CPU request).',
      env: { LLAMA_ARG_THREADS: '8' },
    },
    {
      id: 'partial-offload',
      title: 'Partial GPU offload',
      description:
        'Offload only 20 layers to the GPU, for models larger than GPU memory.',
      env: { LLAMA_ARG_N_GPU_LAYERS: '20' },
    },
    {
      id: 'metrics',
      title: 'Prometheus metrics',
      description: 'Expose /metrics.',
      env: { LLAMA_ARG_ENDPOINT_METRICS: '1' },
    },
  ],
  resourceFloor: { cpu: '2', memory: '2Gi', gpu: 1 },
  needsShm: false,
  memoryOverheadGib: 0.5,
  loadStrategies: ['hf-download', 'pvc'],
  // Layer offload through env, not a flag, so the partial-offload preset can replace it.
  modelEnv: ({ gpu }) => ({ LLAMA_ARG_N_GPU_LAYERS: gpu ? '999' : '0' }),
  buildArgs({ model, port }) {
    const source =
      model.loadStrategy === 'pvc'
        ? ['--model', `${LLAMA_CACHE_DIR}/${model.hfFile ?? model.modelId}`]
        : [
            '--hf-repo',
            model.hfRepo ?? model.modelId,
            ...(model.hfFile ? ['--hf-file', model.hfFile] : []),
          ];
    // --port always: the default port is announced to change.
    return {
      args: [
        ...source,
        '--host',
        '0.0.0.0',
        '--port',
        String(port),
        '--ctx-size',
        String(model.contextSize),
      ],
    };
  },
  probes: ({ model, port }) =>
    httpProbes(model.sizeGb, port, '/health', '/health'),
};

/** Triton's gRPC port, on the container and the Service. @public */
export const TRITON_GRPC_PORT = 8001;

/** NVIDIA Triton Inference Server over a model repository. @public */
export const tritonRuntime: RuntimeDefinition = {
  id: 'triton',
  title: 'NVIDIA Triton',
  description:
    'Triton Inference Server serving a pre-loaded model repository (ONNX, PyTorch, Python backends) on CPU or GPU.',
  // The -py3 image carries the CUDA and CPU backends alike; LLMs belong on the vLLM runtime.
  image: {
    gpu: 'nvcr.io/nvidia/tritonserver:25.08-py3',
    cpu: 'nvcr.io/nvidia/tritonserver:25.08-py3',
  },
  port: 8000,
  gpuMode: 'optional',
  modelCache: { mountPath: '/models' },
  defaultEnv: {},
  envPresets: [
    {
      id: 'verbose-logs',
      title: 'Verbose logs',
      description:
        'Log model loading and requests in detail (--log-verbose=1).',
      env: { HMAS_TRITON_LOG_VERBOSE: '1' },
    },
  ],
  resourceFloor: { cpu: '2', memory: '4Gi', gpu: 1 },
  // The Python backend and model instances exchange tensors through /dev/shm; the
  // container runtime's 64 MB default fails on the first large batch.
  needsShm: true,
  shmSize: '2Gi',
  memoryOverheadGib: 1,
  extraPorts: [{ name: 'grpc', port: TRITON_GRPC_PORT }],
  // A Triton model needs a repository with config.pbtxt; only a pre-loaded volume has one.
  loadStrategies: ['pvc'],
  buildArgs({ port, env }) {
    const args = [
      '--model-repository=/models',
      '--model-control-mode=none',
      '--strict-readiness=true',
      `--http-port=${port}`,
      `--grpc-port=${TRITON_GRPC_PORT}`,
      '--metrics-port=8002',
    ];
    if (env.HMAS_TRITON_LOG_VERBOSE) {
      args.push(`--log-verbose=${env.HMAS_TRITON_LOG_VERBOSE}`);
    }
    return { command: ['tritonserver'], args };
  },
  probes: ({ model, port }) =>
    httpProbes(model.sizeGb, port, '/v2/health/ready', '/v2/health/live'),
};

/**
 * The built-in runtimes, in display order.
 *
 * @public
 */
export const builtinRuntimes: RuntimeDefinition[] = [
  vllmRuntime,
  tgiRuntime,
  ollamaRuntime,
  llamacppRuntime,
  tritonRuntime,
];

/**
 * A runtime by id: one of `extra` (runtimes added by other modules) first, so a module can
 * replace a built-in, then the built-ins.
 *
 * @public
 */
export function runtimeById(
  id: string,
  extra: RuntimeDefinition[] = [],
): RuntimeDefinition | undefined {
  return extra.find(r => r.id === id) ?? builtinRuntimes.find(r => r.id === id);
}

/** Load strategies that download nothing: usable offline. @public */
export const OFFLINE_LOAD_STRATEGIES: readonly LoadStrategy[] = ['pvc', 's3'];

/**
 * The load strategy a deployment gets when it names none: the runtime's first, or offline
 * its first that downloads nothing (`pvc`), since an offline cluster cannot reach the hub.
 *
 * @public
 */
export function defaultLoadStrategy(
  runtime: RuntimeDefinition,
  offline = false,
): LoadStrategy {
  const strategies = runtimeLoadStrategies(runtime);
  if (!offline) return strategies[0];
  return strategies.find(s => OFFLINE_LOAD_STRATEGIES.includes(s)) ?? 'pvc';
}

/**
 * The load strategies a runtime supports; the first is its default.
 *
 * @public
 */
export function runtimeLoadStrategies(
  runtime: RuntimeDefinition,
): LoadStrategy[] {
  return runtime.loadStrategies ?? ['hf-download', 'pvc'];
}
