import type { LoadStrategy, RuntimeId } from './runtimes';

/**
 * A curated model: where it comes from, how big it is and which runtimes serve it.
 *
 * @public
 */
export interface ModelPreset {
  id: string;
  title: string;
  source: 'huggingface' | 'ollama';
  /** Hub id (vLLM, TGI, Triton), Ollama name, or for GGUF the repository. */
  modelId: string;
  /** GGUF repository and file for llama.cpp (`--hf-repo`/`--hf-file`). */
  hfRepo?: string;
  hfFile?: string;
  /** Size of the weights in GB (10^9 bytes), as the hub lists it. */
  sizeGb: number;
  /** Parameters in billions. */
  parametersB: number;
  defaultRuntime: RuntimeId;
  runtimes: RuntimeId[];
  /** The least host memory the model runs in, as a quantity. */
  minMemory: string;
  gpuMemoryGb?: number;
  /** Context the preset deploys with; bounded so the KV cache stays small. */
  defaultContext: number;
  /**
   * KV cache per token of context in KiB at 16 bits: layers × KV heads × head size × 2 (K and
   * V) × 2 bytes. Known per model; custom models use {@link fallbackKvCacheKiBPerToken}.
   */
  kvCacheKiBPerToken?: number;
  /** Whether the hub requires accepting a licence (the pods need an HF token). */
  gated?: boolean;
}

/**
 * The curated model presets.
 *
 * @public
 */
export const modelPresets: ModelPreset[] = [
  {
    id: 'llama-3.1-8b-instruct',
    title: 'Llama 3.1 8B Instruct',
    source: 'huggingface',
    modelId: 'meta-llama/Llama-3.1-8B-Instruct',
    sizeGb: 16.1,
    parametersB: 8.03,
    defaultRuntime: 'vllm',
    runtimes: ['vllm', 'tgi'],
    minMemory: '20Gi',
    gpuMemoryGb: 24,
    defaultContext: 8192,
    kvCacheKiBPerToken: 128,
    gated: true,
  },
  {
    id: 'qwen2.5-7b-instruct',
    title: 'Qwen2.5 7B Instruct',
    source: 'huggingface',
    modelId: 'Qwen/Qwen2.5-7B-Instruct',
    sizeGb: 15.2,
    parametersB: 7.62,
    defaultRuntime: 'vllm',
    runtimes: ['vllm', 'tgi'],
    minMemory: '18Gi',
    gpuMemoryGb: 24,
    defaultContext: 8192,
    kvCacheKiBPerToken: 56,
  },
  {
    id: 'mistral-7b-instruct-v0.3',
    title: 'Mistral 7B Instruct v0.3',
    source: 'huggingface',
    modelId: 'mistralai/Mistral-7B-Instruct-v0.3',
    sizeGb: 14.5,
    parametersB: 7.25,
    defaultRuntime: 'vllm',
    runtimes: ['vllm', 'tgi'],
    minMemory: '18Gi',
    gpuMemoryGb: 24,
    defaultContext: 8192,
    kvCacheKiBPerToken: 128,
    gated: true,
  },
  {
    id: 'qwen2.5-0.5b-instruct',
    title: 'Qwen2.5 0.5B Instruct',
    source: 'huggingface',
    modelId: 'Qwen/Qwen2.5-0.5B-Instruct',
    sizeGb: 0.99,
    parametersB: 0.49,
    defaultRuntime: 'vllm',
    runtimes: ['vllm', 'tgi'],
    minMemory: '2Gi',
    gpuMemoryGb: 4,
    defaultContext: 8192,
    kvCacheKiBPerToken: 12,
  },
  {
    id: 'llama-3.1-8b-instruct-gguf-q4',
    title: 'Llama 3.1 8B Instruct GGUF (Q4_K_M)',
    source: 'huggingface',
    modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    sizeGb: 4.92,
    parametersB: 8.03,
    defaultRuntime: 'llamacpp',
    runtimes: ['llamacpp'],
    minMemory: '6Gi',
    gpuMemoryGb: 8,
    // The model supports 128K; at that context the KV cache alone is 16 GiB.
    defaultContext: 8192,
    kvCacheKiBPerToken: 128,
  },
  {
    id: 'phi-3-mini-4k-instruct-gguf',
    title: 'Phi-3 mini 4K Instruct GGUF (Q4)',
    source: 'huggingface',
    modelId: 'microsoft/Phi-3-mini-4k-instruct-gguf',
    hfRepo: 'microsoft/Phi-3-mini-4k-instruct-gguf',
    hfFile: 'Phi-3-mini-4k-instruct-q4.gguf',
    sizeGb: 2.39,
    parametersB: 3.82,
    defaultRuntime: 'llamacpp',
    runtimes: ['llamacpp'],
    minMemory: '4Gi',
    gpuMemoryGb: 4,
    defaultContext: 4096,
    // No grouped-query attention: 32 layers × 32 heads × 96.
    kvCacheKiBPerToken: 384,
  },
  {
    id: 'ollama-llama3.1-8b',
    title: 'Llama 3.1 8B (Ollama)',
    source: 'ollama',
    modelId: 'llama3.1:8b',
    sizeGb: 4.9,
    parametersB: 8.03,
    defaultRuntime: 'ollama',
    runtimes: ['ollama'],
    minMemory: '6Gi',
    gpuMemoryGb: 8,
    defaultContext: 8192,
    kvCacheKiBPerToken: 128,
  },
  {
    id: 'ollama-qwen2.5-7b',
    title: 'Qwen2.5 7B (Ollama)',
    source: 'ollama',
    modelId: 'qwen2.5:7b',
    sizeGb: 4.7,
    parametersB: 7.62,
    defaultRuntime: 'ollama',
    runtimes: ['ollama'],
    minMemory: '6Gi',
    gpuMemoryGb: 8,
    defaultContext: 8192,
    kvCacheKiBPerToken: 56,
  },
  {
    id: 'all-minilm-l6-v2',
    title: 'all-MiniLM-L6-v2 embeddings (Triton)',
    source: 'huggingface',
    modelId: 'sentence-transformers/all-MiniLM-L6-v2',
    sizeGb: 0.09,
    parametersB: 0.023,
    defaultRuntime: 'triton',
    runtimes: ['triton'],
    minMemory: '1Gi',
    gpuMemoryGb: 1,
    defaultContext: 256,
    // An encoder: no KV cache.
    kvCacheKiBPerToken: 0,
  },
];

