import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { exampleInput } from './__testUtils__/fakeHmas';
import {
  actionContext,
  INITIATOR,
  llamaOnCpu,
  RealHmas,
  startRealHmas,
} from './__testUtils__/realHmas';
import {
  createHmasClusterCreateAction,
  createHmasClusterLabelsUpdateAction,
  createHmasDeploymentAction,
  createHmasDeploymentDeleteAction,
  createHmasManifestsRenderAction,
  createHmasOverridePolicyAction,
  createHmasPropagationPolicyAction,
} from './actions';
import { HmasActionOptions } from './hmasClient';
import { examples as clusterCreateExamples } from './actions/createCluster.examples';
import { examples as deploymentCreateExamples } from './actions/createDeployment.examples';
import { examples as deploymentDeleteExamples } from './actions/deleteDeployment.examples';
import { examples as manifestsRenderExamples } from './actions/renderManifests.examples';
import { examples as overridePolicyExamples } from './actions/createOverridePolicy.examples';
import { examples as propagationPolicyExamples } from './actions/createPropagationPolicy.examples';
import { examples as clusterLabelsExamples } from './actions/updateClusterLabels.examples';

// Each test starts its own simulator, backend and database; PostgreSQL databases are created
// per test, so allow for a slow server.
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * The team namespace the examples deploy to. H-MAS does not create namespaces and Karmada
 * refuses objects in a missing one, so it exists here as it would in a team’s Karmada; the
 * simulator's control plane has no team namespace of its own.
 */
const TEAM_NAMESPACE = 'ml-team';

type Ctx = ReturnType<typeof actionContext>;

/** What an action reported with `ctx.output`, by name. */
function outputsOf(ctx: Ctx): Record<string, any> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

async function run(action: TemplateAction<any, any, any>, ctx: Ctx) {
  await action.handler(ctx as any);
  return outputsOf(ctx);
}

/** Checks the real effects of one successful run of an action on `input`. */
type Verify = (
  hmas: RealHmas,
  input: any,
  outputs: Record<string, any>,
) => Promise<void>;

async function expectOneScaffolderEntry(
  hmas: RealHmas,
  targetKind: 'cluster' | 'deployment' | 'policy',
  targetName: string,
  action: string,
) {
  expect(await hmas.audit(targetKind, targetName)).toEqual([
    expect.objectContaining({ action, source: 'scaffolder', actor: INITIATOR }),
  ]);
}

const verifyClusterCreated: Verify = async (hmas, input, outputs) => {
  const [cluster] = hmas.karmadaObjects('Cluster', input.name);
  expect(cluster.spec).toMatchObject({
    apiEndpoint: input.apiEndpoint,
    syncMode: input.syncMode ?? 'Push',
  });
  expect(outputs).toEqual({
    name: input.name,
    zone: input.zone,
    labels: cluster.metadata.labels,
  });
  // The zone is the backend's reading of the labels written to Karmada.
  const { body } = await hmas.get(`/clusters/${input.name}`);
  expect(body).toMatchObject({ zone: input.zone, labels: outputs.labels });
  await expectOneScaffolderEntry(hmas, 'cluster', input.name, 'cluster.create');
};

const verifyClusterLabelsUpdated: Verify = async (hmas, input, outputs) => {
  const [cluster] = hmas.karmadaObjects('Cluster', input.name);
  const labels = cluster.metadata.labels ?? {};
  expect(labels).toMatchObject(input.set ?? {});
  for (const key of input.remove ?? []) expect(labels).not.toHaveProperty(key);
  expect(outputs.labels).toEqual(labels);
  const { body } = await hmas.get(`/clusters/${input.name}`);
  expect(outputs.zone).toBe(body.zone);
  await expectOneScaffolderEntry(
    hmas,
    'cluster',
    input.name,
    'cluster.labels.update',
  );
};

const verifyDeploymentCreated: Verify = async (hmas, input, outputs) => {
  const namespace = input.namespace ?? 'default';
  expect(outputs).toMatchObject({
    name: input.name,
    namespace,
    endpoint: `http://${input.name}.${namespace}.svc.cluster.local`,
  });
  const { status, body } = await hmas.get(`/deployments/${outputs.id}`);
  expect(status).toBe(200);
  expect(body).toMatchObject({
    name: input.name,
    namespace,
    state: 'active',
    createdBy: INITIATOR,
    owner: input.owner ?? INITIATOR,
  });
  const objects = hmas.deploymentObjects(input.name);
  expect(objects.map(o => o.kind)).toEqual(
    expect.arrayContaining(['Deployment', 'PropagationPolicy']),
  );
  for (const object of objects) {
    expect(object.metadata.namespace).toBe(namespace);
    expect(outputs.yaml).toContain(`name: ${object.metadata.name}`);
  }
  await expectOneScaffolderEntry(
    hmas,
    'deployment',
    `${namespace}/${input.name}`,
    'deployment.create',
  );
};

