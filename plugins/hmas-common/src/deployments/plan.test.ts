import fs from 'fs';
import path from 'path';
import { KarmadaClusterObject } from '../clusters/cluster';
import { coreLabelKeys } from '../clusters/zones';
import { presetSpecSchema } from '../presets/preset';
import {
  DeploymentPlanError,
  ownSecretKeys,
  planDeployment,
  planPatches,
  planSecretWrite,
} from './plan';
import { DEPLOYMENT_ID_LABEL, deploymentIdOf } from './manifests';
import { DeploymentSpec } from './spec';

/**
 * The planner against a small fleet, with and without a label prefix: golden YAML of the
 * whole plan (policies included), the fleet checks, and update patches as the difference of
 * two plans.
 */
const GOLDEN_DIR = path.join(__dirname, '__golden_plan__');
const update = process.env.UPDATE_GOLDEN === '1';

function cluster(
  name: string,
  labels: Record<string, string>,
  free: { cpu: string; memory: string; gpu?: string } = {
    cpu: '64',
    memory: '256Gi',
    gpu: '8',
  },
  ready = true,
): KarmadaClusterObject {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, labels },
    spec: { syncMode: 'Push' },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      resourceSummary: {
        allocatable: {
          cpu: free.cpu,
          memory: free.memory,
          ...(free.gpu ? { 'nvidia.com/gpu': free.gpu } : {}),
        },
      },
    },
  };
}

/** Two GPU General clusters (one on volcano) and a CPU Only one, under `prefix`. */
function fleet(prefix = '') {
  const k = coreLabelKeys(prefix);
  return [
    cluster('gpu-a', { [k.gpuTier]: 'general', [k.scheduler]: 'volcano' }),
    cluster('gpu-b', { [k.gpuTier]: 'general' }),
    cluster('cpu-a', { [k.gpuTier]: 'none' }, { cpu: '32', memory: '64Gi' }),
  ];
}

const request: DeploymentSpec = {
  name: 'chat',
  namespace: 'ml-team',
  model: { preset: 'ollama-llama3.1-8b' },
  runtime: 'ollama',
  gpuMode: 'gpu',
  placement: { mode: 'zone', zone: 'gpu-general' },
  replicas: 2,
};
const owner = 'group:default/ml-platform';
const preset = presetSpecSchema.parse({
  name: 'spread-failover',
  title: 'Spread with failover',
  placement: {
    replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
    spreadBy: { field: 'cluster', minGroups: 2 },
  },
  failover: { tolerationSeconds: 60 },
  resources: { ollama: { cpu: '6', memory: '24Gi' } },
});

