import YAML from 'yaml';
import { gpuProductsForType } from './gpuProducts';
import {
  buildManifests,
  DEPLOYMENT_OBJECT_KINDS,
  deploymentLabels,
  HF_TOKEN_SECRET,
  manifestList,
  manifestsToYaml,
  ManifestContext,
  overrideSchedulers,
  rolloutStrategy,
} from './manifests';
import { resolveDeployment } from './resolve';
import {
  builtinRuntimes,
  runtimeById,
  runtimeLoadStrategies,
} from './runtimes';
import {
  DEFAULT_KAI_QUEUE,
  effectiveDeploymentSettings,
  mirroredImage,
} from './settings';
import {
  createDeploymentSpecSchema,
  DeploymentSpec,
  deploymentSpecSchema,
} from './spec';

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
      'PodDisruptionBudget/chat',
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
      'HOME',
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
      { name: 'tmp', mountPath: '/tmp' },
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
      'PodDisruptionBudget/chat',
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
  ])('GPU type %s requires node products %j', (gpuType, names) => {
    // Each also as GPU Feature Discovery renames it on a time-sliced node.
    const products = [...names, ...names.map(n => `${n}-SHARED`)];
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
    expect(pod(build()).affinity).not.toHaveProperty('nodeAffinity');
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
        'PodDisruptionBudget/chat',
        'PersistentVolumeClaim/hmas-chat-model-cache',
      ],
    ],
    [
      { storage: { existingPvc: 'models' } },
      ['Deployment/chat', 'Service/chat', 'PodDisruptionBudget/chat'],
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
      'PodDisruptionBudget',
      'Deployment',
    ]);
  });
});

