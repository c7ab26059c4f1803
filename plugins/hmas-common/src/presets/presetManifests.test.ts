import { buildManifests, DeploymentManifests } from '../deployments/manifests';
import { resolveDeployment } from '../deployments/resolve';
import { deploymentSpecSchema, DeploymentSpec } from '../deployments/spec';
import { presetResources, withPresetResources } from './resources';
import { PresetSpec, presetSpecSchema, PresetSpecInput } from './preset';

const spec: DeploymentSpec = {
  name: 'chat',
  namespace: 'ml-team',
  owner: 'group:default/ml-platform',
  model: { preset: 'ollama-llama3.1-8b' },
  runtime: 'ollama',
  gpuMode: 'gpu',
  placement: { mode: 'zone', zone: 'gpu-general' },
  replicas: 2,
};

/** The objects of a deployment, with a preset as `planDeployment` builds them. */
function build(s: DeploymentSpec = spec, p?: PresetSpec) {
  const resolved = resolveDeployment(
    deploymentSpecSchema.parse(p ? withPresetResources(s, p) : s),
  );
  return {
    manifests: buildManifests(resolved, {
      zoneSchedulers: ['volcano'],
      preset: p,
    }),
  };
}

const withPreset = (p: PresetSpec, s: DeploymentSpec = spec) =>
  build(s, p).manifests;

function preset(
  overrides: Partial<PresetSpecInput> = {},
  placement: Partial<PresetSpecInput['placement']> = {},
): PresetSpec {
  return presetSpecSchema.parse({
    name: 'p',
    title: 'P',
    ...overrides,
    placement: {
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      ...placement,
    },
  });
}

function pp(m: DeploymentManifests): any {
  return m.propagationPolicy;
}

function container(m: DeploymentManifests): any {
  return (m.deployment as any).spec.template.spec.containers[0];
}