const verifyNothingWritten: Verify = async (hmas, input) => {
  expect(await hmas.audit()).toEqual([]);
  expect((await hmas.get('/deployments')).body.items).toEqual([]);
  if (input.name) expect(hmas.deploymentObjects(input.name)).toEqual([]);
};

const verifyManifestsRendered: Verify = async (hmas, input, outputs) => {
  expect(outputs.manifests.map((m: any) => m.kind)).toEqual(
    expect.arrayContaining(['Deployment', 'PropagationPolicy']),
  );
  for (const manifest of outputs.manifests) {
    expect(manifest.metadata.namespace ?? input.namespace).toBe(
      input.namespace ?? 'default',
    );
    expect(outputs.yaml).toContain(`kind: ${manifest.kind}`);
  }
  await verifyNothingWritten(hmas, input, outputs);
};

function verifyPolicyCreated(kind: string): Verify {
  return async (hmas, input, outputs) => {
    const namespace = input.metadata.namespace ?? 'default';
    const stored = hmas
      .karmadaObjects(kind, input.metadata.name)
      .filter(p => p.metadata.namespace === namespace);
    expect(stored).toHaveLength(1);
    // Karmada adds defaults, so the stored spec holds the input's rather than equals it.
    expect(stored[0].spec).toMatchObject(input.spec);
    expect(outputs).toEqual({
      name: input.metadata.name,
      namespace,
      resourceVersion: expect.stringMatching(/^\d+$/),
    });
    expect(outputs.resourceVersion).toBe(stored[0].metadata.resourceVersion);
    await expectOneScaffolderEntry(
      hmas,
      'policy',
      `${namespace}/${input.metadata.name}`,
      'policy.create',
    );
  };
}

const documented: Array<{
  factory: (options: HmasActionOptions) => TemplateAction<any, any, any>;
  examples: TemplateExample[];
  verify: Verify;
}> = [
  {
    factory: createHmasDeploymentAction,
    examples: deploymentCreateExamples,
    verify: verifyDeploymentCreated,
  },
  {
    factory: createHmasDeploymentDeleteAction,
    examples: deploymentDeleteExamples,
    // The example's id names no deployment: the backend answers 404 (a well-formed id) and
    // the action, being idempotent, succeeds without touching anything.
    verify: verifyNothingWritten,
  },
  {
    factory: createHmasManifestsRenderAction,
    examples: manifestsRenderExamples,
    verify: verifyManifestsRendered,
  },
  {
    factory: createHmasPropagationPolicyAction,
    examples: propagationPolicyExamples,
    verify: verifyPolicyCreated('PropagationPolicy'),
  },
  {
    factory: createHmasOverridePolicyAction,
    examples: overridePolicyExamples,
    verify: verifyPolicyCreated('OverridePolicy'),
  },
  {
    factory: createHmasClusterLabelsUpdateAction,
    examples: clusterLabelsExamples,
    verify: verifyClusterLabelsUpdated,
  },
  {
    factory: createHmasClusterCreateAction,
    examples: clusterCreateExamples,
    verify: verifyClusterCreated,
  },
];

const allExamples = documented.flatMap(({ factory, examples, verify }) =>
  examples.map(({ description, example }) => {
    const action = factory({} as HmasActionOptions).id;
    return { action, description, example, factory, verify };
  }),
);

/** A CPU Only deployment: llama.cpp in cpu mode on a small GGUF model. */

it('covers every action with its examples', () => {
  expect(new Set(allExamples.map(e => e.action))).toEqual(
    new Set([
      'hmas:deployment:create',
      'hmas:deployment:delete',
      'hmas:manifests:render',
      'hmas:policy:propagation:create',
      'hmas:policy:override:create',
      'hmas:cluster:labels:update',
      'hmas:cluster:create',
    ]),
  );
});

