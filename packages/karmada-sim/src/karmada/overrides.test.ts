import { KubeObject } from '../types';
import { applyOverrides, overrideImage } from './overrides';
import {
  cluster,
  clusterOverridePolicy,
  overridePolicy,
} from './__fixtures__/objects';

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'llama',
      namespace: 'team-a',
      labels: { app: 'llama' },
      annotations: { note: 'x' },
    },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'llama' } },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'docker.io/vllm/vllm-openai:v0.6.4',
              args: ['--model', 'llama', '--port=8000'],
            },
            {
              name: 'sidecar',
              image: 'busybox',
              command: ['sh', '-c', 'sleep inf'],
            },
          ],
        },
      },
    },
  };
}

function policyWith(
  overriders: any,
  targetCluster?: any,
  name = 'p',
): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: { name, namespace: 'team-a' },
    spec: {
      overrideRules: [
        { ...(targetCluster ? { targetCluster } : {}), overriders },
      ],
    },
  };
}

const seoul = cluster('gpu-hp-seoul', {
  labels: { scheduler: 'kai-scheduler' },
  provider: 'on-premise',
});
const frankfurt = cluster('gpu-gen-frankfurt', {
  labels: { scheduler: 'default-scheduler' },
  provider: 'hetzner',
});
const virginia = cluster('gpu-gen-virginia', {
  labels: { scheduler: 'volcano' },
  provider: 'aws',
});

