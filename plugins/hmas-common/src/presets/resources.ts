import { RuntimeDefinition, runtimeById } from '../deployments/runtimes';
import { DeploymentSpec, effectiveGpuMode } from '../deployments/spec';
import { PresetResourceProfile, PresetSpec } from './preset';

/**
 * The resource profile of a preset for one runtime, if it has one.
 *
 * @public
 */
export function presetResources(
  preset: Pick<PresetSpec, 'resources'>,
  runtime: string,
): PresetResourceProfile | undefined {
  return preset.resources?.[runtime];
}

/**
 * Returns a copy of a deployment request with the preset's resource profile for its runtime
 * in `resources` (the profile wins over the request's values; `gpuType` stays). In CPU mode
 * the profile's `gpu` is left out. Call it before resolving: the GPU count also shapes the
 * runtime's arguments (vLLM tensor parallelism, TGI shards) and the fit check.
 *
 * @public
 */
export function withPresetResources<T extends DeploymentSpec>(
  spec: T,
  preset: Pick<PresetSpec, 'resources'>,
  runtimes?: RuntimeDefinition[],
): T {
  const profile = presetResources(preset, spec.runtime);
  if (!profile) return spec;
  const runtime = runtimeById(spec.runtime, runtimes);
  const gpu =
    runtime && effectiveGpuMode(runtime.gpuMode, spec) === 'gpu'
      ? profile.gpu
      : undefined;
  const resources: Record<string, unknown> = { ...spec.resources };
  if (profile.cpu !== undefined) resources.cpu = profile.cpu;
  if (profile.memory !== undefined) resources.memory = profile.memory;
  if (gpu !== undefined) resources.gpu = gpu;
  return { ...spec, resources };
}