describe('planDeployment', () => {
  it('applies the zone’s settings: offline refuses a download, RuntimeClasses only for the placement’s clusters', () => {
    const settings = {
      zones: { 'gpu-general': { offline: true } },
      clusters: {
        'gpu-a': { runtimeClassName: 'nvidia' },
        elsewhere: { runtimeClassName: 'nvidia' },
      },
    };
    expect(() =>
      planDeployment(request, { owner, clusters: fleet(), settings }),
    ).toThrow(
      'Invalid deployment: storage.existingPvc: Loading from a PVC needs the pre-loaded volume: set storage.existingPvc',
    );
    const plan = planDeployment(
      { ...request, storage: { existingPvc: 'llama-weights' } },
      {
        owner,
        clusters: fleet(),
        settings,
        existingPvcAccessModes: ['ReadWriteMany'],
      },
    );
    expect(plan.resolved.offline).toBe(true);
    expect(plan.resolved.loadStrategy).toBe('pvc');
    expect(plan.resolved.storage.shared).toBe('cluster');
    const rules = (plan.manifests.overridePolicy as any).spec
      .overrideRules as any[];
    expect(rules.map(r => r.targetCluster)).toEqual([
      { labelSelector: { matchLabels: { scheduler: 'volcano' } } },
      { clusterNames: ['gpu-a'] },
    ]);
    // Another zone is online: its deployments download as usual.
    const online = planDeployment(
      { ...request, placement: { mode: 'zone', zone: 'gpu-high' } },
      {
        owner,
        clusters: [
          ...fleet(),
          {
            ...fleet()[1],
            metadata: { name: 'gpu-h', labels: { 'gpu-tier': 'high' } },
          },
        ],
        settings,
      },
    );
    expect(online.resolved.offline).toBe(false);
    expect(online.resolved.loadStrategy).toBe('ollama-pull');
    expect(online.manifests.overridePolicy).toBeUndefined();
  });

  it.each([
    ['plan-no-prefix.yaml', ''],
    ['plan-prefix.yaml', 'h-mas.io/'],
  ])(
    '%s: every object, with the preset, selecting by the label keys in use',
    (file, prefix) => {
      const plan = planDeployment(request, {
        owner,
        labelPrefix: prefix,
        preset,
        clusters: fleet(prefix),
      });
      const target = path.join(GOLDEN_DIR, file);
      if (update) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        fs.writeFileSync(target, plan.yaml);
      }
      expect(plan.yaml).toBe(fs.readFileSync(target, 'utf8'));
      const { propagationPolicy, overridePolicy } = plan.manifests as any;
      expect(
        propagationPolicy.spec.placement.clusterAffinity.labelSelector,
      ).toEqual({ matchLabels: { [`${prefix}gpu-tier`]: 'general' } });
      expect(overridePolicy.spec.overrideRules[0].targetCluster).toEqual({
        labelSelector: { matchLabels: { [`${prefix}scheduler`]: 'volcano' } },
      });
      expect(plan.objects.map(o => o.kind)).toEqual([
        'OverridePolicy',
        'PropagationPolicy',
        'PersistentVolumeClaim',
        'Service',
        'PodDisruptionBudget',
        'Deployment',
      ]);
      expect(plan.spec.resources).toEqual({ cpu: '6', memory: '24Gi' });
    },
  );

  it('stamps the deployment id on every object it owns, and only when given one', () => {
    const owned = planDeployment(request, {
      owner,
      clusters: fleet(),
      deploymentId: '6f1c2a9e-0000-4000-8000-000000000001',
    });
    expect(owned.objects.map(deploymentIdOf)).toEqual(
      owned.objects.map(() => '6f1c2a9e-0000-4000-8000-000000000001'),
    );
    // Pods are not stamped: the label marks the objects the backend writes; nor are the
    // manifests and YAML that describe the deployment for previews and GitOps.
    const stamped = owned.objects.find(o => o.kind === 'Deployment') as any;
    expect(stamped.spec.template.metadata.labels).not.toHaveProperty(
      DEPLOYMENT_ID_LABEL,
    );
    expect(owned.manifests.deployment.metadata).not.toHaveProperty([
      'labels',
      DEPLOYMENT_ID_LABEL,
    ]);
    expect(owned.yaml).not.toContain(DEPLOYMENT_ID_LABEL);
    const preview = planDeployment(request, { owner, clusters: fleet() });
    expect(preview.objects.map(deploymentIdOf)).toEqual(
      preview.objects.map(() => undefined),
    );
    expect(preview.yaml).not.toContain(DEPLOYMENT_ID_LABEL);
  });

  it('is pure: the same request and context give the same plan', () => {
    const context = { owner, preset, clusters: fleet() };
    expect(planDeployment(request, context)).toEqual(
      planDeployment(request, context),
    );
  });

  it.each<[string, unknown, KarmadaClusterObject[], string]>([
    [
      'a bad field',
      { ...request, replicas: 0 },
      fleet(),
      'replicas: Replicas must be between 1 and 50',
    ],
    [
      'a zone without clusters',
      { ...request, placement: { mode: 'zone', zone: 'gpu-high' } },
      fleet(),
      'placement.zone: no cluster is in zone GPU High Performance',
    ],
    [
      'a cluster Karmada does not have',
      {
        ...request,
        placement: { mode: 'clusters', clusters: ['gpu-a', 'nope'] },
      },
      fleet(),
      'placement.clusters.1: cluster nope is not registered with Karmada',
    ],
    [
      'no room for one replica',
      { ...request, resources: { cpu: '100' } },
      fleet(),
      'resources: one replica of',
    ],
    [
      'only a cluster that is not ready has room',
      request,
      [cluster('gpu-a', { 'gpu-tier': 'general' }, undefined, false)],
      'no ready cluster in zone GPU General has that free',
    ],
    [
      'labels under another prefix',
      request,
      fleet('h-mas.io/'),
      'placement.zone: no cluster is in zone GPU General',
    ],
  ])('refuses %s, naming the field', (_name, input, clusters, message) => {
    expect(() => planDeployment(input, { owner, clusters })).toThrow(
      DeploymentPlanError,
    );
    expect(() => planDeployment(input, { owner, clusters })).toThrow(message);
  });

  it('refuses a preset for another zone', () => {
    expect(() =>
      planDeployment(request, {
        owner,
        clusters: fleet(),
        preset: {
          ...preset,
          placement: { ...preset.placement, zone: 'gpu-high' },
        },
      }),
    ).toThrow(
      'Invalid deployment: placement.zone: preset spread-failover is for zone gpu-high, but the deployment is placed in zone gpu-general',
    );
  });
});