describe('what a real cluster needs of the pods', () => {
  const withSettings = (
    spec: Partial<DeploymentSpec>,
    settings: Parameters<typeof effectiveDeploymentSettings>[0],
    ctx: ManifestContext = {},
    existingPvcAccessModes?: string[],
  ) => {
    const placement = spec.placement ?? base.placement;
    const zone = placement.mode === 'zone' ? placement.zone : undefined;
    const effective = effectiveDeploymentSettings(settings, zone);
    const d = resolveDeployment(
      createDeploymentSpecSchema([], { offline: effective.offline }).parse({
        ...base,
        ...spec,
      }),
      { settings: effective, existingPvcAccessModes },
    );
    return buildManifests(d, { ...ctx, settings: effective }) as Record<
      string,
      any
    >;
  };

  it.each(builtinRuntimes.map(r => r.id))(
    '%s meets the restricted Pod Security Standard',
    id => {
      const runtime = runtimeById(id)!;
      const spec: Partial<DeploymentSpec> = {
        runtime: id,
        model: { modelId: 'org/model', sizeGb: 1, hfFile: 'm.gguf' },
        ...(runtimeLoadStrategies(runtime).includes('hf-download') ||
        runtimeLoadStrategies(runtime).includes('ollama-pull')
          ? {}
          : { storage: { existingPvc: 'models' } }),
      };
      const m = build(spec);
      expect(pod(m).securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod(m).automountServiceAccountToken).toBe(false);
      const c = container(m);
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
      // A read-only root needs a writable HOME and /tmp; nothing is mounted under /root,
      // which a non-root user cannot traverse.
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(c.env).toContainEqual({ name: 'HOME', value: '/tmp' });
      for (const mount of c.volumeMounts) {
        expect(mount.mountPath).not.toMatch(/^\/root/);
      }
      // Ports a non-root process can bind.
      for (const p of c.ports) expect(p.containerPort).toBeGreaterThan(1023);
    },
  );

  it.each([
    [
      'cpu',
      1,
      {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
    ],
    [
      'cpu',
      3,
      {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
    ],
    ['gpu', 1, { type: 'Recreate' }],
    [
      'gpu',
      2,
      {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      },
    ],
  ] as const)(
    '%s mode with %d replica(s) rolls out as %j',
    (mode, replicas, strategy) => {
      const m = build({
        gpuMode: mode,
        replicas,
        placement: {
          mode: 'zone',
          zone: mode === 'cpu' ? 'cpu-only' : 'gpu-general',
        },
      });
      expect(m.deployment.spec.strategy).toEqual(strategy);
      expect(rolloutStrategy({ gpu: mode === 'gpu', replicas })).toEqual(
        strategy,
      );
    },
  );

  it('has a PodDisruptionBudget that lets one pod of a cluster go at a time', () => {
    expect(build({ replicas: 3 }).podDisruptionBudget).toMatchObject({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'chat', namespace: 'ml-team' },
      spec: {
        maxUnavailable: 1,
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'chat',
            'h-mas.io/deployment': 'chat',
          },
        },
      },
    });
  });

  const selector = {
    matchLabels: {
      'app.kubernetes.io/name': 'chat',
      'h-mas.io/deployment': 'chat',
    },
  };

  it.each([
    ['a created ReadWriteOnce cache', {}, undefined, 'node'],
    [
      'a created ReadWriteMany cache',
      { accessMode: 'ReadWriteMany' as const },
      undefined,
      'cluster',
    ],
    ['an existing volume of unknown mode', {}, [], 'node'],
    ['an existing ReadWriteOnce volume', {}, ['ReadWriteOnce'], 'node'],
    ['an existing ReadOnlyMany volume', {}, ['ReadOnlyMany'], 'cluster'],
  ])('%s: pods %s', (_, settings, modes, shared) => {
    const m = withSettings(
      {
        replicas: 2,
        ...(modes ? { storage: { existingPvc: 'models' } } : {}),
      },
      settings,
      {},
      modes as string[] | undefined,
    );
    const p = pod(m);
    // Replicas of one cluster share the node the volume is attached to, or spread.
    const together = {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' },
      ],
    };
    const spread = [
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ].map(topologyKey => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: selector,
    }));
    expect({
      podAffinity: p.affinity?.podAffinity,
      topologySpreadConstraints: p.topologySpreadConstraints,
    }).toEqual(
      shared === 'node'
        ? { podAffinity: together, topologySpreadConstraints: undefined }
        : { podAffinity: undefined, topologySpreadConstraints: spread },
    );
  });

  it('asks for the zone’s storage class and access mode, or the cluster default', () => {
    expect(withSettings({}, {}).pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    const settings = {
      storageClassName: 'fast',
      zones: {
        'gpu-general': {
          storageClassName: 'nfs-client',
          accessMode: 'ReadWriteMany' as const,
        },
      },
    };
    expect(withSettings({}, settings).pvc.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'nfs-client',
      resources: { requests: { storage: '10Gi' } },
    });
    expect(
      withSettings({ placement: { mode: 'zone', zone: 'gpu-high' } }, settings)
        .pvc.spec,
    ).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast',
      resources: { requests: { storage: '10Gi' } },
    });
  });

  it('gives Triton /dev/shm and exposes its gRPC port on the container and the Service', () => {
    const m = build({
      runtime: 'triton',
      model: { preset: 'all-minilm-l6-v2' },
      storage: { existingPvc: 'repo' },
    });
    expect(container(m).ports).toEqual([
      { name: 'http', containerPort: 8000, protocol: 'TCP' },
      { name: 'grpc', containerPort: 8001, protocol: 'TCP' },
    ]);
    expect(container(m).args).toContain('--grpc-port=8001');
    expect(m.service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 8001, targetPort: 'grpc', protocol: 'TCP' },
    ]);
    expect(pod(m).volumes).toContainEqual({
      name: 'dshm',
      emptyDir: { medium: 'Memory', sizeLimit: '2Gi' },
    });
  });

  it('pulls pinned images only when absent, through the mirror when one is set', () => {
    expect(container(build()).imagePullPolicy).toBe('IfNotPresent');
    expect(
      container(
        withSettings({}, { imageRegistryMirror: 'mirror.internal:5000' }),
      ).image,
    ).toBe('mirror.internal:5000/ggml-org/llama.cpp:server-cuda-b6700');
  });

  it.each([
    ['vllm/vllm-openai:v0.11.0', 'm.internal/vllm/vllm-openai:v0.11.0'],
    ['ollama:0.12.3', 'm.internal/library/ollama:0.12.3'],
    ['ghcr.io/ggml-org/llama.cpp:b1', 'm.internal/ggml-org/llama.cpp:b1'],
    ['localhost/x:1', 'm.internal/x:1'],
    ['registry:5000/team/x:1', 'm.internal/team/x:1'],
  ])('mirrors %s as %s', (image, mirrored) => {
    expect(mirroredImage(image, 'm.internal/')).toBe(mirrored);
    expect(mirroredImage(image)).toBe(image);
  });

  it('offline: refuses downloads, defaults to the pre-loaded volume and runs the hub libraries offline', () => {
    const schema = createDeploymentSpecSchema([], { offline: true });
    const download = schema.safeParse({ ...base, loadStrategy: 'hf-download' });
    expect(download.success).toBe(false);
    expect(JSON.stringify(download.error?.issues)).toContain(
      'hf-download downloads the model, and the deployment is offline (its zone is offline)',
    );
    const bare = schema.safeParse(base);
    expect(JSON.stringify(bare.error?.issues)).toContain(
      'Loading from a PVC needs the pre-loaded volume',
    );
    const ollama = deploymentSpecSchema.safeParse({
      ...base,
      runtime: 'ollama',
      model: { preset: 'ollama-llama3.1-8b' },
      offline: true,
    });
    expect(JSON.stringify(ollama.error?.issues)).toContain(
      'Loading from a PVC needs the pre-loaded volume',
    );
    const m = withSettings(
      { storage: { existingPvc: 'models' } },
      { zones: { 'gpu-general': { offline: true } } },
    );
    expect(container(m).env).toContainEqual({
      name: 'HF_HUB_OFFLINE',
      value: '1',
    });
    expect(JSON.stringify(container(m).args)).not.toContain('--hf-repo');
    expect(
      container(m).env.find((e: any) => e.name === 'HF_TOKEN'),
    ).toBeUndefined();
  });

  it('sets the RuntimeClass of GPU pods on the clusters configured for one', () => {
    const settings = {
      clusters: {
        'gpu-b': { runtimeClassName: 'nvidia' },
        'gpu-a': { runtimeClassName: 'nvidia-cdi' },
      },
    };
    const op = withSettings({ gpuMode: 'gpu' }, settings).overridePolicy;
    expect(op.spec.overrideRules).toEqual([
      {
        targetCluster: { clusterNames: ['gpu-a'] },
        overriders: {
          plaintext: [
            {
              path: '/spec/template/spec/runtimeClassName',
              operator: 'add',
              value: 'nvidia-cdi',
            },
          ],
        },
      },
      {
        targetCluster: { clusterNames: ['gpu-b'] },
        overriders: {
          plaintext: [
            {
              path: '/spec/template/spec/runtimeClassName',
              operator: 'add',
              value: 'nvidia',
            },
          ],
        },
      },
    ]);
    // CPU pods need no GPU runtime.
    expect(
      withSettings(
        { gpuMode: 'cpu', placement: { mode: 'zone', zone: 'cpu-only' } },
        settings,
      ).overridePolicy,
    ).toBeUndefined();
  });

  it('puts KAI-scheduled pods in a KAI queue, chosen or by override', () => {
    const chosen = withSettings(
      { schedulerName: 'kai-scheduler' },
      { kaiQueue: 'team-a' },
    );
    expect(pod(chosen).schedulerName).toBe('kai-scheduler');
    expect(chosen.deployment.spec.template.metadata.labels).toMatchObject({
      'kai.scheduler/queue': 'team-a',
    });
    // Not on the selector or the other objects: the queue is the pods' only.
    expect(chosen.deployment.spec.selector.matchLabels).not.toHaveProperty(
      'kai.scheduler/queue',
    );
    expect(chosen.deployment.metadata.labels).not.toHaveProperty(
      'kai.scheduler/queue',
    );
    const zone = build({}, { zoneSchedulers: ['kai-scheduler', 'volcano'] });
    expect(zone.overridePolicy.spec.overrideRules).toEqual([
      {
        targetCluster: {
          labelSelector: { matchLabels: { scheduler: 'kai-scheduler' } },
        },
        overriders: {
          plaintext: [
            {
              path: '/spec/template/spec/schedulerName',
              operator: 'add',
              value: 'kai-scheduler',
            },
            {
              path: '/spec/template/metadata/labels/kai.scheduler~1queue',
              operator: 'add',
              value: DEFAULT_KAI_QUEUE,
            },
          ],
        },
      },
      {
        targetCluster: {
          labelSelector: { matchLabels: { scheduler: 'volcano' } },
        },
        overriders: {
          plaintext: [
            {
              path: '/spec/template/spec/schedulerName',
              operator: 'add',
              value: 'volcano',
            },
          ],
        },
      },
    ]);
  });
});

