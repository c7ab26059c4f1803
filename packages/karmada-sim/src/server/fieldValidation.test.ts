import { AppsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const PPS =
  '/apis/policy.karmada.io/v1alpha1/namespaces/default/propagationpolicies';
const APPLY = 'application/apply-patch+yaml';

function deployment(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'app:1' }] },
      },
      ...spec,
    },
  };
}

function pp(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      ...spec,
    },
  };
}

describe('unknown fields and fieldValidation', () => {
  let sim: KarmadaSimulator;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      members: ['member1'],
      clock: () => new Date('2024-05-01T10:00:00.500Z'),
    });
    const kc = kubeConfigFor(sim);
    apps = kc.makeApiClient(AppsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });

  afterAll(async () => {
    await sim.close();
  });

  it('drops an unknown field of a built-in and warns by default', async () => {
    const res = await raw(sim, 'POST', DEPLOYMENTS, {
      body: deployment('warned', { bogus: 1 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe(
      '299 - "unknown field \\"spec.bogus\\""',
    );
    expect(res.body.spec).not.toHaveProperty('bogus');
    const stored = await apps.readNamespacedDeployment({
      name: 'warned',
      namespace: 'default',
    });
    expect(stored.spec).not.toHaveProperty('bogus');
  });

  it('sends one Warning per field, none with Ignore', async () => {
    const body = { ...deployment('two', { bogus: 1 }), extra: true };
    const warned = await raw(
      sim,
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Warn`,
      {
        body,
      },
    );
    expect(warned.headers.get('warning')).toBe(
      '299 - "unknown field \\"spec.bogus\\"", 299 - "unknown field \\"extra\\""',
    );
    const ignored = await raw(
      sim,
      'PUT',
      `${DEPLOYMENTS}/two?fieldValidation=Ignore`,
      { body },
    );
    expect(ignored.status).toBe(200);
    expect(ignored.headers.get('warning')).toBeNull();
    expect(ignored.body).not.toHaveProperty('extra');
  });

  it('refuses unknown fields with Strict, in kube words', async () => {
    const created = await raw(
      sim,
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Strict`,
      { body: deployment('strict', { bogus: 1 }) },
    );
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogus"',
    });
    await raw(sim, 'POST', DEPLOYMENTS, { body: deployment('strict') });
    const patched = await raw(
      sim,
      'PATCH',
      `${DEPLOYMENTS}/strict?fieldValidation=Strict`,
      {
        body: { spec: { bogus: 1 } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(patched.status).toBe(400);
    expect(patched.body.message).toBe(
      'strict decoding error: unknown field "spec.bogus"',
    );
    const warned = await raw(sim, 'PATCH', `${DEPLOYMENTS}/strict`, {
      body: { spec: { bogus: 1, replicas: 2 } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(warned.status).toBe(200);
    expect(warned.headers.get('warning')).toBe(
      '299 - "unknown field \\"spec.bogus\\""',
    );
    expect(warned.body.spec.replicas).toBe(2);
    expect(warned.body.spec).not.toHaveProperty('bogus');
  });

  it('refuses an unsupported directive', async () => {
    const res = await raw(sim, 'POST', `${DEPLOYMENTS}?fieldValidation=Loud`, {
      body: deployment('loud'),
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });

  it('prunes custom resources by their CRD schema', async () => {
    const e = await failure(
      custom.createNamespacedCustomObject({
        group: 'policy.karmada.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'propagationpolicies',
        body: pp('strict', { bogus: 1 }),
        fieldValidation: 'Strict',
      }),
    );
    expect(e.code).toBe(400);
    expect(statusOf(e).message).toBe(
      'PropagationPolicy in version "v1alpha1" cannot be handled as a PropagationPolicy: strict decoding error: unknown field "spec.bogus"',
    );
    const res = await raw(sim, 'POST', PPS, {
      body: pp('pruned', {
        bogus: 1,
        placement: { clusterAffinity: { clusterNames: ['member1'], x: 1 } },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe(
      '299 - "unknown field \\"spec.placement.clusterAffinity.x\\"", 299 - "unknown field \\"spec.bogus\\""',
    );
    expect(res.body.spec).not.toHaveProperty('bogus');
    expect(res.body.spec.placement.clusterAffinity).toEqual({
      clusterNames: ['member1'],
    });
  });

  it('refuses an applied configuration with an undeclared field, as the typed conversion does', async () => {
    const res = await raw(
      sim,
      'PATCH',
      `${DEPLOYMENTS}/typed?fieldManager=ci`,
      {
        body: deployment('typed', { bogus: 1 }),
        contentType: APPLY,
      },
    );
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'failed to create typed patch object (default/typed; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema',
      code: 500,
    });
    const cr = await raw(sim, 'PATCH', `${PPS}/typed?fieldManager=ci`, {
      body: pp('typed', { bogus: 1 }),
      contentType: APPLY,
    });
    expect(cr.body.message).toBe(
      'failed to create typed patch object (default/typed; policy.karmada.io/v1alpha1, Kind=PropagationPolicy): .spec.bogus: field not declared in schema',
    );
  });
});

describe('server-side apply and managedFields over HTTP', () => {
  let sim: KarmadaSimulator;
  let apps: AppsV1Api;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      members: [],
      clock: () => new Date('2024-05-01T10:00:00.500Z'),
    });
    apps = kubeConfigFor(sim).makeApiClient(AppsV1Api);
  });

  afterAll(async () => {
    await sim.close();
  });

  const apply = (name: string, body: unknown, query: string) =>
    raw(sim, 'PATCH', `${DEPLOYMENTS}/${name}?${query}`, {
      body,
      contentType: APPLY,
    });

  it('records Apply and Update entries', async () => {
    const created = await apply('web', deployment('web'), 'fieldManager=ci');
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      {
        manager: 'ci',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': { 'f:matchLabels': { 'f:app': {} } },
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} },
                },
              },
            },
          },
        },
      },
    ]);
    // kubectl scale-like merge patch: the user agent's first token is the manager.
    const scaled = await raw(sim, 'PATCH', `${DEPLOYMENTS}/web`, {
      body: { spec: { replicas: 3 } },
      contentType: 'application/merge-patch+json',
      userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/abcdef',
    });
    expect(scaled.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'ci', operation: 'Apply' }),
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
    expect(
      scaled.body.metadata.managedFields[0].fieldsV1['f:spec'],
    ).not.toHaveProperty('f:replicas');
  });

  it('answers a conflict with 409 and takes ownership with force=true', async () => {
    await apply('owned', deployment('owned'), 'fieldManager=other-manager');
    const mine = deployment('owned', { replicas: 5 });
    const refused = await apply('owned', mine, 'fieldManager=ci');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "other-manager" using apps/v1: .spec.replicas',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "other-manager" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
    });
    const forced = await apply('owned', mine, 'fieldManager=ci&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    const other = forced.body.metadata.managedFields.find(
      (e: any) => e.manager === 'other-manager',
    );
    expect(other.fieldsV1['f:spec']).not.toHaveProperty('f:replicas');
  });

  it('removes fields a manager stops applying, merging containers by name', async () => {
    await apply(
      'slim',
      deployment('slim', {
        minReadySeconds: 5,
        template: {
          metadata: { labels: { app: 'slim' } },
          spec: {
            containers: [
              { name: 'app', image: 'app:1' },
              { name: 'side', image: 'side:1' },
            ],
          },
        },
      }),
      'fieldManager=ci',
    );
    // Another manager adds an env var to the app container.
    await apply(
      'slim',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'slim' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'app', env: [{ name: 'A', value: '1' }] }],
            },
          },
        },
      },
      'fieldManager=ops',
    );
    const next = await apply('slim', deployment('slim'), 'fieldManager=ci');
    expect(next.status).toBe(200);
    expect(next.body.spec).not.toHaveProperty('minReadySeconds');
    expect(next.body.spec.template.spec.containers).toEqual([
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
    ]);
    const read = await apps.readNamespacedDeployment({
      name: 'slim',
      namespace: 'default',
    });
    expect(read.metadata?.managedFields?.map(e => e.manager)).toEqual([
      'ci',
      'ops',
    ]);
  });

  it('refuses managedFields in an applied configuration', async () => {
    const body = deployment('mf');
    (body.metadata as any).managedFields = [];
    const res = await apply('mf', body, 'fieldManager=ci');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('metadata.managedFields must be nil');
  });

  it('records the fieldManager of a create and keeps entries on a no-op update', async () => {
    const created = await raw(
      sim,
      'POST',
      `${DEPLOYMENTS}?fieldManager=portal`,
      {
        body: deployment('made'),
      },
    );
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'portal', operation: 'Update' }),
    ]);
    const same = await apps.replaceNamespacedDeployment({
      name: 'made',
      namespace: 'default',
      body: created.body,
    });
    expect(same.metadata?.resourceVersion).toBe(
      created.body.metadata.resourceVersion,
    );
  });
});