describe('planPatches', () => {
  const context = { owner, preset, clusters: fleet() };
  const before = planDeployment(request, context);

  it('patches only what changed: scaling touches the Deployment’s replicas', () => {
    const after = planDeployment({ ...request, replicas: 3 }, context);
    expect(planPatches(before, after)).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'chat', namespace: 'ml-team' },
        spec: { replicas: 3 },
      },
    ]);
  });

  it('replaces the container list when the env changes', () => {
    const after = planDeployment(
      { ...request, env: { OLLAMA_KEEP_ALIVE: '1h' } },
      context,
    );
    const [patch, ...rest] = planPatches(before, after) as any[];
    expect(rest).toEqual([]);
    expect(Object.keys(patch.spec)).toEqual(['template']);
    expect(patch.spec.template.spec.containers[0].env).toContainEqual({
      name: 'OLLAMA_KEEP_ALIVE',
      value: '1h',
    });
  });

  it('has nothing to patch for the same request', () => {
    expect(planPatches(before, planDeployment(request, context))).toEqual([]);
  });

  it('refuses an update that would add or remove objects', () => {
    const elsewhere = planDeployment(
      { ...request, placement: { mode: 'clusters', clusters: ['gpu-b'] } },
      context,
    );
    expect(() => planPatches(before, elsewhere)).toThrow(
      'an update cannot add or remove objects (OverridePolicy ml-team/chat-override)',
    );
  });
});