describe('DEPLOYMENT_OBJECT_KINDS', () => {
  it('names every kind a plan creates, in the create order', () => {
    const m = build(
      {
        replicas: 2,
        env: { API_KEY: { secret: 'x' } } as any,
      },
      { zoneSchedulers: ['volcano'] },
    );
    const objects = manifestList(m as any) as any[];
    expect(objects.map(o => [o.apiVersion, o.kind])).toEqual(
      DEPLOYMENT_OBJECT_KINDS.map(k => [...k]),
    );
  });
});

describe('GPU sharing', () => {
  it('requests a MIG device as its own resource, without a product affinity', () => {
    const m = build({ resources: { gpuType: 'mig-1g.5gb' } });
    expect(container(m).resources).toEqual({
      requests: { cpu: '2', memory: '5Gi', 'nvidia.com/mig-1g.5gb': '1' },
      limits: { memory: '5Gi', 'nvidia.com/mig-1g.5gb': '1' },
    });
    expect(pod(m).affinity.nodeAffinity).toBeUndefined();
    expect(JSON.stringify(container(m).resources)).not.toContain(
      '"nvidia.com/gpu"',
    );
  });

  it.each([
    [{ gpuType: 'mig-1g.5gb', gpu: 2 }, 'resources.gpu', 'one MIG device'],
    [{ gpuType: 'mig-huge' }, 'resources.gpuType', 'is not a MIG profile'],
  ])('refuses %j at %s', (resources, path, message) => {
    const parsed = deploymentSpecSchema.safeParse({ ...base, resources });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find(i => i.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });
});
