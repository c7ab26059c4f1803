/**
 * Writes to work.karmada.io/v1alpha1 ResourceBindings and ClusterResourceBindings: stored
 * as v1alpha2 through Karmada's `ConvertTo`, answered at v1alpha1 through `ConvertFrom`
 * (pkg/apis/work/v1alpha1/binding_types_conversion.go), with what that round trip loses.
 */

import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { raw } from '../__testUtils__/kube';

const V1 = '/apis/work.karmada.io/v1alpha1';
const V2 = '/apis/work.karmada.io/v1alpha2';
const RB_V1 = `${V1}/namespaces/default/resourcebindings`;
const RB_V2 = `${V2}/namespaces/default/resourcebindings`;

/** A v1alpha2 binding with fields v1alpha1 has no room for. */
function v2Binding(name: string) {
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: 'ResourceBinding',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        uid: '4c7b2c2e-0000-4000-8000-000000000001',
        resourceVersion: '7',
      },
      replicas: 3,
      replicaRequirements: {
        resourceRequest: { cpu: '100m' },
        namespace: 'default',
      },
      clusters: [{ name: 'member1', replicas: 3 }],
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      conflictResolution: 'Abort',
    },
  };
}

/** A v1alpha1 binding. */
function v1Binding(name: string) {
  return {
    apiVersion: 'work.karmada.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: { name },
    spec: {
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        resourceVersion: '7',
        replicas: 2,
        resourcePerReplicas: { cpu: '250m' },
      },
      clusters: [{ name: 'member1', replicas: 2 }],
    },
  };
}

