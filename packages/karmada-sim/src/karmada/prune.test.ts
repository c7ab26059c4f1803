import { vendoredCrdSchemas } from './crds';
import { pruneBySchema } from './prune';
import { pruneBuiltin } from '../kube/knownFields';

function schemaOf(apiVersion: string, kind: string) {
  const found = vendoredCrdSchemas().find(apiVersion, kind);
  if (!found) throw new Error(`no CRD for ${kind}`);
  return found.version.schema;
}

describe('pruneBySchema', () => {
  const pp = schemaOf('policy.karmada.io/v1alpha1', 'PropagationPolicy');

  it('drops undeclared fields at every level and returns their paths', () => {
    const obj: Record<string, any> = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'p', bogusMeta: 1 },
      bogus: true,
      spec: {
        bogus: 'x',
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', nope: 1 },
        ],
        placement: { clusterAffinity: { clusterNames: ['a'], extra: {} } },
      },
    };
    expect(pruneBySchema(pp, obj)).toEqual([
      'metadata.bogusMeta',
      'bogus',
      'spec.bogus',
      'spec.resourceSelectors[0].nope',
      'spec.placement.clusterAffinity.extra',
    ]);
    expect(obj).toEqual({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'p' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
        placement: { clusterAffinity: { clusterNames: ['a'] } },
      },
    });
  });

  it('keeps whatever sits under x-kubernetes-preserve-unknown-fields', () => {
    const work = schemaOf('work.karmada.io/v1alpha1', 'Work');
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { anything: { goes: true } },
    };
    const obj: Record<string, any> = {
      apiVersion: 'work.karmada.io/v1alpha1',
      kind: 'Work',
      metadata: { name: 'w' },
      spec: { workload: { manifests: [manifest] } },
    };
    expect(pruneBySchema(work, obj)).toEqual([]);
    expect(obj.spec.workload.manifests[0]).toEqual(manifest);
  });

  it('keeps the values of additionalProperties maps', () => {
    const obj: Record<string, any> = {
      spec: {
        resourceSelectors: [
          { kind: 'Deployment', labelSelector: { matchLabels: { a: 'b' } } },
        ],
      },
    };
    expect(pruneBySchema(pp, obj)).toEqual([]);
  });
});

describe('pruneBuiltin', () => {
  it('drops unknown top-level, metadata and spec fields of a covered kind', () => {
    const obj: Record<string, any> = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', colour: 'red' },
      spec: { replicas: 1, bogus: 1, $setElementOrder: [] },
      extra: 1,
    };
    expect(pruneBuiltin('apps', 'Deployment', obj)).toEqual([
      'metadata.colour',
      'spec.bogus',
      'extra',
    ]);
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, $setElementOrder: [] },
    });
  });

  it.each([
    [
      '',
      'ConfigMap',
      { data: {}, binaryData: {}, immutable: true, spec: {} },
      ['spec'],
    ],
    [
      '',
      'Secret',
      { data: {}, stringData: {}, type: 'Opaque', status: {} },
      ['status'],
    ],
    ['scheduling.k8s.io', 'PriorityClass', { value: 1, spec: {} }, ['spec']],
    ['', 'Namespace', { spec: { finalizers: [], x: 1 } }, ['spec.x']],
    ['', 'Pod', { spec: { anything: 1 } }, []],
  ])('%s %s', (group, kind, obj, pruned) => {
    expect(pruneBuiltin(group, kind, obj as Record<string, any>)).toEqual(
      pruned,
    );
  });
});