describe('secrets in a plan', () => {
  const context = { owner, clusters: fleet() };
  const withSecret = (env: Record<string, unknown>, held?: string[]) =>
    planDeployment(
      { ...request, env } as DeploymentSpec,
      held ? { ...context, secretKeysHeld: held } : context,
    );
  const ownRef = (key: string) => ({
    secretKeyRef: { name: 'chat-secrets', key },
  });

  it('stores a value entered as a secret only as a reference, and keeps it out of objects and YAML', () => {
    const plan = withSecret(
      { HF_TOKEN: { secret: 'hf_live_value' }, OLLAMA_KEEP_ALIVE: '1h' },
      [],
    );
    expect(plan.spec.env).toEqual({
      HF_TOKEN: ownRef('HF_TOKEN'),
      OLLAMA_KEEP_ALIVE: '1h',
    });
    expect(plan.secretValues).toEqual({ HF_TOKEN: 'hf_live_value' });
    expect(JSON.stringify(plan.objects)).not.toContain('hf_live_value');
    expect(JSON.stringify(plan.spec)).not.toContain('hf_live_value');
    expect(plan.yaml).not.toContain('hf_live_value');
    expect(plan.objects.map(o => o.kind)).toContain('Secret');
    expect(ownSecretKeys(plan.spec)).toEqual(['HF_TOKEN']);
  });

  it('refuses a reference to a key its own Secret does not hold', () => {
    expect(() => withSecret({ HF_TOKEN: ownRef('HF_TOKEN') }, [])).toThrow(
      "Invalid deployment: env.HF_TOKEN: the deployment's Secret chat-secrets holds no key HF_TOKEN; enter the value as a secret",
    );
    expect(
      withSecret({ HF_TOKEN: ownRef('HF_TOKEN') }, ['HF_TOKEN']).secretValues,
    ).toEqual({});
    // A stored spec is planned without the check.
    expect(withSecret({ HF_TOKEN: ownRef('HF_TOKEN') }).spec.env).toEqual({
      HF_TOKEN: ownRef('HF_TOKEN'),
    });
  });

  it('refuses plain secret values unless planning a stored spec', () => {
    expect(() => withSecret({ HF_TOKEN: 'hf_x' })).toThrow(DeploymentPlanError);
    const legacy = planDeployment(
      { ...request, env: { HF_TOKEN: 'hf_x' } },
      { ...context, allowPlainSecretValues: true },
    );
    expect(legacy.objects.map(o => o.kind)).not.toContain('Secret');
  });

  describe('planSecretWrite', () => {
    const none = withSecret({});
    const one = withSecret({ A_TOKEN: ownRef('A_TOKEN') });
    const two = withSecret({
      A_TOKEN: ownRef('A_TOKEN'),
      B_KEY: ownRef('B_KEY'),
    });
    it.each([
      ['no Secret before or after', none, withSecret({}), undefined],
      [
        'the first secret creates it',
        none,
        withSecret({ A_TOKEN: { secret: 'a' } }),
        { create: true, set: { A_TOKEN: 'a' }, drop: [], delete: false },
      ],
      ['the same keys, no new value: untouched', one, one, undefined],
      [
        'a new value for a held key',
        one,
        withSecret({ A_TOKEN: { secret: 'a2' } }),
        { create: false, set: { A_TOKEN: 'a2' }, drop: [], delete: false },
      ],
      [
        'a key no longer read is dropped',
        two,
        one,
        { create: false, set: {}, drop: ['B_KEY'], delete: false },
      ],
      [
        'no key read any more deletes it',
        two,
        none,
        { create: false, set: {}, drop: ['A_TOKEN', 'B_KEY'], delete: true },
      ],
    ])('%s', (_, before, after, expected) => {
      const write = planSecretWrite(before, after);
      const shape = write && {
        create: write.create,
        set: write.set,
        drop: write.drop,
        delete: write.delete,
        secret: write.secret.metadata.name,
      };
      expect(shape).toEqual(
        expected && { ...expected, secret: 'chat-secrets' },
      );
    });

    it('leaves the Secret out of the patches even when it comes or goes', () => {
      expect(
        planPatches(none, withSecret({ A_TOKEN: { secret: 'a' } })).map(
          p => p.kind,
        ),
      ).toEqual(['PropagationPolicy', 'Deployment']);
    });
  });
});