describe('a preset in the manifests', () => {
  it.each<[string, PresetSpecInput['placement']['replicaScheduling'], object]>([
    [
      'Duplicated',
      { type: 'Duplicated' },
      { replicaSchedulingType: 'Duplicated' },
    ],
    [
      'Divided by available replicas',
      { type: 'Divided', weighting: { mode: 'dynamic' } },
      {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: { dynamicWeight: 'AvailableReplicas' },
      },
    ],
    [
      'Divided by static weights',
      {
        type: 'Divided',
        weighting: {
          mode: 'static',
          weights: [
            { clusterNames: ['a', 'b'], weight: 3 },
            { labelSelector: { region: 'eu' }, weight: 1 },
            {
              clusterNames: ['c'],
              labelSelector: { 'gpu-tier': 'general' },
              weight: 2,
            },
          ],
        },
      },
      {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: {
          staticWeightList: [
            { targetCluster: { clusterNames: ['a', 'b'] }, weight: 3 },
            {
              targetCluster: {
                labelSelector: { matchLabels: { region: 'eu' } },
              },
              weight: 1,
            },
            {
              targetCluster: {
                clusterNames: ['c'],
                labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
              },
              weight: 2,
            },
          ],
        },
      },
    ],
  ])('schedules replicas %s', (_, replicaScheduling, expected) => {
    const { manifests } = build();
    const out = withPreset(preset({}, { replicaScheduling }));
    expect(pp(out).spec.placement.replicaScheduling).toEqual(expected);
    // The rest of the placement stays the deployment's.
    expect(pp(out).spec.placement.clusterAffinity).toEqual(
      pp(manifests).spec.placement.clusterAffinity,
    );
  });

  it.each<[string, object, object[]]>([
    [
      'by cluster',
      { field: 'cluster', minGroups: 2, maxGroups: 3 },
      [{ spreadByField: 'cluster', maxGroups: 3, minGroups: 2 }],
    ],
    [
      'by cluster, no bounds',
      { field: 'cluster' },
      [{ spreadByField: 'cluster' }],
    ],
    [
      'by region, with the cluster constraint Karmada requires',
      { field: 'region', maxGroups: 2, minGroups: 2 },
      [
        { spreadByField: 'region', maxGroups: 2, minGroups: 2 },
        { spreadByField: 'cluster', minGroups: 2 },
      ],
    ],
    [
      'by region without a minimum',
      { field: 'region', maxGroups: 3 },
      [
        { spreadByField: 'region', maxGroups: 3 },
        { spreadByField: 'cluster', minGroups: 1 },
      ],
    ],
  ])('spreads %s', (_, spreadBy, expected) => {
    const out = withPreset(preset({}, { spreadBy: spreadBy as any }));
    expect(pp(out).spec.placement.spreadConstraints).toEqual(expected);
  });

  it.each<[string, object, object]>([
    [
      'defaults',
      {},
      {
        decisionConditions: { tolerationSeconds: 300 },
        purgeMode: 'Gracefully',
      },
    ],
    [
      'after 60 s',
      { tolerationSeconds: 60 },
      {
        decisionConditions: { tolerationSeconds: 60 },
        purgeMode: 'Gracefully',
      },
    ],
    [
      'immediately and directly',
      { tolerationSeconds: 0, purgeMode: 'Directly' },
      { decisionConditions: { tolerationSeconds: 0 }, purgeMode: 'Directly' },
    ],
    [
      'never purging',
      { purgeMode: 'Never' },
      { decisionConditions: { tolerationSeconds: 300 }, purgeMode: 'Never' },
    ],
    [
      'gracefully with a grace period',
      { purgeMode: 'Gracefully', gracePeriodSeconds: 900 },
      {
        decisionConditions: { tolerationSeconds: 300 },
        purgeMode: 'Gracefully',
        gracePeriodSeconds: 900,
      },
    ],
  ])('fails over %s, with propagateDeps', (_, failover, expected) => {
    const out = withPreset(preset({ failover }));
    expect(pp(out).spec.failover).toEqual({ application: expected });
    expect(pp(out).spec.propagateDeps).toBe(true);
  });

  it('leaves failover and propagateDeps out without failover settings', () => {
    const out = withPreset(preset());
    expect(pp(out).spec).not.toHaveProperty('failover');
    expect(pp(out).spec).not.toHaveProperty('propagateDeps');
    expect(pp(out).spec.placement).not.toHaveProperty('spreadConstraints');
  });

  it('names the preset on the PropagationPolicy', () => {
    const out = withPreset(preset({ name: 'my-preset' }));
    expect(pp(out).metadata.annotations['h-mas.io/preset']).toBe('my-preset');
  });

  it('applies the resource profile of the deployment’s runtime', () => {
    const p = preset({
      resources: {
        ollama: { cpu: '6', memory: '40Gi' },
        vllm: { cpu: '32', memory: '128Gi' },
      },
    });
    const out = withPreset(p);
    expect(container(out).resources).toEqual({
      requests: { cpu: '6', memory: '40Gi', 'nvidia.com/gpu': '1' },
      limits: { memory: '40Gi', 'nvidia.com/gpu': '1' },
    });
  });

  it('leaves resources alone without a profile for the runtime', () => {
    const p = preset({ resources: { vllm: { cpu: '32' } } });
    const { manifests } = build();
    const out = withPreset(p);
    expect(out.deployment).toEqual(manifests.deployment);
  });

  it('sets GPU requests and limits when the deployment was resolved with the profile', () => {
    const p = preset({ resources: { ollama: { gpu: 2 } } });
    const out = withPreset(p, withPresetResources(spec, p));
    expect(container(out).resources.requests['nvidia.com/gpu']).toBe('2');
    expect(container(out).resources.limits['nvidia.com/gpu']).toBe('2');
  });

  it('gives CPU-mode pods no GPUs from the profile', () => {
    const cpuSpec: DeploymentSpec = {
      ...spec,
      gpuMode: 'cpu',
      placement: { mode: 'zone', zone: 'cpu-only' },
    };
    const p = preset({ resources: { ollama: { memory: '16Gi', gpu: 2 } } });
    const adjusted = withPresetResources(cpuSpec, p);
    expect(adjusted.resources).toEqual({ memory: '16Gi' });
    const out = withPreset(p, adjusted);
    expect(container(out).resources).toEqual({
      requests: { cpu: '2', memory: '16Gi' },
      limits: { memory: '16Gi' },
    });
  });

  it.each<[string, string | undefined, DeploymentSpec['placement']]>([
    ['the same zone', 'gpu-general', { mode: 'zone', zone: 'gpu-general' }],
    ['no preset zone', undefined, { mode: 'zone', zone: 'gpu-general' }],
    [
      'named clusters',
      'gpu-high',
      { mode: 'clusters', clusters: ['member-a'] },
    ],
  ])('applies with %s, keeping the cluster affinity', (_, zone, placement) => {
    const { manifests } = build({ ...spec, placement });
    const p = preset({}, zone ? { zone: zone as any } : {});
    const out = withPreset(p, { ...spec, placement });
    expect(pp(out).spec.placement.clusterAffinity).toEqual(
      pp(manifests).spec.placement.clusterAffinity,
    );
  });
});

describe('presetResources and withPresetResources', () => {
  const p = preset({
    resources: { vllm: { cpu: '8', memory: '32Gi', gpu: 2 } },
  });

  it('finds the profile of a runtime', () => {
    expect(presetResources(p, 'vllm')).toEqual({
      cpu: '8',
      memory: '32Gi',
      gpu: 2,
    });
    expect(presetResources(p, 'ollama')).toBeUndefined();
  });

  it('lets the profile win over the request but keeps the GPU type', () => {
    const vllm: DeploymentSpec = {
      ...spec,
      runtime: 'vllm',
      model: { preset: 'qwen2.5-7b-instruct' },
      resources: { cpu: '4', gpu: 1, gpuType: 'l40s' },
    };
    expect(withPresetResources(vllm, p).resources).toEqual({
      cpu: '8',
      memory: '32Gi',
      gpu: 2,
      gpuType: 'l40s',
    });
    expect(vllm.resources).toEqual({ cpu: '4', gpu: 1, gpuType: 'l40s' });
  });

  it('returns the request itself without a profile for its runtime', () => {
    expect(withPresetResources(spec, p)).toBe(spec);
  });

  it('builds vLLM tensor parallelism for the profile’s GPU count', () => {
    const vllm: DeploymentSpec = {
      ...spec,
      runtime: 'vllm',
      model: { preset: 'qwen2.5-7b-instruct' },
    };
    const out = withPreset(p, withPresetResources(vllm, p));
    expect(container(out).args).toEqual(
      expect.arrayContaining(['--tensor-parallel-size', '2']),
    );
  });
});
