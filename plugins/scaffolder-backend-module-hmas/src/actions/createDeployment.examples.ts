import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample('Deploy a model preset on vLLM in the GPU High zone', {
    id: 'deploy',
    action: 'hmas:deployment:create',
    name: 'Deploy the model',
    input: {
      name: 'qwen-chat',
      namespace: 'ml-team',
      owner: 'group:default/ml-team',
      model: { preset: 'qwen2.5-0.5b-instruct' },
      runtime: 'vllm',
      resources: { gpu: 1 },
      replicas: 2,
      placement: { mode: 'zone', zone: 'gpu-high' },
    },
  }),
  actionExample(
    'Deploy a custom GGUF model on llama.cpp on named clusters, with env and a model cache',
    {
      id: 'deploy',
      action: 'hmas:deployment:create',
      name: 'Deploy the model',
      input: {
        name: 'tinyllama',
        model: {
          modelId: 'tinyllama-1.1b',
          hfRepo: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF',
          hfFile: 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf',
          sizeGb: 1,
        },
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        placement: {
          mode: 'clusters',
          clusters: ['cpu-oregon', 'gpu-gen-frankfurt'],
        },
        env: { LLAMA_ARG_THREADS: '4' },
        storage: { size: '10Gi' },
      },
    },
  ),
];