describe('overrideImage', () => {
  it.each<[string, string, any, string]>([
    [
      'registry replace',
      'docker.io/vllm/vllm-openai:v0.6.4',
      { component: 'Registry', operator: 'replace', value: 'mirror.local' },
      'mirror.local/vllm/vllm-openai:v0.6.4',
    ],
    [
      'registry add appends',
      'registry.k8s.io/pause:3.9',
      { component: 'Registry', operator: 'add', value: '.cn' },
      'registry.k8s.io.cn/pause:3.9',
    ],
    [
      'registry remove',
      'docker.io/vllm/vllm-openai:v0.6.4',
      { component: 'Registry', operator: 'remove' },
      'vllm/vllm-openai:v0.6.4',
    ],
    [
      'registry replace without a registry',
      'busybox',
      { component: 'Registry', operator: 'replace', value: 'mirror.local' },
      'mirror.local/busybox',
    ],
    [
      'repository replace',
      'localhost:5000/a/b:1',
      { component: 'Repository', operator: 'replace', value: 'c/d' },
      'localhost:5000/c/d:1',
    ],
    [
      'repository add',
      'ghcr.io/ggml-org/llama.cpp:server',
      { component: 'Repository', operator: 'add', value: '-cuda' },
      'ghcr.io/ggml-org/llama.cpp-cuda:server',
    ],
    [
      'tag replace',
      'ollama/ollama:0.5.1',
      { component: 'Tag', operator: 'replace', value: '0.5.4' },
      'ollama/ollama:0.5.4',
    ],
    [
      'tag add',
      'ollama/ollama:0.5.1',
      { component: 'Tag', operator: 'add', value: '-rocm' },
      'ollama/ollama:0.5.1-rocm',
    ],
    [
      'tag remove',
      'ollama/ollama:0.5.1',
      { component: 'Tag', operator: 'remove' },
      'ollama/ollama',
    ],
    [
      'tag replace with a digest',
      'nginx:1.27',
      {
        component: 'Tag',
        operator: 'replace',
        value:
          'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      },
      'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ],
  ])('%s', (_name, image, overrider, expected) => {
    expect(overrideImage(image, overrider)).toBe(expected);
  });
});

describe('applyOverrides', () => {
  it.each<[string, any, (o: KubeObject) => unknown, unknown]>([
    [
      'plaintext add',
      {
        plaintext: [
          {
            operator: 'add',
            path: '/spec/template/spec/schedulerName',
            value: 'kai-scheduler',
          },
        ],
      },
      o => o.spec.template.spec.schedulerName,
      'kai-scheduler',
    ],
    [
      'plaintext replace',
      {
        plaintext: [{ operator: 'replace', path: '/spec/replicas', value: 5 }],
      },
      o => o.spec.replicas,
      5,
    ],
    [
      'plaintext remove',
      {
        plaintext: [{ operator: 'remove', path: '/metadata/annotations/note' }],
      },
      o => o.metadata.annotations,
      {},
    ],
    [
      'image on every container by default',
      {
        imageOverrider: [
          { component: 'Registry', operator: 'replace', value: 'mirror.local' },
        ],
      },
      o => o.spec.template.spec.containers.map((c: any) => c.image),
      ['mirror.local/vllm/vllm-openai:v0.6.4', 'mirror.local/busybox'],
    ],
    [
      'image by predicate path',
      {
        imageOverrider: [
          {
            component: 'Tag',
            operator: 'replace',
            value: 'latest',
            predicate: { path: '/spec/template/spec/containers/1/image' },
          },
        ],
      },
      o => o.spec.template.spec.containers.map((c: any) => c.image),
      ['docker.io/vllm/vllm-openai:v0.6.4', 'busybox:latest'],
    ],
    [
      'args add',
      {
        argsOverrider: [
          {
            containerName: 'server',
            operator: 'add',
            value: ['--max-model-len=8192'],
          },
        ],
      },
      o => o.spec.template.spec.containers[0].args,
      ['--model', 'llama', '--port=8000', '--max-model-len=8192'],
    ],
    [
      'args remove',
      {
        argsOverrider: [
          {
            containerName: 'server',
            operator: 'remove',
            value: ['--port=8000'],
          },
        ],
      },
      o => o.spec.template.spec.containers[0].args,
      ['--model', 'llama'],
    ],
    [
      'args add where there were none',
      {
        argsOverrider: [
          { containerName: 'sidecar', operator: 'add', value: ['-v'] },
        ],
      },
      o => o.spec.template.spec.containers[1].args,
      ['-v'],
    ],
    [
      'command add',
      {
        commandOverrider: [
          { containerName: 'sidecar', operator: 'add', value: ['--debug'] },
        ],
      },
      o => o.spec.template.spec.containers[1].command,
      ['sh', '-c', 'sleep inf', '--debug'],
    ],
    [
      'command for another container is untouched',
      {
        commandOverrider: [
          { containerName: 'nope', operator: 'add', value: ['x'] },
        ],
      },
      o => o.spec.template.spec.containers[1].command,
      ['sh', '-c', 'sleep inf'],
    ],
    [
      'labels add',
      {
        labelsOverrider: [
          { operator: 'add', value: { 'hmas.io/zone': 'gpu-high' } },
        ],
      },
      o => o.metadata.labels,
      { app: 'llama', 'hmas.io/zone': 'gpu-high' },
    ],
    [
      'labels replace only existing keys',
      {
        labelsOverrider: [
          { operator: 'replace', value: { app: 'llm', missing: 'x' } },
        ],
      },
      o => o.metadata.labels,
      { app: 'llm' },
    ],
    [
      'labels remove',
      { labelsOverrider: [{ operator: 'remove', value: { app: '' } }] },
      o => o.metadata.labels,
      {},
    ],
    [
      'annotations add',
      { annotationsOverrider: [{ operator: 'add', value: { 'a/b': 'c' } }] },
      o => o.metadata.annotations,
      { note: 'x', 'a/b': 'c' },
    ],
    [
      'annotations replace',
      { annotationsOverrider: [{ operator: 'replace', value: { note: 'y' } }] },
      o => o.metadata.annotations,
      { note: 'y' },
    ],
  ])('%s', (_name, overriders, pick, expected) => {
    const input = deployment();
    const before = structuredClone(input);
    const result = applyOverrides(input, [policyWith(overriders)], seoul);
    expect(pick(result.object)).toEqual(expected);
    expect(result.applied).toEqual(['p']);
    expect(result.errors).toEqual([]);
    expect(input).toEqual(before);
  });

  it.each<[string, KubeObject, string | undefined]>([
    ['labels target', virginia, 'volcano'],
    ['names target', frankfurt, undefined],
    ['no rule for the cluster', seoul, undefined],
  ])(
    'applies rules only to their target clusters: %s',
    (_name, target, schedulerName) => {
      const result = applyOverrides(deployment(), [overridePolicy()], target);
      expect(result.object.spec.template.spec.schedulerName).toBe(
        schedulerName,
      );
    },
  );

  it('applies every overrider of the Frankfurt rule', () => {
    const { object, applied } = applyOverrides(
      deployment(),
      [overridePolicy()],
      frankfurt,
    );
    expect(applied).toEqual(['llama-op']);
    expect(object.spec.template.spec.containers[0].image).toBe(
      'registry.eu.hmas.internal/vllm/vllm-openai:v0.6.4',
    );
    expect(object.spec.template.spec.containers[0].args).toContain(
      '--max-model-len=8192',
    );
    expect(object.metadata.labels).toMatchObject({ 'hmas.io/region': 'eu' });
    expect(object.metadata.annotations).toMatchObject({
      'hmas.io/override': 'frankfurt',
    });
  });

  it('reports no policy when no rule targets the cluster', () => {
    expect(
      applyOverrides(deployment(), [overridePolicy()], seoul).applied,
    ).toEqual([]);
  });

  it('applies policies in order so later ones win', () => {
    const first = policyWith(
      { plaintext: [{ operator: 'add', path: '/spec/replicas', value: 1 }] },
      undefined,
      'first',
    );
    const second = policyWith(
      { plaintext: [{ operator: 'add', path: '/spec/replicas', value: 9 }] },
      undefined,
      'second',
    );
    const result = applyOverrides(deployment(), [first, second], seoul);
    expect(result.object.spec.replicas).toBe(9);
    expect(result.applied).toEqual(['first', 'second']);
  });

  it('supports the legacy overriders + targetCluster form', () => {
    const legacy = clusterOverridePolicy({
      overrideRules: undefined,
      targetCluster: {
        fieldSelector: {
          matchExpressions: [
            { key: 'provider', operator: 'In', values: ['aws'] },
          ],
        },
      },
      overriders: {
        plaintext: [{ operator: 'replace', path: '/spec/replicas', value: 1 }],
      },
    });
    expect(
      applyOverrides(deployment(), [legacy], virginia).object.spec.replicas,
    ).toBe(1);
    expect(
      applyOverrides(deployment(), [legacy], seoul).object.spec.replicas,
    ).toBe(2);
  });

  it('reports a failing patch and keeps going', () => {
    const policy = policyWith({
      plaintext: [
        { operator: 'replace', path: '/spec/missing/field', value: 1 },
      ],
      labelsOverrider: [{ operator: 'add', value: { ok: 'yes' } }],
    });
    const result = applyOverrides(deployment(), [policy], seoul);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^OverridePolicy\/p\.overrideRules\[0\]\.plaintext\[0\]: /,
      ),
    ]);
    expect(result.object.metadata.labels).toMatchObject({ ok: 'yes' });
  });

  it('rewrites a JSON document inside a string field with fieldOverrider', () => {
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { 'config.json': JSON.stringify({ maxTokens: 512 }) },
    };
    const result = applyOverrides(
      configMap,
      [
        policyWith({
          fieldOverrider: [
            {
              fieldPath: '/data/config.json',
              json: [
                { operator: 'replace', subPath: '/maxTokens', value: 4096 },
              ],
            },
          ],
        }),
      ],
      seoul,
    );
    expect(JSON.parse((result.object.data as any)['config.json'])).toEqual({
      maxTokens: 4096,
    });
  });
});
