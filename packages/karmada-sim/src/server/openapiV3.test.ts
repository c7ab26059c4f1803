import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { RESOURCES } from '../resources';
import { CONTROL_PLANE } from '../types';
import { openApiV3Document, resourceSchema, schemaName } from './openapiV3';

function find(group: string, version: string, kind: string) {
  const r = RESOURCES.find(
    x => x.group === group && x.version === version && x.kind === kind,
  );
  if (!r) throw new Error(`no ${kind}`);
  return r;
}

describe('openapiV3 schemas', () => {
  it.each([
    [
      'policy.karmada.io',
      'v1alpha1',
      'PropagationPolicy',
      'io.karmada.policy.v1alpha1.PropagationPolicy',
    ],
    [
      'cluster.karmada.io',
      'v1alpha1',
      'Cluster',
      'io.karmada.cluster.v1alpha1.Cluster',
    ],
    ['', 'v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
  ])('names %s/%s %s %s', (group, version, kind, expected) => {
    expect(schemaName({ group, version, kind })).toBe(expected);
  });

  it('takes Karmada schemas from the vendored CRDs, tagged with their GVK', () => {
    const schema = resourceSchema(
      find('policy.karmada.io', 'v1alpha1', 'PropagationPolicy'),
    )!;
    expect(schema['x-kubernetes-group-version-kind']).toEqual([
      {
        group: 'policy.karmada.io',
        version: 'v1alpha1',
        kind: 'PropagationPolicy',
      },
    ]);
    expect(
      schema.properties.spec.properties.placement.properties,
    ).toHaveProperty('clusterAffinity');
    expect(schema.properties.metadata.allOf[0].$ref).toBe(
      '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );
    expect(
      resourceSchema(find('work.karmada.io', 'v1alpha2', 'ResourceBinding'))!
        .properties.spec.properties,
    ).toHaveProperty('clusters');
  });

  it('has a hand-written Cluster and minimal core schemas, none for other kinds', () => {
    const cluster = resourceSchema(
      find('cluster.karmada.io', 'v1alpha1', 'Cluster'),
    )!;
    expect(cluster.properties.spec.properties.syncMode.enum).toEqual([
      'Push',
      'Pull',
    ]);
    expect(
      resourceSchema(find('', 'v1', 'ConfigMap'))!.properties.data.type,
    ).toBe('object');
    expect(resourceSchema(find('apps', 'v1', 'StatefulSet'))).toBeUndefined();
  });

  it('puts every served kind with a schema and ObjectMeta into a group/version document', () => {
    const doc = openApiV3Document(
      CONTROL_PLANE,
      'policy.karmada.io',
      'v1alpha1',
    )!;
    expect(Object.keys(doc.components.schemas).sort()).toEqual([
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.karmada.policy.v1alpha1.ClusterOverridePolicy',
      'io.karmada.policy.v1alpha1.ClusterPropagationPolicy',
      'io.karmada.policy.v1alpha1.OverridePolicy',
      'io.karmada.policy.v1alpha1.PropagationPolicy',
    ]);
    // The PATCH operations with fieldValidation stay (kubectl's server-side validation check).
    expect(
      Object.values(doc.paths).some((p: any) =>
        p.patch?.parameters.some((x: any) => x.name === 'fieldValidation'),
      ),
    ).toBe(true);
    expect(openApiV3Document(CONTROL_PLANE, 'nope.io', 'v1')).toBeUndefined();
  });
});

describe('/openapi/v3 over HTTP', () => {
  let sim: KarmadaSimulator;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({ members: ['member1'] });
  });

  afterAll(async () => {
    await sim.close();
  });

  async function get(path: string) {
    const res = await fetch(`${sim.url}${path}`, {
      headers: { Authorization: `Bearer ${sim.token}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('serves the index and every listed document, with schemas found by GVK', async () => {
    const root = await get('/openapi/v3');
    expect(root.status).toBe(200);
    expect(Object.keys(root.body.paths)).toEqual(
      expect.arrayContaining([
        'apis/policy.karmada.io/v1alpha1',
        'apis/cluster.karmada.io/v1alpha1',
        'api/v1',
      ]),
    );
    for (const { serverRelativeURL } of Object.values<any>(root.body.paths)) {
      const doc = await get(serverRelativeURL);
      expect([serverRelativeURL, doc.status]).toEqual([serverRelativeURL, 200]);
      expect(doc.body.openapi).toBe('3.0.0');
    }
    const policy = await get('/openapi/v3/apis/policy.karmada.io/v1alpha1');
    const pp = Object.values<any>(policy.body.components.schemas).find(s =>
      s['x-kubernetes-group-version-kind']?.some(
        (g: any) => g.kind === 'PropagationPolicy',
      ),
    );
    expect(pp.properties.spec.properties.placement.description).toMatch(
      /Placement/,
    );
    const clusters = await get('/openapi/v3/apis/cluster.karmada.io/v1alpha1');
    expect(Object.keys(clusters.body.components.schemas)).toContain(
      'io.karmada.cluster.v1alpha1.Cluster',
    );
    const core = await get('/openapi/v3/api/v1');
    expect(Object.keys(core.body.components.schemas)).toContain(
      'io.k8s.api.core.v1.ConfigMap',
    );
    expect((await get('/openapi/v3/apis/nope.io/v1')).status).toBe(404);
  });
});