describe('work.karmada.io/v1alpha1 binding writes', () => {
  let sim: KarmadaSimulator;
  const req = (
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ) => raw(sim, method, path, { body, contentType });
  const seedV2 = async (name: string) => {
    const res = await req('POST', RB_V2, v2Binding(name));
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    sim = await startKarmadaSimulator({ members: ['member1'] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('creates: stored as v1alpha2 (ConvertTo), answered at v1alpha1', async () => {
    const res = await req('POST', RB_V1, v1Binding('created'));
    expect(res.status).toBe(201);
    expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(res.body.spec).toEqual(v1Binding('created').spec);
    const stored = (await req('GET', `${RB_V2}/created`)).body;
    expect(stored.apiVersion).toBe('work.karmada.io/v1alpha2');
    expect(stored.metadata.uid).toBe(res.body.metadata.uid);
    expect(stored.spec).toEqual({
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        resourceVersion: '7',
      },
      replicas: 2,
      replicaRequirements: { resourceRequest: { cpu: '250m' } },
      clusters: [{ name: 'member1', replicas: 2 }],
    });
  });

  it('creates a ClusterResourceBinding the same way', async () => {
    const body = {
      ...v1Binding('cluster-wide'),
      kind: 'ClusterResourceBinding',
    };
    const res = await req('POST', `${V1}/clusterresourcebindings`, body);
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe('ClusterResourceBinding');
    const stored = (
      await req('GET', `${V2}/clusterresourcebindings/cluster-wide`)
    ).body;
    expect(stored.apiVersion).toBe('work.karmada.io/v1alpha2');
    expect(stored.spec.replicas).toBe(2);
    expect(stored.spec.replicaRequirements).toEqual({
      resourceRequest: { cpu: '250m' },
    });
  });

  it('updates: the v1alpha2-only fields are lost, as in Karmada', async () => {
    await seedV2('put');
    const current = (await req('GET', `${RB_V1}/put`)).body;
    current.spec.resource.replicas = 4;
    current.spec.clusters = [{ name: 'member1', replicas: 4 }];
    const res = await req('PUT', `${RB_V1}/put`, current);
    expect(res.status).toBe(200);
    expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(res.body.spec.resource.replicas).toBe(4);
    const stored = (await req('GET', `${RB_V2}/put`)).body;
    expect(stored.spec).toEqual({
      // `uid` of the resource, `placement`, `conflictResolution` and the namespace of the
      // replica requirements have no v1alpha1 field.
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        resourceVersion: '7',
      },
      replicas: 4,
      replicaRequirements: { resourceRequest: { cpu: '100m' } },
      clusters: [{ name: 'member1', replicas: 4 }],
    });
    expect(stored.metadata.labels).toEqual({ app: 'web' });
    expect(Number(stored.metadata.generation)).toBe(2);
  });

  it('updates: a stale resourceVersion is 409, a missing one 422', async () => {
    const first = (await req('GET', `${RB_V1}/put`)).body;
    const stale = {
      ...first,
      metadata: { ...first.metadata, resourceVersion: '1' },
    };
    expect((await req('PUT', `${RB_V1}/put`, stale)).status).toBe(409);
    const { resourceVersion, ...metadata } = first.metadata;
    expect(resourceVersion).toBeTruthy();
    const res = await req('PUT', `${RB_V1}/put`, { ...first, metadata });
    expect(res.status).toBe(422);
  });

  it.each([
    [
      'merge',
      'application/merge-patch+json',
      { spec: { resource: { replicas: 5 } } },
    ],
    [
      'json',
      'application/json-patch+json',
      [{ op: 'replace', path: '/spec/resource/replicas', value: 5 }],
    ],
  ])(
    'patches (%s) the v1alpha1 view, then stores it converted back',
    async (name, contentType, patch) => {
      await seedV2(`patch-${name}`);
      const res = await req(
        'PATCH',
        `${RB_V1}/patch-${name}`,
        patch,
        contentType,
      );
      expect(res.status).toBe(200);
      expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
      expect(res.body.spec.resource.replicas).toBe(5);
      const stored = (await req('GET', `${RB_V2}/patch-${name}`)).body;
      expect(stored.spec.replicas).toBe(5);
      // The patch went through v1alpha1: what it cannot carry is gone.
      expect(stored.spec.placement).toBeUndefined();
      expect(stored.spec.conflictResolution).toBeUndefined();
      expect(stored.spec.resource.uid).toBeUndefined();
      expect(stored.spec.clusters).toEqual([{ name: 'member1', replicas: 3 }]);
    },
  );

  it('patches with a path only v1alpha1 has (json patch on resourcePerReplicas)', async () => {
    await seedV2('patch-requests');
    const res = await req(
      'PATCH',
      `${RB_V1}/patch-requests`,
      [
        {
          op: 'replace',
          path: '/spec/resource/resourcePerReplicas/cpu',
          value: '2',
        },
      ],
      'application/json-patch+json',
    );
    expect(res.status).toBe(200);
    const stored = (await req('GET', `${RB_V2}/patch-requests`)).body;
    expect(stored.spec.replicaRequirements).toEqual({
      resourceRequest: { cpu: '2' },
    });
  });

  it('refuses a strategic merge patch (415, a custom resource)', async () => {
    const res = await req(
      'PATCH',
      `${RB_V1}/put`,
      { spec: {} },
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(415);
  });

  it('applies server-side: creates, then updates, at v1alpha1', async () => {
    const apply = (body: unknown) =>
      raw(sim, 'PATCH', `${RB_V1}/applied?fieldManager=tester`, {
        body: JSON.stringify(body),
        contentType: 'application/apply-patch+yaml',
      });
    const created = await apply(v1Binding('applied'));
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(created.body.spec.resource.replicas).toBe(2);
    const next = v1Binding('applied');
    next.spec.resource.replicas = 6;
    const updated = await apply(next);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.resource.replicas).toBe(6);
    expect(
      updated.body.metadata.managedFields.map((m: any) => m.manager),
    ).toEqual(['tester']);
    const stored = (await req('GET', `${RB_V2}/applied`)).body;
    expect(stored.spec.replicas).toBe(6);
    expect(stored.spec.replicaRequirements).toEqual({
      resourceRequest: { cpu: '250m' },
    });
  });

  it('deletes one, answering at v1alpha1', async () => {
    await seedV2('doomed');
    const res = await req('DELETE', `${RB_V1}/doomed`);
    expect(res.status).toBe(200);
    expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(res.body.metadata.name).toBe('doomed');
    expect(res.body.spec.placement).toBeUndefined();
    expect((await req('GET', `${RB_V2}/doomed`)).status).toBe(404);
  });

  it('deletes a collection, answering a v1alpha1 list', async () => {
    await seedV2('swept-1');
    await seedV2('swept-2');
    const res = await raw(sim, 'DELETE', `${RB_V1}?labelSelector=app%3Dweb`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('ResourceBindingList');
    expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    const names = res.body.items.map((i: any) => i.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['swept-1', 'swept-2']));
    for (const item of res.body.items) {
      expect(item.apiVersion).toBe('work.karmada.io/v1alpha1');
    }
    expect((await req('GET', `${RB_V2}/swept-1`)).status).toBe(404);
  });
});
