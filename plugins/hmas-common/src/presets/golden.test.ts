import fs from 'fs';
import path from 'path';
import { buildManifests, manifestsToYaml } from '../deployments/manifests';
import { resolveDeployment } from '../deployments/resolve';
import { deploymentSpecSchema, DeploymentSpec } from '../deployments/spec';
import { withPresetResources } from './resources';
import { examplePresets } from './examplePresets';
import { presetSpecSchema } from './preset';

/**
 * One golden file per example preset: the same fixed deployment with the preset applied,
 * through the planner's path (resource profile before resolving, the rest while building).
 * The preset-less build of the same deployment is `preset-none.yaml`, to diff against.
 */
const GOLDEN_DIR = path.join(__dirname, '__golden__');

const deployment: DeploymentSpec = {
  name: 'chat',
  namespace: 'ml-team',
  owner: 'group:default/ml-platform',
  model: { preset: 'ollama-llama3.1-8b' },
  runtime: 'ollama',
  gpuMode: 'gpu',
  placement: { mode: 'zone', zone: 'gpu-general' },
  replicas: 2,
};
const zoneSchedulers = ['volcano'];

function render(presetIndex?: number): string {
  if (presetIndex === undefined) {
    const resolved = resolveDeployment(deploymentSpecSchema.parse(deployment));
    return manifestsToYaml(buildManifests(resolved, { zoneSchedulers }));
  }
  const preset = presetSpecSchema.parse(examplePresets[presetIndex]);
  const resolved = resolveDeployment(
    deploymentSpecSchema.parse(withPresetResources(deployment, preset)),
  );
  return manifestsToYaml(buildManifests(resolved, { zoneSchedulers, preset }));
}

const cases: Array<[string, number | undefined]> = [
  ['preset-none.yaml', undefined],
  ...examplePresets.map(
    (p, i) => [`preset-${p.name}.yaml`, i] as [string, number],
  ),
];

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden manifests of the example presets', () => {
  it('has the e2e preset among its cases', () => {
    expect(cases.map(([file]) => file)).toContain(
      'preset-gpu-general-divided-failover-60.yaml',
    );
  });

  it.each(cases)('%s', (file, presetIndex) => {
    const yaml = render(presetIndex);
    const target = path.join(GOLDEN_DIR, file);
    if (update) {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(target, yaml);
      return;
    }
    if (!fs.existsSync(target)) {
      throw new Error(
        `Golden file ${file} is missing; regenerate with UPDATE_GOLDEN=1`,
      );
    }
    expect(yaml).toBe(fs.readFileSync(target, 'utf8'));
  });

  it('has no golden file without a case', () => {
    const expected = new Set(cases.map(([file]) => file));
    const stale = fs.existsSync(GOLDEN_DIR)
      ? fs
          .readdirSync(GOLDEN_DIR)
          .filter(f => f.endsWith('.yaml') && !expected.has(f))
      : [];
    if (update) stale.forEach(f => fs.unlinkSync(path.join(GOLDEN_DIR, f)));
    expect(update ? [] : stale).toEqual([]);
  });
});
