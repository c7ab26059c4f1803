import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentSpec, examplePresets } from '@h-mas/plugin-hmas-common';
import { DeploymentService } from './DeploymentService';
import { PresetService } from './PresetService';
import type { TeamNamespaceService } from './TeamNamespaceService';

/**
 * The team namespace a development portal starts with: the guest's research group's, so a
 * researcher's deployment goes there and the quota shows use (per member cluster).
 */
export const demoTeamNamespaces = [
  {
    name: 'ml-research',
    team: 'group:default/ml-research',
    description: 'The ML research team: experiments and model serving',
    quota: { gpu: 4, cpu: '32', memory: '128Gi', pods: 20 },
    priorityClasses: ['inference-critical', 'experiment'],
  },
];

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
  teamNamespaceService?: TeamNamespaceService;
  logger: LoggerService;
}) {
  const { deploymentService, presetService, teamNamespaceService, logger } =
    options;
  const ctx = { actor: 'plugin:hmas', source: 'seed' as const };
  if (teamNamespaceService) {
    const existing = new Set(
      (await teamNamespaceService.list()).map(n => n.name),
    );
    for (const ns of demoTeamNamespaces) {
      if (existing.has(ns.name)) continue;
      try {
        await teamNamespaceService.create(ns, ctx);
      } catch (e) {
        logger.warn(`Demo team namespace ${ns.name} was not created: ${e}`);
      }
    }
  }
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