describe('planDeployment and GPU sharing', () => {
  const k = coreLabelKeys('');
  const shared = (name: string) => {
    const c = cluster(name, { [k.gpuTier]: 'general' });
    c.metadata.labels!['h-mas.io/gpu-sharing'] = 'time-slicing';
    return c;
  };
  const whole = (name: string) => cluster(name, { [k.gpuTier]: 'general' });
  const vllm: DeploymentSpec = {
    name: 'big',
    namespace: 'ml-team',
    model: { preset: 'qwen2.5-7b-instruct' },
    runtime: 'vllm',
    placement: { mode: 'zone', zone: 'gpu-general' },
    resources: { gpu: 2 },
  };

  it('excludes time-sliced clusters of the zone for tensor parallelism over several GPUs', () => {
    const plan = planDeployment(vllm, {
      owner,
      clusters: [shared('ts-b'), whole('gpu-a'), shared('ts-a')],
    });
    expect(
      (plan.manifests.propagationPolicy.spec as any).placement.clusterAffinity,
    ).toEqual({
      labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
      exclude: ['ts-a', 'ts-b'],
    });
    expect(plan.clusters).toEqual(['gpu-a']);
  });

  it('keeps time-sliced clusters for one GPU, or a runtime that does not split the model', () => {
    for (const spec of [
      { ...vllm, resources: { gpu: 1 } },
      {
        ...vllm,
        runtime: 'llamacpp',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
      },
    ]) {
      const plan = planDeployment(spec, {
        owner,
        clusters: [shared('ts-a'), whole('gpu-a')],
      });
      expect(
        (plan.manifests.propagationPolicy.spec as any).placement.clusterAffinity
          .exclude,
      ).toBeUndefined();
      expect(plan.clusters).toEqual(['ts-a', 'gpu-a']);
    }
  });

  it.each([
    [
      'a zone of time-sliced clusters only',
      { mode: 'zone', zone: 'gpu-general' },
      'Invalid deployment: resources.gpu: every cluster of zone GPU General shares its GPUs by time-slicing; vLLM splits the model over 2 GPUs by tensor parallelism, which needs distinct physical GPUs: ask for 1 GPU, or choose another zone',
    ],
    [
      'a time-sliced named cluster',
      { mode: 'clusters', clusters: ['ts-a', 'gpu-a'] },
      'Invalid deployment: placement.clusters: ts-a shares its GPUs by time-slicing; vLLM splits the model over 2 GPUs by tensor parallelism, which needs distinct physical GPUs: choose clusters with whole GPUs, or 1 GPU',
    ],
  ] as const)('refuses %s', (_, placement, message) => {
    const fleetOf =
      placement.mode === 'zone'
        ? [shared('ts-a'), shared('ts-b')]
        : [shared('ts-a'), whole('gpu-a')];
    expect(() =>
      planDeployment({ ...vllm, placement } as DeploymentSpec, {
        owner,
        clusters: fleetOf,
      }),
    ).toThrow(message);
  });

  it('fits a MIG request against the MIG devices Karmada reports', () => {
    const mig = cluster('mig-a', { [k.gpuTier]: 'general' });
    mig.status!.resourceSummary!.allocatable!['nvidia.com/mig-1g.5gb'] = '7';
    const spec: DeploymentSpec = {
      ...request,
      resources: { gpuType: 'mig-1g.5gb' },
    };
    expect(planDeployment(spec, { owner, clusters: [mig] }).clusters).toEqual([
      'mig-a',
    ]);
    // A cluster without that profile has no room for it.
    expect(() =>
      planDeployment(
        { ...spec, resources: { gpuType: 'mig-3g.20gb' } },
        { owner, clusters: [mig] },
      ),
    ).toThrow(
      'and 1 MIG 3g.20gb device(s); no ready cluster in zone GPU General has that free',
    );
  });
});

describe('planDeployment with the HA preset', () => {
  const ha = presetSpecSchema.parse({
    name: 'ha-inference',
    title: 'HA',
    placement: {
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      spreadBy: { field: 'cluster', minGroups: 2 },
    },
    failover: {
      tolerationSeconds: 30,
      purgeMode: 'Directly',
      clusterTolerationSeconds: 30,
    },
    minReplicas: 2,
  });

  it('refuses fewer replicas than the preset’s minimum', () => {
    expect(() =>
      planDeployment(
        { ...request, replicas: 1 },
        { owner, clusters: fleet(), preset: ha },
      ),
    ).toThrow(
      'Invalid deployment: replicas: preset ha-inference needs at least 2 replicas, so that one serves while another fails over',
    );
  });

  it('spreads over two clusters and fails over from an application or a cluster after 30 s', () => {
    const plan = planDeployment(request, {
      owner,
      clusters: fleet(),
      preset: ha,
    });
    const spec = plan.manifests.propagationPolicy.spec as any;
    expect(spec.placement.spreadConstraints).toEqual([
      { spreadByField: 'cluster', minGroups: 2 },
    ]);
    expect(spec.placement.clusterTolerations).toEqual([
      {
        key: 'cluster.karmada.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 30,
      },
      {
        key: 'cluster.karmada.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 30,
      },
    ]);
    expect(spec.failover).toEqual({
      application: {
        decisionConditions: { tolerationSeconds: 30 },
        purgeMode: 'Directly',
      },
    });
    // Two GPU replicas: replaced one at a time while the other serves.
    expect(plan.manifests.deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
    });
  });
});