describe.each(databases.eachSupportedId())(
  'H-MAS actions against the real H-MAS backend on %p',
  databaseId => {
    let hmas: RealHmas;

    beforeEach(async () => {
      hmas = await startRealHmas({
        knex: await databases.init(databaseId),
        namespaces: [TEAM_NAMESPACE],
      });
    });
    afterEach(async () => {
      await hmas?.stop();
    });

    it.each(allExamples.map(e => [e.action, e.description, e]))(
      '%s example: %s',
      async (_action, _title, { example, factory, verify }) => {
        const input = exampleInput(example);
        const ctx = actionContext(input);
        await verify(hmas, input, await run(factory(hmas.options), ctx));
      },
    );

    it('deploys llama.cpp on CPU Only, adopts it when the task is retried, and deletes it', async () => {
      const create = createHmasDeploymentAction(hmas.options);
      const first = await run(create, actionContext(llamaOnCpu));
      await verifyDeploymentCreated(hmas, llamaOnCpu, first);
      const objects = hmas.deploymentObjects('llama-cpu');
      expect(objects.map(o => o.kind).sort()).toEqual([
        'Deployment',
        'PersistentVolumeClaim',
        'PropagationPolicy',
        'Service',
      ]);
      const deployment = objects.find(o => o.kind === 'Deployment')!;
      expect(JSON.stringify(deployment.spec)).not.toContain('nvidia.com/gpu');
      const policy = objects.find(o => o.kind === 'PropagationPolicy')!;
      expect(policy.spec.placement.clusterAffinity).toEqual({
        labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
      });

      // A retried task has no checkpoint: the backend answers 409 and the action adopts the
      // deployment its earlier attempt created.
      const retried = await run(create, actionContext(llamaOnCpu));
      expect(retried.id).toBe(first.id);
      expect(retried.yaml).toBe(first.yaml);
      expect(
        hmas.deploymentObjects('llama-cpu').map(o => o.metadata.uid),
      ).toEqual(objects.map(o => o.metadata.uid));
      const { body } = await hmas.get('/deployments?namespace=default');
      expect(body.items.map((d: any) => d.id)).toEqual([first.id]);
      await expectOneScaffolderEntry(
        hmas,
        'deployment',
        'default/llama-cpu',
        'deployment.create',
      );

      // Another user's task does not adopt it.
      const bob = mockCredentials.user('user:default/bob');
      await expect(run(create, actionContext(llamaOnCpu, bob))).rejects.toThrow(
        ConflictError,
      );
      expect(
        hmas.deploymentObjects('llama-cpu').map(o => o.metadata.uid),
      ).toEqual(objects.map(o => o.metadata.uid));

      const remove = createHmasDeploymentDeleteAction(hmas.options);
      await run(remove, actionContext({ id: first.id }));
      expect(hmas.deploymentObjects('llama-cpu')).toEqual([]);
      expect((await hmas.get(`/deployments/${first.id}`)).status).toBe(404);
      expect(
        (await hmas.audit('deployment', 'default/llama-cpu')).map(e => [
          e.action,
          e.source,
          e.actor,
        ]),
      ).toEqual([
        ['deployment.delete', 'scaffolder', INITIATOR],
        ['deployment.create', 'scaffolder', INITIATOR],
      ]);

      // Deleting again (a retried delete) succeeds and writes nothing more.
      await run(remove, actionContext({ id: first.id }));
      expect(await hmas.audit('deployment', 'default/llama-cpu')).toHaveLength(
        2,
      );
    });

    it("hands a template secret to H-MAS, which keeps it in the deployment's Secret only", async () => {
      const value = 'hf_template-secret-value-42';
      const input = {
        ...llamaOnCpu,
        env: {
          HF_TOKEN: { templateSecret: 'hmas-env-HF_TOKEN' },
          LOG_LEVEL: 'info',
        },
      };
      const secrets = { 'hmas-env-HF_TOKEN': value };
      const render = createHmasManifestsRenderAction(hmas.options);
      const renderCtx = actionContext(input, undefined, secrets);
      await render.handler(renderCtx as any);
      const rendered = JSON.stringify(
        (renderCtx.output as jest.Mock).mock.calls,
      );
      expect(rendered).toContain('kind: Secret');
      expect(rendered).not.toContain(value);

      const create = createHmasDeploymentAction(hmas.options);
      const ctx = actionContext(input, undefined, secrets);
      const created = await run(create, ctx);
      expect(JSON.stringify(created)).not.toContain(value);
      const secret = hmas.karmadaObjects(
        'Secret',
        'llama-cpu-secrets',
      )[0] as any;
      expect(Buffer.from(secret.data.HF_TOKEN, 'base64').toString()).toBe(
        value,
      );
      const { body } = await hmas.get(`/deployments/${created.id}`);
      expect(body.spec.env.HF_TOKEN).toEqual({
        secretKeyRef: { name: 'llama-cpu-secrets', key: 'HF_TOKEN' },
      });
      expect(JSON.stringify(body)).not.toContain(value);
      expect(JSON.stringify(await hmas.audit())).not.toContain(value);

      // Not entered: refused before anything is written; a literal secret in the template too.
      await expect(
        run(create, actionContext({ ...input, name: 'other' }, undefined, {})),
      ).rejects.toThrow(
        'env.HF_TOKEN: the secret was not entered (template secret hmas-env-HF_TOKEN)',
      );
      await expect(
        run(
          create,
          actionContext({
            ...llamaOnCpu,
            name: 'other',
            env: { HF_TOKEN: { secret: value } },
          }),
        ),
      ).rejects.toThrow(InputError);
      expect(hmas.deploymentObjects('other')).toEqual([]);
    });

    it('creates an override policy once across retries and refuses another spec under its name', async () => {
      const input = exampleInput(overridePolicyExamples[0].example);
      const create = createHmasOverridePolicyAction(hmas.options);
      const first = await run(create, actionContext(input));
      const retried = await run(create, actionContext(input));

      expect(retried).toEqual(first);
      await verifyPolicyCreated('OverridePolicy')(hmas, input, first);
      const { uid } = hmas.karmadaObjects(
        'OverridePolicy',
        'qwen-chat-scheduler',
      )[0].metadata;

      const other = {
        ...input,
        spec: {
          ...input.spec,
          overrideRules: [
            {
              ...input.spec.overrideRules[0],
              overriders: {
                plaintext: [
                  {
                    path: '/spec/template/spec/schedulerName',
                    operator: 'replace',
                    value: 'kai-scheduler',
                  },
                ],
              },
            },
          ],
        },
      };
      const attempt = run(create, actionContext(other));
      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow(
        `OverridePolicy ${TEAM_NAMESPACE}/qwen-chat-scheduler already exists with a different spec`,
      );
      const [stored] = hmas.karmadaObjects(
        'OverridePolicy',
        'qwen-chat-scheduler',
      );
      expect(stored.spec).toMatchObject(input.spec);
      expect(stored.metadata).toMatchObject({ uid, generation: 1 });
      expect(await hmas.audit('policy')).toHaveLength(1);
    });

    it('registers a cluster once across retries and moves it to another zone by its labels', async () => {
      const input = {
        name: 'gpu-hp-sapporo',
        apiEndpoint: 'https://10.40.0.10:6443',
        zone: 'gpu-high',
        gpuTypes: ['h100'],
      };
      const create = createHmasClusterCreateAction(hmas.options);
      const first = await run(create, actionContext(input));
      const retried = await run(create, actionContext(input));

      expect(retried).toEqual(first);
      expect(hmas.karmadaObjects('Cluster', input.name)).toHaveLength(1);
      expect(first.labels).toEqual({
        'gpu-tier': 'high',
        'cluster-type': 'standard',
        'gpu-type': 'h100',
      });
      await verifyClusterCreated(hmas, input, first);

      const relabelled = await run(
        createHmasClusterLabelsUpdateAction(hmas.options),
        actionContext({ name: input.name, set: { 'gpu-tier': 'general' } }),
      );
      expect(relabelled.zone).toBe('gpu-general');
      const [cluster] = hmas.karmadaObjects('Cluster', input.name);
      expect(cluster.metadata.labels).toEqual({
        'gpu-tier': 'general',
        'cluster-type': 'standard',
        'gpu-type': 'h100',
      });
      const { body } = await hmas.get('/clusters');
      const general = body.zones.find((z: any) => z.zone === 'gpu-general');
      expect(general.clusters.map((c: any) => c.name)).toContain(input.name);
      expect(
        (await hmas.audit('cluster', input.name)).map(e => [
          e.action,
          e.source,
        ]),
      ).toEqual([
        ['cluster.labels.update', 'scaffolder'],
        ['cluster.create', 'scaffolder'],
      ]);
    });

    it.each([
      [
        'a GPU-only runtime in CPU Only',
        createHmasDeploymentAction,
        { ...llamaOnCpu, runtime: 'vllm', gpuMode: undefined },
        'placement.zone',
      ],
      [
        'GPU types on a CPU Only cluster',
        createHmasClusterCreateAction,
        {
          name: 'cpu-busan',
          apiEndpoint: 'https://10.30.0.20:6443',
          zone: 'cpu-only',
          gpuTypes: ['t4'],
        },
        'gpuTypes',
      ],
      [
        'an override path that is not a JSON pointer',
        createHmasOverridePolicyAction,
        {
          metadata: { name: 'bad-path' },
          spec: {
            resourceSelectors: [
              { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            ],
            overrideRules: [
              {
                overriders: {
                  plaintext: [
                    { path: 'spec/replicas', operator: 'replace', value: 1 },
                  ],
                },
              },
            ],
          },
        },
        'spec.overrideRules[0].overriders.plaintext[0].path',
      ],
    ] as const)(
      'refuses %s with an InputError naming the field and writes nothing',
      async (_case, factory, input, field) => {
        const clustersBefore = hmas.karmadaObjects('Cluster').length;
        const attempt = run(factory(hmas.options), actionContext(input));
        await expect(attempt).rejects.toThrow(InputError);
        await expect(attempt).rejects.toThrow(field);
        await verifyNothingWritten(hmas, input, {});
        expect(hmas.karmadaObjects('Cluster')).toHaveLength(clustersBefore);
        expect(hmas.karmadaObjects('OverridePolicy')).toEqual([]);
      },
    );
  },
);
