import fs from 'fs';
import path from 'path';
import { buildManifests, manifestsToYaml } from './manifests';
import { resolveDeployment } from './resolve';
import { deploymentSpecSchema, DeploymentSpec } from './spec';

/**
 * One golden file per runtime × placement × GPU mode that exists: vLLM and TGI need GPUs,
 * so they have no CPU files; Ollama, llama.cpp and Triton have all four.
 */
const GOLDEN_DIR = path.join(__dirname, '__golden__');

const models: Record<string, DeploymentSpec['model']> = {
  vllm: { preset: 'qwen2.5-7b-instruct' },
  tgi: { preset: 'llama-3.1-8b-instruct' },
  ollama: { preset: 'ollama-llama3.1-8b' },
  llamacpp: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
  triton: { preset: 'all-minilm-l6-v2' },
};

const modes: Record<string, Array<'gpu' | 'cpu'>> = {
  vllm: ['gpu'],
  tgi: ['gpu'],
  ollama: ['gpu', 'cpu'],
  llamacpp: ['gpu', 'cpu'],
  triton: ['gpu', 'cpu'],
};

// GPU zones mix schedulers (duplicates and the default included, as the backend may pass
// them); the CPU zone has only the default scheduler, so it gets no OverridePolicy.
function zoneSchedulers(placement: string, mode: string) {
  if (placement !== 'zone') return undefined;
  return mode === 'gpu'
    ? ['volcano', 'default-scheduler', 'kai-scheduler', 'volcano']
    : ['default-scheduler'];
}

type GoldenCase = {
  file: string;
  spec: DeploymentSpec;
  zoneSchedulers?: string[];
};

const goldenCases: GoldenCase[] = Object.keys(models).flatMap(runtime =>
  (['zone', 'clusters'] as const).flatMap(placement =>
    modes[runtime].map(mode => {
      const spec: DeploymentSpec = {
        name: `${runtime}-${placement}-${mode}`,
        namespace: 'ml-team',
        owner: 'group:default/ml-platform',
        model: models[runtime],
        runtime: runtime as DeploymentSpec['runtime'],
        gpuMode: mode,
        placement:
          placement === 'zone'
            ? { mode: 'zone', zone: mode === 'gpu' ? 'gpu-high' : 'cpu-only' }
            : { mode: 'clusters', clusters: ['member-a', 'member-b'] },
        replicas: 1,
      };
      if (runtime === 'triton') {
        spec.storage = { existingPvc: 'minilm-model-repository' };
      }
      if (runtime === 'vllm' && placement === 'zone') {
        spec.resources = { gpu: 2, gpuType: 'h100' };
        spec.env = { HMAS_VLLM_MAX_NUM_SEQS: '128' };
      }
      if (
        runtime === 'llamacpp' &&
        mode === 'gpu' &&
        placement === 'clusters'
      ) {
        spec.resources = { gpuType: 'l4' };
      }
      if (runtime === 'ollama' && mode === 'cpu') {
        spec.env = { OLLAMA_NUM_PARALLEL: '2' };
        spec.description = 'Team chat assistant';
      }
      return {
        file: `${runtime}-${placement}-${mode}.yaml`,
        spec,
        zoneSchedulers: zoneSchedulers(placement, mode),
      };
    }),
  ),
);

function render(c: GoldenCase): string {
  const resolved = resolveDeployment(deploymentSpecSchema.parse(c.spec));
  return manifestsToYaml(
    buildManifests(resolved, { zoneSchedulers: c.zoneSchedulers }),
  );
}

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden manifests', () => {
  it('covers every runtime × placement × mode that exists', () => {
    expect(goldenCases.map(c => c.file)).toHaveLength(16);
  });

  it.each(goldenCases.map(c => [c.file, c] as const))('%s', (file, c) => {
    const yaml = render(c);
    const target = path.join(GOLDEN_DIR, file);
    if (update) {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(target, yaml);
      return;
    }
    if (!fs.existsSync(target)) {
      throw new Error(
        `Golden file ${file} is missing; regenerate with UPDATE_GOLDEN=1 (scripts/update-deployment-goldens.sh)`,
      );
    }
    expect(yaml).toBe(fs.readFileSync(target, 'utf8'));
  });

  it('has no golden file without a case', () => {
    const expected = new Set(goldenCases.map(c => c.file));
    const stale = fs
      .readdirSync(GOLDEN_DIR)
      .filter(f => f.endsWith('.yaml') && !expected.has(f));
    if (update) stale.forEach(f => fs.unlinkSync(path.join(GOLDEN_DIR, f)));
    expect(update ? [] : stale).toEqual([]);
  });
});
