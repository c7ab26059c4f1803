import { CoreV1Api } from '@kubernetes/client-node';
import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';
import { startKarmadaSimulator } from '../index';

const MEMBER = 'gpu-gen-frankfurt';
const NS = 'validation-test';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_KEY_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('kube-apiserver validation over HTTP', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet();
    await fleet.core.createNamespace({ body: { metadata: { name: NS } } });
  });
  afterAll(() => fleet.close());

  it('rejects a PropagationPolicy named Bad_Name with the Status of a real server', async () => {
    const e = await failure(
      createKarmadaObject(
        fleet,
        propagationPolicy(
          'Bad_Name',
          NS,
          [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
          {},
        ),
      ),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `PropagationPolicy.policy.karmada.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
      reason: 'Invalid',
      details: {
        name: 'Bad_Name',
        group: 'policy.karmada.io',
        kind: 'PropagationPolicy',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
            field: 'metadata.name',
          },
        ],
      },
      code: 422,
    });
  });

  it('rejects a 300-character name, a bad label key and an 80-character label value', async () => {
    const pp = propagationPolicy(
      'a'.repeat(300),
      NS,
      [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      {},
    );
    pp.metadata.labels = { 'bad key!': 'v'.repeat(80) };
    const status = statusOf(await failure(createKarmadaObject(fleet, pp)));
    expect(status.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${'a'.repeat(
          300,
        )}": must be no more than 253 characters`,
        field: 'metadata.name',
      },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "bad key!": ${LABEL_KEY_MSG}`,
        field: 'metadata.labels',
      },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${'v'.repeat(
          80,
        )}": must be no more than 63 characters`,
        field: 'metadata.labels',
      },
    ]);
    expect(status.message).toMatch(
      /^PropagationPolicy\.policy\.karmada\.io "a{300}" is invalid: \[metadata\.name: Invalid value: .*, metadata\.labels: Invalid value: "bad key!": .*, metadata\.labels: Invalid value: "v{80}": must be no more than 63 characters\]$/,
    );
  });

  it('rejects a namespace named Bad_NS', async () => {
    const e = await failure(
      fleet.core.createNamespace({ body: { metadata: { name: 'Bad_NS' } } }),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e).message).toBe(
      `Namespace "Bad_NS" is invalid: metadata.name: Invalid value: "Bad_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('rejects a Deployment with replicas -1, a mismatched selector or no containers, and propagates none', async () => {
    const negative = modelDeployment('neg', NS, { replicas: -1 });
    let status = statusOf(
      await failure(
        fleet.apps.createNamespacedDeployment({
          namespace: NS,
          body: negative as any,
        }),
      ),
    );
    expect(status.message).toBe(
      'Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(status.details).toMatchObject({ group: 'apps', kind: 'Deployment' });

    const mismatch = modelDeployment('mismatch', NS);
    mismatch.spec.selector = { matchLabels: { app: 'other' } };
    status = statusOf(
      await failure(
        fleet.apps.createNamespacedDeployment({
          namespace: NS,
          body: mismatch as any,
        }),
      ),
    );
    expect(status.message).toBe(
      'Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"mismatch"}: `selector` does not match template `labels`',
    );

    const empty = modelDeployment('empty', NS);
    empty.spec.template.spec.containers = [];
    status = statusOf(
      await failure(
        fleet.apps.createNamespacedDeployment({
          namespace: NS,
          body: empty as any,
        }),
      ),
    );
    expect(status.details.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.template.spec.containers',
      },
    ]);
    const list = await fleet.apps.listNamespacedDeployment({ namespace: NS });
    expect(list.items).toEqual([]);
  });

  it('validates updates, merge patches and server-side apply alike', async () => {
    await fleet.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    const current = await fleet.core.readNamespacedConfigMap({
      name: 'cfg',
      namespace: NS,
    });
    current.metadata!.labels = { team: '-bad' };
    const put = await failure(
      fleet.core.replaceNamespacedConfigMap({
        name: 'cfg',
        namespace: NS,
        body: current,
      }),
    );
    expect(statusOf(put).details.causes[0]).toMatchObject({
      field: 'metadata.labels',
      message: expect.stringMatching(/^Invalid value: "-bad": a valid label/),
    });

    const merge = await raw(
      fleet.karmada.sim,
      'PATCH',
      `/api/v1/namespaces/${NS}/configmaps/cfg`,
      {
        body: { data: { 'bad key': 'x' } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(merge.status).toBe(422);
    expect(merge.body.details.causes[0].field).toBe('data[bad key]');

    const apply = await raw(
      fleet.karmada.sim,
      'PATCH',
      `/api/v1/namespaces/${NS}/configmaps/applied?fieldManager=test`,
      {
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied', annotations: { 'a/b/c': 'x' } },
        },
        contentType: 'application/apply-patch+yaml',
      },
    );
    expect(apply.status).toBe(422);
    expect(apply.body.message).toMatch(
      /^ConfigMap "applied" is invalid: metadata\.annotations: Invalid value: "a\/b\/c": a qualified name must consist of/,
    );
  });

  it('validates generateName prefixes', async () => {
    const e = await failure(
      fleet.core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { generateName: 'Cfg-' } },
      }),
    );
    const fields = statusOf(e).details.causes.map((c: any) => c.field);
    expect(fields).toEqual(['metadata.generateName', 'metadata.name']);
  });

  it('keeps at most 58 characters of a generateName in the generated name', async () => {
    const created = await fleet.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { generateName: `${'s'.repeat(70)}-` } },
    });
    expect(created.metadata?.name).toMatch(/^s{58}[a-z0-9]{5}$/);
    // A Service's prefix is itself a DNS-1035 label of at most 63 characters.
    const e = await failure(
      fleet.core.createNamespacedService({
        namespace: NS,
        body: {
          metadata: { generateName: `${'s'.repeat(70)}-` },
          spec: { ports: [{ port: 80 }] },
        },
      }),
    );
    expect(statusOf(e).details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${'s'.repeat(
          70,
        )}-": must be no more than 63 characters`,
        field: 'metadata.generateName',
      },
    ]);
  });

  it('validates writes to member clusters too (a Service name is a DNS-1035 label)', async () => {
    const member = kubeConfigFor(fleet.karmada.sim, MEMBER).makeApiClient(
      CoreV1Api,
    );
    const e = await failure(
      member.createNamespacedService({
        namespace: 'default',
        body: { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } },
      }),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e).message).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
    const ok = await member.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } },
    });
    expect(ok.metadata?.name).toBe('web');
  });

  it('still accepts and propagates a valid Deployment', async () => {
    const created = await fleet.apps.createNamespacedDeployment({
      namespace: NS,
      body: modelDeployment('good', NS, { replicas: 1 }) as any,
    });
    expect(created.metadata?.name).toBe('good');
  });
});

describe('validation in the bare simulator', () => {
  async function createBadConfigMap(options: { validation?: boolean }) {
    const sim = await startKarmadaSimulator(options);
    try {
      const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
      return await core
        .createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'Bad_Name' } },
        })
        .then(
          cm => cm.metadata?.name,
          e => e.code,
        );
    } finally {
      await sim.close();
    }
  }

  it('is on by default', async () => {
    expect(await createBadConfigMap({})).toBe(422);
  });

  it('is off with validation: false', async () => {
    expect(await createBadConfigMap({ validation: false })).toBe('Bad_Name');
  });
});
