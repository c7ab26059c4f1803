import type { KubeObject } from '../types';
import { CONTROL_PLANE } from '../types';
import { ObjectStore, type ChangeEvent } from './ObjectStore';
import { StatusError } from './errors';
import { parseLabelSelector } from './selectors';

const fixedClock = () => new Date('2024-05-01T10:00:00.123Z');

function newStore(historyLimit?: number) {
  let n = 0;
  return new ObjectStore({
    clock: fixedClock,
    historyLimit,
    uid: () => `uid-${++n}`,
    random: () => 0,
  });
}

function cm(name: string, data: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  } as KubeObject;
}

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('ObjectStore', () => {
  it('fills server metadata on create', () => {
    const store = newStore();
    const created = store.create(CONTROL_PLANE, 'configmaps', cm('a'));
    expect(created.metadata).toMatchObject({
      name: 'a',
      namespace: 'default',
      uid: expect.stringMatching(/^uid-/),
      creationTimestamp: '2024-05-01T10:00:00Z',
      generation: 1,
    });
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(store.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('generates names, folds secret stringData and rejects duplicates', () => {
    const store = newStore();
    const g = store.create(CONTROL_PLANE, 'configmaps', {
      ...cm(''),
      metadata: { generateName: 'web-' },
    });
    expect(g.metadata.name).toBe('web-bbbbb');
    const secret = store.create(CONTROL_PLANE, 'secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { token: 'abc' },
    });
    expect(secret.data).toEqual({
      token: Buffer.from('abc').toString('base64'),
    });
    expect(secret.stringData).toBeUndefined();
    expect(
      thrown(() => store.create(CONTROL_PLANE, 'secrets', secret)).code,
    ).toBe(500);
    expect(
      thrown(() =>
        store.create(CONTROL_PLANE, 'configmaps', cm(g.metadata.name!)),
      ).reason,
    ).toBe('AlreadyExists');
  });

  it('answers 404 for a create into a missing namespace', () => {
    const store = newStore();
    const e = thrown(() =>
      store.create(CONTROL_PLANE, 'configmaps', cm('a'), { namespace: 'nope' }),
    );
    expect(e.status).toMatchObject({
      code: 404,
      message: 'namespaces "nope" not found',
    });
  });

  it('bumps generation only for changes outside metadata and status', () => {
    const store = newStore();
    const d = store.create(CONTROL_PLANE, 'deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1 },
      status: { replicas: 5 },
    });
    expect(d.status).toBeUndefined();
    const labelled = store.update(CONTROL_PLANE, 'deployments.apps', {
      ...d,
      metadata: { ...d.metadata, labels: { a: 'b' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = store.update(CONTROL_PLANE, 'deployments.apps', {
      ...labelled,
      spec: { replicas: 2 },
      status: { replicas: 9 },
    });
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toBeUndefined();
    const status = store.updateStatus(CONTROL_PLANE, 'deployments.apps', {
      ...scaled,
      spec: { replicas: 7 },
      status: { replicas: 2 },
    });
    expect(status.spec.replicas).toBe(2);
    expect(status.status).toEqual({ replicas: 2 });
    expect(status.metadata.generation).toBe(2);
  });

  it('rejects a stale resourceVersion and skips no-op writes', () => {
    const store = newStore();
    const a = store.create(CONTROL_PLANE, 'configmaps', cm('a', { k: '1' }));
    const b = store.update(CONTROL_PLANE, 'configmaps', {
      ...a,
      data: { k: '2' },
    });
    expect(
      thrown(() =>
        store.update(CONTROL_PLANE, 'configmaps', { ...a, data: { k: '3' } }),
      ).reason,
    ).toBe('Conflict');
    const same = store.update(CONTROL_PLANE, 'configmaps', b);
    expect(same.metadata.resourceVersion).toBe(b.metadata.resourceVersion);
  });

  it('keeps objects with finalizers until they are emptied', () => {
    const store = newStore();
    const events: ChangeEvent[] = [];
    store.onChange(e => events.push(e));
    const a = store.create(CONTROL_PLANE, 'configmaps', {
      ...cm('a'),
      metadata: { name: 'a', finalizers: ['example.com/hold'] },
    });
    const deleting = store.delete(CONTROL_PLANE, 'configmaps', 'a');
    expect(deleting.metadata.deletionTimestamp).toBe('2024-05-01T10:00:00Z');
    expect(store.tryGet(CONTROL_PLANE, 'configmaps', 'a')).toBeDefined();
    expect(
      thrown(() =>
        store.update(CONTROL_PLANE, 'configmaps', {
          ...deleting,
          metadata: {
            ...deleting.metadata,
            finalizers: ['example.com/hold', 'new'],
          },
        }),
      ).code,
    ).toBe(422);
    store.update(CONTROL_PLANE, 'configmaps', {
      ...deleting,
      metadata: { ...deleting.metadata, finalizers: [] },
    });
    expect(store.tryGet(CONTROL_PLANE, 'configmaps', 'a')).toBeUndefined();
    expect(events.map(e => e.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'MODIFIED',
      'DELETED',
    ]);
    expect(events[0].object.metadata.uid).toBe(a.metadata.uid);
  });

  it('cascades a namespace delete and collects owned dependents', () => {
    const store = newStore();
    store.addCluster('m1');
    store.create('m1', 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns' },
    });
    const rs = store.create('m1', 'replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs', namespace: 'default' },
    });
    store.create('m1', 'pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid: rs.metadata.uid!,
          },
        ],
      },
    });
    store.create('m1', 'configmaps', cm('c'), { namespace: 'ns' });
    store.delete('m1', 'replicasets.apps', 'rs');
    expect(store.tryGet('m1', 'pods', 'p')).toBeUndefined();
    store.delete('m1', 'namespaces', 'ns');
    expect(store.tryGet('m1', 'configmaps', 'c', 'ns')).toBeUndefined();
    expect(store.tryGet('m1', 'namespaces', 'ns')).toBeUndefined();
    // The control plane does not serve pods; members do.
    expect(thrown(() => store.list(CONTROL_PLANE, 'pods')).code).toBe(404);
    store.removeCluster('m1');
    expect(store.hasCluster('m1')).toBe(false);
  });

  it('gives a resourceVersion to an object whose metadata admission replaced', () => {
    const store = newStore();
    store.registerAdmission(
      { group: 'policy.karmada.io', resource: 'propagationpolicies' },
      ({ object }) => {
        // As schema pruning does: a new metadata object.
        object.metadata = { ...object.metadata, labels: { pruned: 'yes' } };
        return undefined;
      },
    );
    const created = store.create(
      CONTROL_PLANE,
      'propagationpolicies.policy.karmada.io',
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'pp', namespace: 'default' },
        spec: { placement: {} },
      },
    );
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata.labels).toEqual({ pruned: 'yes' });
    expect(
      store.tryGet(
        CONTROL_PLANE,
        'propagationpolicies.policy.karmada.io',
        'pp',
        'default',
      )?.metadata.resourceVersion,
    ).toBe(created.metadata.resourceVersion);
  });

  it('runs admission hooks and rejects with their causes', () => {
    const store = newStore();
    const unregister = store.registerAdmission(
      { group: 'policy.karmada.io', resource: 'propagationpolicies' },
      ({ operation, object }) => {
        object.metadata.labels = {
          ...object.metadata.labels,
          defaulted: 'yes',
        };
        if (!object.spec?.placement) {
          return [
            {
              reason: 'FieldValueRequired',
              message: `Required value (${operation})`,
              field: 'spec.placement',
            },
          ];
        }
        return undefined;
      },
    );
    const pp = (spec: unknown): KubeObject => ({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'pp' },
      spec,
    });
    const e = thrown(() =>
      store.create(
        CONTROL_PLANE,
        'propagationpolicies.policy.karmada.io',
        pp({}),
      ),
    );
    expect(e.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'PropagationPolicy.policy.karmada.io "pp" is invalid: spec.placement: Required value (CREATE)',
      details: {
        kind: 'PropagationPolicy',
        group: 'policy.karmada.io',
        causes: [{ reason: 'FieldValueRequired', field: 'spec.placement' }],
      },
    });
    const ok = store.create(
      CONTROL_PLANE,
      'PropagationPolicy',
      pp({ placement: {} }),
    );
    expect(ok.metadata.labels).toEqual({ defaulted: 'yes' });
    unregister();
    expect(
      store.create(CONTROL_PLANE, 'configmaps', cm('free')).metadata.name,
    ).toBe('free');
  });

  it('delivers nested writes from listeners in commit order', () => {
    const store = newStore();
    const seen: string[][] = [[], []];
    store.onChange(e => {
      seen[0].push(e.object.metadata.name!);
      if (e.object.metadata.name === 'a' && e.type === 'ADDED') {
        store.create(CONTROL_PLANE, 'configmaps', cm('b'));
      }
    });
    store.onChange(e => seen[1].push(e.object.metadata.name!));
    store.create(CONTROL_PLANE, 'configmaps', cm('a'));
    expect(seen[0]).toEqual(['a', 'b']);
    expect(seen[1]).toEqual(['a', 'b']);
  });

  it('replays watch history and expires too-old resourceVersions', () => {
    const store = newStore(3);
    const first = store.create(CONTROL_PLANE, 'configmaps', cm('a'));
    for (let i = 0; i < 4; i++) {
      store.create(CONTROL_PLANE, 'configmaps', cm(`b${i}`, {}));
    }
    expect(
      thrown(() =>
        store.watch(
          CONTROL_PLANE,
          'configmaps',
          { resourceVersion: first.metadata.resourceVersion },
          () => {},
        ),
      ).reason,
    ).toBe('Expired');
    const events: string[] = [];
    const stop = store.watch(
      CONTROL_PLANE,
      'configmaps',
      {
        resourceVersion: String(Number(store.resourceVersion) - 1),
        predicate: parseLabelSelector('app=x'),
      },
      e => events.push(`${e.type} ${e.object.metadata.name}`),
    );
    const b0 = store.get(CONTROL_PLANE, 'configmaps', 'b0');
    store.update(CONTROL_PLANE, 'configmaps', {
      ...b0,
      metadata: { ...b0.metadata, labels: { app: 'x' } },
    });
    const b0x = store.get(CONTROL_PLANE, 'configmaps', 'b0');
    store.update(CONTROL_PLANE, 'configmaps', { ...b0x, data: { k: 'v' } });
    store.update(CONTROL_PLANE, 'configmaps', {
      ...store.get(CONTROL_PLANE, 'configmaps', 'b0'),
      metadata: { ...b0x.metadata, resourceVersion: undefined, labels: {} },
    });
    stop();
    store.create(CONTROL_PLANE, 'configmaps', {
      ...cm('late'),
      metadata: { name: 'late', labels: { app: 'x' } },
    });
    expect(events).toEqual(['ADDED b0', 'MODIFIED b0', 'DELETED b0']);
  });

  it('pages lists with limit and continue', () => {
    const store = newStore();
    for (const n of ['c', 'a', 'b'])
      store.create(CONTROL_PLANE, 'configmaps', cm(n));
    const p1 = store.list(CONTROL_PLANE, 'configmaps', { limit: 2 });
    expect(p1.items.map(i => i.metadata.name)).toEqual(['a', 'b']);
    expect(p1.remainingItemCount).toBe(1);
    const p2 = store.list(CONTROL_PLANE, 'configmaps', {
      limit: 2,
      continue: p1.continue,
    });
    expect(p2.items.map(i => i.metadata.name)).toEqual(['c']);
    expect(p2.continue).toBeUndefined();
    expect(
      thrown(() => store.list(CONTROL_PLANE, 'configmaps', { continue: '!!' }))
        .code,
    ).toBe(400);
  });
});