describe('planDeployment and the model cache’s StorageClass', () => {
  const storageClassOf = (
    defaults: Record<string, string | null> | undefined,
    settings?: { storageClassName?: string },
  ) =>
    (
      planDeployment(request, {
        owner,
        clusters: fleet(),
        defaultStorageClasses: defaults,
        settings,
      }).manifests.pvc?.spec as { storageClassName?: string }
    ).storageClassName;

  it('names the placed clusters’ one default class, or the configured one', () => {
    // gpu-a and gpu-b are the GPU General clusters; cpu-a is not placed.
    expect(
      storageClassOf({
        'gpu-a': 'standard',
        'gpu-b': 'standard',
        'cpu-a': null,
      }),
    ).toBe('standard');
    expect(storageClassOf({ 'gpu-a': 'standard' })).toBe('standard');
    expect(
      storageClassOf({ 'gpu-a': null }, { storageClassName: 'fast' }),
    ).toBe('fast');
    // Nothing could be read: the claim names none (each cluster's default at create).
    expect(storageClassOf({})).toBeUndefined();
    expect(storageClassOf(undefined)).toBeUndefined();
  });

  it.each([
    [
      { 'gpu-a': 'standard', 'gpu-b': null },
      'Invalid deployment: storage: gpu-b has no default StorageClass, so the model cache would stay Pending there; set hmas.deployments.storageClassName (or per zone under hmas.deployments.zones) to a class every cluster has',
    ],
    [
      { 'gpu-a': 'standard', 'gpu-b': 'gp3' },
      "Invalid deployment: storage: the clusters' default StorageClasses differ (standard on gpu-a; gp3 on gpu-b) and one claim names one class for all; set hmas.deployments.storageClassName (or per zone under hmas.deployments.zones) to a class every cluster has",
    ],
  ])('refuses %j', (defaults, message) => {
    expect(() => storageClassOf(defaults)).toThrow(message);
  });
});

describe('planDeployment and a chosen pod scheduler', () => {
  it('excludes the zone’s clusters that do not run it', () => {
    const plan = planDeployment(
      { ...request, schedulerName: 'volcano' },
      { owner, clusters: fleet() },
    );
    expect(
      (plan.manifests.propagationPolicy.spec as any).placement.clusterAffinity
        .exclude,
    ).toEqual(['gpu-b']);
    expect(plan.clusters).toEqual(['gpu-a']);
    expect(plan.manifests.overridePolicy).toBeUndefined();
  });

  it('leaves the default scheduler everywhere', () => {
    const plan = planDeployment(
      { ...request, schedulerName: 'default-scheduler' },
      { owner, clusters: fleet() },
    );
    expect(plan.clusters).toEqual(['gpu-a', 'gpu-b']);
  });

  it.each([
    [
      { mode: 'zone', zone: 'gpu-general' },
      'kai-scheduler',
      'Invalid deployment: schedulerName: no cluster of zone GPU General runs kai-scheduler (label scheduler); choose a scheduler the zone runs, or none',
    ],
    [
      { mode: 'clusters', clusters: ['gpu-a', 'gpu-b'] },
      'volcano',
      'Invalid deployment: schedulerName: gpu-b does not run volcano (its scheduler label), so the pods would stay Pending there; choose clusters that run it, or no scheduler',
    ],
  ] as const)('refuses %j on %s', (placement, schedulerName, message) => {
    expect(() =>
      planDeployment(
        { ...request, placement, schedulerName } as DeploymentSpec,
        { owner, clusters: fleet() },
      ),
    ).toThrow(message);
  });
});
