import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentSpec, examplePresets } from '@h-mas/plugin-hmas-common';
import { DeploymentService } from './DeploymentService';
import { PresetService } from './PresetService';

/** Deployments a development portal starts with, so every screen has something to show. */
export const demoDeployments: DeploymentSpec[] = [
  {
    name: 'demo-llama-cpu',
    description: 'Llama 3.1 8B (GGUF, Q4) on llama.cpp, CPU only',
    owner: 'group:default/platform-team',
    // Serves the example service of examples/entities.yaml (its card and Kubernetes tab).
    entityRef: 'component:default/chat-assistant',
    model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
    runtime: 'llamacpp',
    gpuMode: 'cpu',
    placement: { mode: 'zone', zone: 'cpu-only' },
  },
  {
    name: 'demo-qwen-vllm',
    description: 'Qwen2.5 7B Instruct on vLLM in the GPU High Performance zone',
    owner: 'group:default/platform-team',
    model: { preset: 'qwen2.5-7b-instruct' },
    runtime: 'vllm',
    replicas: 2,
    placement: { mode: 'zone', zone: 'gpu-high' },
  },
];

/**
 * Seeds the example presets and demo deployments that are missing, through the same services
 * every other write uses (validation, Karmada, audit). Development only (`hmas.demo.enabled`).
 *
 * @internal
 */
export async function seedDemoData(options: {
  deploymentService: DeploymentService;
  presetService: PresetService;
  logger: LoggerService;
}) {
  const { deploymentService, presetService, logger } = options;
  const ctx = { actor: 'plugin:hmas', source: 'seed' as const };
  const presets = new Set((await presetService.list()).map(p => p.name));
  for (const preset of examplePresets) {
    if (!presets.has(preset.name)) await presetService.create(preset, ctx);
  }
  const deployments = new Set(
    (await deploymentService.list()).map(d => `${d.namespace}/${d.name}`),
  );
  for (const spec of demoDeployments) {
    if (deployments.has(`default/${spec.name}`)) continue;
    try {
      await deploymentService.create(spec, ctx);
    } catch (e) {
      logger.warn(`Demo deployment ${spec.name} was not created: ${e}`);
    }
  }
}
