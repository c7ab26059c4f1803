import { DEPLOYMENT_OBJECT_KINDS } from '@h-mas/plugin-hmas-common';

/**
 * A model deployment the simulator's seed fleet can always place: llama.cpp on CPU in the
 * CPU Only zone with a custom GGUF model, named `name` (in namespace `default`).
 */
export function llamaOnCpu(
  name = 'llama',
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    runtime: 'llamacpp',
    gpuMode: 'cpu',
    model: {
      modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
      sizeGb: 4.9,
    },
    placement: { mode: 'zone', zone: 'cpu-only' },
    ...extra,
  };
}

/** The kinds of Karmada objects a deployment plan may write. */
export const DEPLOYMENT_KINDS = DEPLOYMENT_OBJECT_KINDS.map(([, kind]) => kind);

/**
 * Polls `probe` every 100 ms until it answers something truthy, which it returns; a probe that
 * throws counts as not yet. Fails naming `what` (and the last error) after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
