import YAML from 'yaml';
import { gpuProductsForType } from './gpuProducts';
import {
  buildManifests,
  deploymentLabels,
  HF_TOKEN_SECRET,
  manifestList,
  manifestsToYaml,
  ManifestContext,
  overrideSchedulers,
} from './manifests';
import { resolveDeployment } from './resolve';
import { DeploymentSpec, deploymentSpecSchema } from './spec';

const base: DeploymentSpec = {
  name: 'chat',
  namespace: 'ml-team',
  owner: 'group:default/ml-team',
  model: { preset: 'phi-3-mini-4k-instruct-gguf' },
  runtime: 'llamacpp',
  placement: { mode: 'zone', zone: 'gpu-general' },
};

function build(spec: Partial<DeploymentSpec> = {}, ctx?: ManifestContext) {
  const d = resolveDeployment(deploymentSpecSchema.parse({ ...base, ...spec }));
  return buildManifests(d, ctx) as Record<string, any>;
}

const pod = (m: Record<string, any>) => m.deployment.spec.template.spec;
const container = (m: Record<string, any>) => pod(m).containers[0];

describe('buildManifests', () => {
  it('labels and annotates every object', () => {
    const m = build({}, { zoneSchedulers: ['volcano'] });
    const objects = manifestList(m as any) as any[];
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'OverridePolicy/chat-override',
      'PropagationPolicy/chat-propagation',
      'PersistentVolumeClaim/hmas-chat-model-cache',
      'Service/chat',
      'Deployment/chat',
    ]);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('ml-team');
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'chat',
        'app.kubernetes.io/managed-by': 'h-mas',
        'h-mas.io/deployment': 'chat',
        'h-mas.io/runtime': 'llamacpp',
        'backstage.io/kubernetes-id': 'chat',
      });
      expect(o.metadata.annotations['h-mas.io/owner']).toBe(
        'group:default/ml-team',
      );
    }
    expect(m.deployment.spec.template.metadata.labels).toEqual(
      deploymentLabels({ name: 'chat', runtime: { id: 'llamacpp' } as any }),
    );
  });

  it('labels the objects and pods of a deployment serving a catalog entity, not the selector', () => {
    const m = build({ entityRef: 'Component:chat-assistant' });
    for (const o of manifestList(m as any) as any[]) {
      expect(o.metadata.labels['h-mas.io/serves']).toBe(
        'component.default.chat-assistant',
      );
    }
    expect(m.deployment.spec.template.metadata.labels['h-mas.io/serves']).toBe(
      'component.default.chat-assistant',
    );
    expect(
      m.deployment.spec.selector.matchLabels['h-mas.io/serves'],
    ).toBeUndefined();
    expect(
      build().deployment.metadata.labels['h-mas.io/serves'],
    ).toBeUndefined();
  });

  it('GPU mode: CUDA image, GPU tolerations, GPU requests = limits', () => {
    const m = build({ gpuMode: 'gpu' });
    const c = container(m);
    expect(c.image).toBe('ghcr.io/ggml-org/llama.cpp:server-cuda-b6700');
    expect(pod(m).tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'gpu',
        effect: 'NoSchedule',
      },
    ]);
    expect(c.resources).toEqual({
      requests: { cpu: '2', memory: '5Gi', 'nvidia.com/gpu': '1' },
      limits: { memory: '5Gi', 'nvidia.com/gpu': '1' },
    });
  });

  it('CPU mode: CPU image, no GPU tolerations, no nvidia resources', () => {
    const m = build({
      gpuMode: 'cpu',
      placement: { mode: 'zone', zone: 'cpu-only' },
    });
    const c = container(m);
    expect(c.image).toBe('ghcr.io/ggml-org/llama.cpp:server-b6700');
    expect(pod(m).tolerations).toBeUndefined();
    expect(JSON.stringify(m.deployment)).not.toContain('nvidia.com');
    expect(c.resources).toEqual({
      requests: { cpu: '2', memory: '5Gi' },
      limits: { memory: '5Gi' },
    });
  });

  it.each([
    ['vllm', { preset: 'qwen2.5-7b-instruct' }, '2Gi'],
    ['tgi', { preset: 'qwen2.5-7b-instruct' }, '1Gi'],
    ['ollama', { preset: 'ollama-qwen2.5-7b' }, undefined],
    ['llamacpp', { preset: 'phi-3-mini-4k-instruct-gguf' }, undefined],
  ] as const)('%s: /dev/shm %s', (runtime, model, shm) => {
    const m = build({ runtime, model });
    const dshm = pod(m).volumes.find((v: any) => v.name === 'dshm');
    const mount = container(m).volumeMounts.find((v: any) => v.name === 'dshm');
    expect(dshm).toEqual(
      shm && { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: shm } },
    );
    expect(mount).toEqual(shm && { name: 'dshm', mountPath: '/dev/shm' });
  });

  it('runs one model-server container with the port, args, sorted env, cache and probes', () => {
    const m = build({ env: { ZED: '1', ALPHA: '2' }, args: ['--metrics'] });
    const c = container(m);
    expect(pod(m).containers).toHaveLength(1);
    expect(c.name).toBe('model-server');
    expect(c.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(c.args.slice(-3)).toEqual(['--ctx-size', '4096', '--metrics']);
    const names = c.env.map((e: any) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual([
      'ALPHA',
      'HF_TOKEN',
      'LLAMA_ARG_N_GPU_LAYERS',
      'LLAMA_CACHE',
      'ZED',
    ]);
    expect(c.env.find((e: any) => e.name === 'HF_TOKEN')).toEqual({
      name: 'HF_TOKEN',
      valueFrom: {
        secretKeyRef: { name: HF_TOKEN_SECRET, key: 'token', optional: true },
      },
    });
    expect(c.volumeMounts).toEqual([
      { name: 'model-cache', mountPath: '/models' },
    ]);
    expect(pod(m).volumes[0]).toEqual({
      name: 'model-cache',
      persistentVolumeClaim: { claimName: 'hmas-chat-model-cache' },
    });
    expect(c.startupProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(pod(m).priorityClassName).toBe('inference-critical');
    expect(pod(m).enableServiceLinks).toBe(false);
    expect(pod(m)).not.toHaveProperty('schedulerName');
  });

  it('reads an HF token only when downloading from the hub, and never over a user value', () => {
    const names = (m: Record<string, any>) =>
      container(m).env.map((e: any) => e.name);
    expect(
      names(
        build({ runtime: 'ollama', model: { preset: 'ollama-qwen2.5-7b' } }),
      ),
    ).not.toContain('HF_TOKEN');
    const own = container(build({ env: { HF_TOKEN: { secret: 'x' } } })).env;
    expect(own.filter((e: any) => e.name === 'HF_TOKEN')).toEqual([
      {
        name: 'HF_TOKEN',
        valueFrom: { secretKeyRef: { name: 'chat-secrets', key: 'HF_TOKEN' } },
      },
    ]);
  });

  it('reads secret env from Secrets, and propagates only its own Secret, without values', () => {
    const m = build({
      env: {
        LOG_LEVEL: 'debug',
        API_KEY: { secret: 'hunter2' },
        HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'token' } },
      },
    });
    const env = container(m).env;
    expect(env).toContainEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(env).toContainEqual({
      name: 'API_KEY',
      valueFrom: { secretKeyRef: { name: 'chat-secrets', key: 'API_KEY' } },
    });
    expect(env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'team-hf', key: 'token' } },
    });
    expect(m.secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'chat-secrets', namespace: 'ml-team' },
      type: 'Opaque',
    });
    expect(m.secret.data).toBeUndefined();
    expect(m.propagationPolicy.spec.resourceSelectors).toContainEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      name: 'chat-secrets',
    });
    expect(
      m.propagationPolicy.spec.resourceSelectors.map((r: any) => r.name),
    ).not.toContain('team-hf');
    expect(
      manifestList(m as any).map((o: any) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'PropagationPolicy/chat-propagation',
      'Secret/chat-secrets',
      'PersistentVolumeClaim/hmas-chat-model-cache',
      'Service/chat',
      'Deployment/chat',
    ]);
    expect(manifestsToYaml(m as any)).not.toContain('hunter2');
  });

  it('has no Secret when no env var reads its own', () => {
    const m = build({
      env: { HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'token' } } },
    });
    expect(m.secret).toBeUndefined();
    expect(
      m.propagationPolicy.spec.resourceSelectors.map((r: any) => r.kind),
    ).not.toContain('Secret');
  });

  it('sets the pod scheduler only when the user chose one', () => {
    const m = build({ schedulerName: 'volcano' }, { zoneSchedulers: ['kai'] });
    expect(pod(m).schedulerName).toBe('volcano');
    expect(m.overridePolicy).toBeUndefined();
  });

  it.each([
    ['h100', ['NVIDIA-H100-80GB-HBM3', 'NVIDIA-H100-PCIe', 'NVIDIA-H100-NVL']],
    [
      'A100',
      [
        'NVIDIA-A100-SXM4-80GB',
        'NVIDIA-A100-SXM4-40GB',
        'NVIDIA-A100-80GB-PCIe',
        'NVIDIA-A100-PCIE-40GB',
      ],
    ],
    ['t4', ['Tesla-T4']],
    ['rtx6000', ['rtx6000', 'RTX6000', 'NVIDIA-RTX6000']],
    ['NVIDIA-L4', ['NVIDIA-L4']],
    [
      'NVIDIA-GeForce-RTX-4090',
      ['NVIDIA-GeForce-RTX-4090', 'NVIDIA-GEFORCE-RTX-4090'],
    ],
  ])('GPU type %s requires node products %j', (gpuType, products) => {
    expect(gpuProductsForType(gpuType)).toEqual(products);
    const m = build({ resources: { gpuType } });
    expect(
      pod(m).affinity.nodeAffinity
        .requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'nvidia.com/gpu.product', operator: 'In', values: products },
          ],
        },
      ],
    });
  });

  it('has no node affinity without a GPU type', () => {
    expect(pod(build())).not.toHaveProperty('affinity');
  });

  it('exposes a ClusterIP Service on port 80', () => {
    expect(build().service.spec).toEqual({
      type: 'ClusterIP',
      selector: {
        'app.kubernetes.io/name': 'chat',
        'h-mas.io/deployment': 'chat',
      },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('creates a ReadWriteOnce PVC unless an existing one is given', () => {
    expect(build().pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    const m = build({ storage: { existingPvc: 'models' } });
    expect(m.pvc).toBeUndefined();
    expect(pod(m).volumes[0].persistentVolumeClaim.claimName).toBe('models');
  });

  it.each([
    [
      {},
      [
        'Deployment/chat',
        'Service/chat',
        'PersistentVolumeClaim/hmas-chat-model-cache',
      ],
    ],
    [
      { storage: { existingPvc: 'models' } },
      ['Deployment/chat', 'Service/chat'],
    ],
  ])('propagates %j as %j', (spec, selected) => {
    const pp = build(spec).propagationPolicy;
    expect(pp.metadata.name).toBe('chat-propagation');
    expect(
      pp.spec.resourceSelectors.map((s: any) => `${s.kind}/${s.name}`),
    ).toEqual(selected);
  });

  it.each([
    [
      { placement: { mode: 'zone', zone: 'gpu-high' } },
      {},
      { labelSelector: { matchLabels: { 'gpu-tier': 'high' } } },
    ],
    [
      { placement: { mode: 'zone', zone: 'gpu-general' } },
      { labelPrefix: 'h-mas.io/' },
      { labelSelector: { matchLabels: { 'h-mas.io/gpu-tier': 'general' } } },
    ],
    [
      { gpuMode: 'cpu', placement: { mode: 'zone', zone: 'cpu-only' } },
      {},
      { labelSelector: { matchLabels: { 'gpu-tier': 'none' } } },
    ],
    [
      { placement: { mode: 'clusters', clusters: ['b', 'a'] } },
      {},
      { clusterNames: ['b', 'a'] },
    ],
  ])(
    'places %j (%j) by %j, divided by available replicas',
    (spec, ctx, affinity) => {
      const placement = build(spec as Partial<DeploymentSpec>, ctx)
        .propagationPolicy.spec.placement;
      expect(placement).toEqual({
        clusterAffinity: affinity,
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      });
    },
  );

  it.each([
    [
      'zone, two schedulers',
      {},
      { zoneSchedulers: ['volcano', 'default-scheduler', 'kai', 'volcano'] },
      ['kai', 'volcano'],
    ],
    [
      'zone, prefixed labels',
      {},
      { labelPrefix: 'h-mas.io/', zoneSchedulers: ['volcano'] },
      ['volcano'],
    ],
    [
      'zone, default scheduler only',
      {},
      { zoneSchedulers: ['default-scheduler'] },
      [],
    ],
    ['zone, no schedulers', {}, {}, []],
    [
      'named clusters',
      { placement: { mode: 'clusters', clusters: ['a'] } },
      { zoneSchedulers: ['volcano'] },
      [],
    ],
    [
      'a user scheduler',
      { schedulerName: 'volcano' },
      { zoneSchedulers: ['kai'] },
      [],
    ],
  ])('override rules for %s', (_, spec, ctx: ManifestContext, schedulers) => {
    const m = build(spec as Partial<DeploymentSpec>, ctx);
    const d = resolveDeployment(
      deploymentSpecSchema.parse({ ...base, ...spec }),
    );
    expect(overrideSchedulers(d, ctx)).toEqual(schedulers);
    const key = `${ctx.labelPrefix ?? ''}scheduler`;
    expect(m.overridePolicy?.metadata.name).toBe(
      schedulers.length ? 'chat-override' : undefined,
    );
    expect(m.overridePolicy?.spec).toEqual(
      schedulers.length
        ? {
            resourceSelectors: [
              { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat' },
            ],
            overrideRules: schedulers.map(s => ({
              targetCluster: { labelSelector: { matchLabels: { [key]: s } } },
              overriders: {
                plaintext: [
                  {
                    path: '/spec/template/spec/schedulerName',
                    operator: 'add',
                    value: s,
                  },
                ],
              },
            })),
          }
        : undefined,
    );
  });

  it('keeps every name within 63 characters for the longest deployment name', () => {
    const name = 'a'.repeat(40);
    const m = build({ name }, { zoneSchedulers: ['volcano'] });
    for (const o of manifestList(m as any) as any[]) {
      expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    }
  });

  it('is deterministic and prints plain multi-document YAML', () => {
    const a = manifestsToYaml(
      build({}, { zoneSchedulers: ['volcano'] }) as any,
    );
    const b = manifestsToYaml(
      build({}, { zoneSchedulers: ['volcano'] }) as any,
    );
    expect(a).toBe(b);
    expect(a).not.toMatch(/[&*]a\d/);
    const docs = YAML.parseAllDocuments(a).map(d => d.toJS());
    expect(docs.map(d => d.kind)).toEqual([
      'OverridePolicy',
      'PropagationPolicy',
      'PersistentVolumeClaim',
      'Service',
      'Deployment',
    ]);
  });
});
