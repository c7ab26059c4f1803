import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { acceptedRepresentation, includeObjectOf, toTable } from './table';

const TABLE_V1 = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const TABLE_V1BETA1 = 'application/json;as=Table;v=v1beta1;g=meta.k8s.io';
/** What kubectl get sends. */
const KUBECTL_ACCEPT = `${TABLE_V1},${TABLE_V1BETA1},application/json`;

describe('acceptedRepresentation', () => {
  it.each([
    [undefined, { as: 'Object' }],
    ['', { as: 'Object' }],
    ['application/json', { as: 'Object' }],
    ['*/*', { as: 'Object' }],
    [KUBECTL_ACCEPT, { as: 'Table', version: 'v1' }],
    [TABLE_V1BETA1, { as: 'Table', version: 'v1beta1' }],
    [
      `application/json;as=Table;v=v2;g=meta.k8s.io, ${TABLE_V1BETA1}`,
      { as: 'Table', version: 'v1beta1' },
    ],
    [
      'application/json;as=Table;v=v2;g=meta.k8s.io,application/json',
      { as: 'Object' },
    ],
    ['application/json;as=Table;v=v2;g=meta.k8s.io', { as: 'NotAcceptable' }],
    ['application/vnd.kubernetes.protobuf', { as: 'Object' }],
    [
      'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json',
      { as: 'Object' },
    ],
    [
      ' application/json ; as=Table ; v=v1 ; g=meta.k8s.io',
      { as: 'Table', version: 'v1' },
    ],
  ])('%s', (accept, expected) => {
    expect(acceptedRepresentation(accept)).toEqual(expected);
  });

  it('reads includeObject, Metadata by default', () => {
    expect(includeObjectOf(null)).toBe('Metadata');
    expect(includeObjectOf('None')).toBe('None');
    expect(includeObjectOf('Object')).toBe('Object');
    expect(includeObjectOf('bogus')).toBe('Metadata');
  });
});

describe('toTable', () => {
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'c',
      namespace: 'default',
      creationTimestamp: '2026-01-01T11:59:00Z',
    },
    data: { a: '1' },
  };
  const r = { group: '', version: 'v1', kind: 'ConfigMap' };
  const now = new Date('2026-01-01T12:00:00Z');

  it('has the columns and one row per object with PartialObjectMetadata', () => {
    const table = toTable(r, [cm], {
      version: 'v1',
      includeObject: 'Metadata',
      now,
      metadata: { resourceVersion: '7' },
    });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '7' },
      rows: [
        {
          cells: ['c', 1, '60s'],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: cm.metadata,
          },
        },
      ],
    });
    expect((table as any).columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Data',
      'Age',
    ]);
  });

  it('includes the whole object, or none, and omits columns when asked', () => {
    const full = toTable(r, [cm], {
      version: 'v1beta1',
      includeObject: 'Object',
      now,
    }) as any;
    expect(full.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(full.rows[0].object).toEqual(cm);
    const bare = toTable(r, [cm], {
      version: 'v1',
      includeObject: 'None',
      now,
      omitColumns: true,
    }) as any;
    expect(bare.rows[0]).toEqual({ cells: ['c', 1, '60s'] });
    expect(bare.columnDefinitions).toBeNull();
  });
});

describe('Table responses over HTTP', () => {
  let sim: KarmadaSimulator;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({ members: ['member1'] });
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${sim.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    await post('/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', labels: { app: 'x' } },
      data: { a: '1', b: '2' },
    });
    await post(
      '/apis/policy.karmada.io/v1alpha1/namespaces/default/propagationpolicies',
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'pp' },
        spec: {
          resourceSelectors: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' },
          ],
          placement: { clusterAffinity: { clusterNames: ['member1'] } },
          conflictResolution: 'Overwrite',
          priority: 5,
        },
      },
    );
  });

  afterAll(async () => {
    await sim.close();
  });

  async function get(path: string, accept?: string) {
    const res = await fetch(`${sim.url}${path}`, {
      headers: {
        Authorization: `Bearer ${sim.token}`,
        ...(accept ? { Accept: accept } : {}),
      },
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('lists as a Table for kubectl Accept, PartialObjectMetadata rows', async () => {
    const { status, body } = await get(
      '/api/v1/namespaces/default/configmaps',
      KUBECTL_ACCEPT,
    );
    expect(status).toBe(200);
    expect(body.kind).toBe('Table');
    expect(body.apiVersion).toBe('meta.k8s.io/v1');
    expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Data',
      'Age',
    ]);
    const row = body.rows.find((x: any) => x.cells[0] === 'cfg');
    expect(row.cells[1]).toBe(2);
    expect(row.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'cfg', labels: { app: 'x' } },
    });
    expect(row.object.data).toBeUndefined();
  });

  it('gets one object as a one-row Table, v1beta1 and includeObject=Object', async () => {
    const { body } = await get(
      '/api/v1/namespaces/default/configmaps/cfg?includeObject=Object',
      TABLE_V1BETA1,
    );
    expect(body.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0].object).toMatchObject({
      kind: 'ConfigMap',
      data: { a: '1', b: '2' },
    });
  });

  it('prints CRD columns and Karmada clusters', async () => {
    const pp = await get(
      '/apis/policy.karmada.io/v1alpha1/propagationpolicies',
      KUBECTL_ACCEPT,
    );
    expect(pp.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'CONFLICT-RESOLUTION',
      'PRIORITY',
      'AGE',
    ]);
    expect(pp.body.rows[0].cells.slice(0, 3)).toEqual(['pp', 'Overwrite', 5]);
    const clusters = await get(
      '/apis/cluster.karmada.io/v1alpha1/clusters',
      KUBECTL_ACCEPT,
    );
    expect(
      clusters.body.columnDefinitions
        .filter((c: any) => c.priority === 0)
        .map((c: any) => c.name),
    ).toEqual(['Name', 'Version', 'Mode', 'Ready', 'Age']);
    expect(clusters.body.rows).toEqual([]);
  });

  it('answers plain JSON without a table Accept, 406 for an unknown Table version', async () => {
    const plain = await get('/api/v1/namespaces/default/configmaps');
    expect(plain.body.kind).toBe('ConfigMapList');
    const json = await get(
      '/api/v1/namespaces/default/configmaps/cfg',
      'application/json',
    );
    expect(json.body.kind).toBe('ConfigMap');
    const bad = await get(
      '/api/v1/namespaces/default/configmaps',
      'application/json;as=Table;v=v2;g=meta.k8s.io',
    );
    expect(bad.status).toBe(406);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'NotAcceptable' });
  });

  it('watches as Tables: columns on the first event only', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps?watch=true`,
      {
        headers: {
          Authorization: `Bearer ${sim.token}`,
          Accept: KUBECTL_ACCEPT,
        },
        signal: controller.signal,
      },
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const events: any[] = [];
    await fetch(`${sim.url}/api/v1/namespaces/default/configmaps/cfg`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${sim.token}`,
        'Content-Type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ data: { c: '3' } }),
    });
    while (events.length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      events.push(...lines.map(line => JSON.parse(line)));
    }
    controller.abort();
    // The initial ADDED of cfg, then the MODIFIED of the patch.
    expect(events.map(e => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.columnDefinitions).toHaveLength(3);
    expect(events[1].object.columnDefinitions).toBeNull();
    expect(events[1].object.rows[0].cells.slice(0, 2)).toEqual(['cfg', 3]);
  });
});
