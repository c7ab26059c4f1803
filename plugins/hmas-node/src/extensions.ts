import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { RuntimeDefinition } from '@h-mas/plugin-hmas-common';

/**
 * Lets other backend modules add serving runtimes to the catalog (beside vLLM, TGI, Ollama,
 * llama.cpp and Triton). A runtime whose id is already taken is refused at startup.
 *
 * @public
 */
export interface HmasRuntimesExtensionPoint {
  addRuntime(...runtimes: RuntimeDefinition[]): void;
}

/** @public */
export const hmasRuntimesExtensionPoint =
  createExtensionPoint<HmasRuntimesExtensionPoint>({
    id: 'hmas.runtimes',
  });