/**
 * A model preset by id.
 *
 * @public
 */
export function modelPresetById(id: string): ModelPreset | undefined {
  return modelPresets.find(p => p.id === id);
}

/**
 * The model a deployment serves, with its context and load strategy decided.
 *
 * @public
 */
export interface ResolvedModel {
  /** The preset id, or `custom` for a model given by id. */
  id: string;
  title: string;
  modelId: string;
  hfRepo?: string;
  hfFile?: string;
  sizeGb: number;
  contextSize: number;
  loadStrategy: LoadStrategy;
}

/**
 * KV cache per token for a model without architecture data, in KiB: 64 KiB per billion
 * parameters, with parameters estimated from the file size (2 bytes each, or 0.6 for
 * quantized GGUF/Ollama weights). Deliberately high (Llama 3.1 8B really needs 128 KiB,
 * this gives 512): too much memory is cheaper than an OOMKill.
 *
 * @public
 */
export function fallbackKvCacheKiBPerToken(
  sizeGb: number,
  quantized: boolean,
): number {
  const parametersB = sizeGb / (quantized ? 0.6 : 2);
  return Math.ceil(64 * parametersB);
}

const GIB = 2 ** 30;

/**
 * Host memory a model server needs, in GiB (not rounded): weights × 1.2 + KV cache for the
 * context (× the server's parallel slots) + the runtime's overhead + its `/dev/shm`. In GPU
 * mode the weights and KV cache live on the GPU, but loading stages the weights through host
 * memory and the engine keeps host buffers, so the same estimate stays a safe bound.
 *
 * @public
 */
export function estimateMemoryGib(input: {
  sizeGb: number;
  contextSize: number;
  kvCacheKiBPerToken: number;
  kvCacheSlots?: number;
  overheadGib: number;
  shmGib?: number;
}): number {
  const weights = (input.sizeGb * 1e9 * 1.2) / GIB;
  const kvCache =
    (input.contextSize *
      input.kvCacheKiBPerToken *
      1024 *
      (input.kvCacheSlots ?? 1)) /
    GIB;
  return weights + kvCache + input.overheadGib + (input.shmGib ?? 0);
}
