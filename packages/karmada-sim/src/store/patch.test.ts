import type { KubeObject } from '../types';
import { StatusError } from './errors';
import { applyJsonPatch, mergePatch, strategicMerge } from './patch';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [
              { containerPort: 80 },
              { containerPort: 443, name: 'https' },
            ],
            volumeMounts: [{ mountPath: '/data', name: 'data' }],
          },
          { name: 'sidecar', image: 'side:1' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'k1', operator: 'Exists' }],
      },
    },
  },
});

describe('applyJsonPatch', () => {
  it('applies RFC 6902 operations', () => {
    const out = applyJsonPatch(deployment(), [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/c', value: '3' },
      { op: 'remove', path: '/metadata/labels/a' },
    ]);
    expect(out.spec.replicas).toBe(3);
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
  });

  it('rejects a non-array with 400 and a failed test with 422', () => {
    expect(() => applyJsonPatch(deployment(), { op: 'add' })).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({ code: 400 }),
      }),
    );
    let error: StatusError | undefined;
    try {
      applyJsonPatch(deployment(), [
        { op: 'test', path: '/spec/replicas', value: 9 },
      ]);
    } catch (e) {
      error = e as StatusError;
    }
    expect(error?.code).toBe(422);
    expect(error?.reason).toBe('Invalid');
  });
});

describe('mergePatch', () => {
  it('deletes on null and replaces arrays', () => {
    const out = mergePatch(deployment(), {
      metadata: { labels: { a: null, c: '3' } },
      spec: { template: { spec: { containers: [{ name: 'only' }] } } },
    }) as KubeObject;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only' }]);
    expect(out.spec.replicas).toBe(1);
  });
});

describe('strategicMerge', () => {
  it('merges containers and env by name, ports by containerPort, mounts by mountPath', () => {
    const out = strategicMerge(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:2',
                env: [
                  { name: 'B', value: 'two' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                volumeMounts: [{ mountPath: '/cache', name: 'cache' }],
              },
            ],
            volumes: [{ name: 'cache', emptyDir: {} }],
          },
        },
      },
    }) as KubeObject;
    const [app, sidecar] = out.spec.template.spec.containers;
    expect(app.image).toBe('app:2');
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(app.ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 443, name: 'https' },
    ]);
    expect(app.volumeMounts.map((m: any) => m.mountPath)).toEqual([
      '/data',
      '/cache',
    ]);
    expect(sidecar).toEqual({ name: 'sidecar', image: 'side:1' });
    expect(out.spec.template.spec.volumes.map((v: any) => v.name)).toEqual([
      'data',
      'cache',
    ]);
  });

  it('replaces tolerations, honours $patch: delete / replace and $setElementOrder', () => {
    const out = strategicMerge(deployment(), {
      metadata: { finalizers: ['y'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }],
            containers: [{ name: 'sidecar', $patch: 'delete' }],
            tolerations: [{ key: 'k2', operator: 'Exists' }],
            volumes: [{ name: 'x', emptyDir: {} }, { $patch: 'replace' }],
          },
        },
      },
    }) as KubeObject;
    const spec = out.spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(spec.tolerations).toEqual([{ key: 'k2', operator: 'Exists' }]);
    expect(spec.volumes).toEqual([{ name: 'x', emptyDir: {} }]);
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
    expect(Object.keys(spec).some(k => k.startsWith('$'))).toBe(false);
  });

  it('deletes a map with $patch: delete and keys with null', () => {
    const out = strategicMerge(deployment(), {
      metadata: { labels: { a: null } },
      spec: { template: { $patch: 'delete' } },
    }) as KubeObject;
    expect(out.metadata.labels).toEqual({ b: '2' });
    expect(out.spec.template).toBeUndefined();
  });
});
