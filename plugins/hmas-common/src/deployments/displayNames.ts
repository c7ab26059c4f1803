import { modelPresetById } from './models';
import { RuntimeDefinition, runtimeById } from './runtimes';

/**
 * The name a person reads for a runtime id: its title (vLLM, llama.cpp, NVIDIA Triton),
 * or the id itself for a runtime this portal does not know. The one mapping the
 * portal's lists, dialogs and cards use.
 *
 * @public
 */
export function runtimeTitle(
  id: string,
  extra: RuntimeDefinition[] = [],
): string {
  return runtimeById(id, extra)?.title ?? id;
}

/**
 * The name a person reads for a deployment's model (a model preset id, or a custom model's
 * hub id): the preset's title (`Llama 3.1 8B Instruct (GGUF Q4_K_M)`), or the hub id as
 * given.
 *
 * @public
 */
export function modelTitle(model: string): string {
  return modelPresetById(model)?.title ?? model;
}

/**
 * The name a person reads for the GPU mode a deployment runs in (`gpuMode` of a create
 * request): `GPU` or `CPU`.
 *
 * @public
 */
export function gpuModeTitle(mode: 'gpu' | 'cpu'): string {
  return mode === 'gpu' ? 'GPU' : 'CPU';
}
