import fs from 'fs';
import path from 'path';
import { buildManifests, manifestsToYaml } from './manifests';
import { resolveDeployment } from './resolve';
import { effectiveDeploymentSettings, DeploymentSettings } from './settings';
import { createDeploymentSpecSchema, DeploymentSpec } from './spec';

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
  settings?: DeploymentSettings;
  /** What planDeployment excludes from the zone (`clusterAffinity.exclude`). */
  excludeClusters?: string[];
};

/**
 * Platform settings, one case each, so the goldens show every choice they make: offline
 * with a mirror and a RuntimeClass on one cluster (vLLM on named clusters), a ReadWriteMany
 * storage class for the zone (llama.cpp on CPU in a zone), a named storage class (TGI).
 */
const settingsByCase: Record<string, DeploymentSettings> = {
  'vllm-clusters-gpu': {
    imageRegistryMirror: 'mirror.internal:5000/hub',
    clusters: { 'member-a': { runtimeClassName: 'nvidia' } },
  },
  'llamacpp-zone-cpu': {
    zones: {
      'cpu-only': {
        storageClassName: 'nfs-client',
        accessMode: 'ReadWriteMany',
      },
    },
  },
  'tgi-zone-gpu': { storageClassName: 'fast-rwo' },
  'triton-zone-gpu': { offline: true, kaiQueue: 'inference' },
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
      // Several replicas where the rollout and the cache's sharing differ from one replica.
      if (runtime === 'llamacpp' && placement === 'zone') spec.replicas = 3;
      if (runtime === 'vllm' && placement === 'clusters') {
        spec.replicas = 2;
        spec.offline = true;
        spec.loadStrategy = 'pvc';
        spec.storage = { existingPvc: 'qwen-weights' };
      }
      if (runtime === 'ollama' && mode === 'gpu' && placement === 'zone') {
        spec.schedulerName = 'kai-scheduler';
      }
      const name = `${runtime}-${placement}-${mode}`;
      return {
        file: `${name}.yaml`,
        spec,
        zoneSchedulers: zoneSchedulers(placement, mode),
        settings: settingsByCase[name],
        // planDeployment excludes the zone's clusters that do not run the scheduler the
        // user chose: in the golden fleet (hmas-backend's goldenFleet), the volcano one.
        ...(name === 'ollama-zone-gpu'
          ? { excludeClusters: ['gpu-high-volcano'] }
          : {}),
      };
    }),
  ),
);

/** The pre-loaded volume of the offline case is ReadOnlyMany, as a shared one is. */
function existingPvcModes(
  storage: DeploymentSpec['storage'],
): string[] | undefined {
  if (!storage || !('existingPvc' in storage)) return undefined;
  return storage.existingPvc === 'qwen-weights'
    ? ['ReadOnlyMany']
    : ['ReadWriteOnce'];
}

function render(c: GoldenCase): string {
  const zone =
    c.spec.placement.mode === 'zone' ? c.spec.placement.zone : undefined;
  const settings = effectiveDeploymentSettings(c.settings, zone);
  // What planDeployment names when no class is configured and the clusters' one default
  // class is `standard` (a template claim must name its class: see the planner).
  if (!settings.storageClassName) settings.storageClassName = 'standard';
  const spec = createDeploymentSpecSchema([], {
    offline: settings.offline,
  }).parse(c.spec);
  const resolved = resolveDeployment(spec, {
    settings,
    existingPvcAccessModes: existingPvcModes(c.spec.storage),
  });
  return manifestsToYaml(
    buildManifests(resolved, {
      zoneSchedulers: c.zoneSchedulers,
      settings,
      ...(c.excludeClusters ? { excludeClusters: c.excludeClusters } : {}),
    }),
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
