import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { examplePresets } from '@h-mas/plugin-hmas-common';
import fc from 'fast-check';
import { validate as validateJsonSchema } from 'jsonschema';
import { exampleInput } from './__testUtils__/fakeHmas';
import {
  actionContext,
  INITIATOR,
  RealHmas,
  startRealHmas,
} from './__testUtils__/realHmas';
import {
  createHmasClusterCreateAction,
  createHmasClusterLabelsUpdateAction,
  createHmasDeploymentAction,
  createHmasDeploymentDeleteAction,
  createHmasOverridePolicyAction,
  createHmasPropagationPolicyAction,
} from './actions';
import { examples as clusterCreateExamples } from './actions/createCluster.examples';
import { examples as deploymentCreateExamples } from './actions/createDeployment.examples';
import { examples as overridePolicyExamples } from './actions/createOverridePolicy.examples';
import { examples as propagationPolicyExamples } from './actions/createPropagationPolicy.examples';
import { examples as clusterLabelsExamples } from './actions/updateClusterLabels.examples';
import { recordTestReport } from '@h-mas/test-utils';

/**
 * Property-based fuzzing of every mutating REST route of `/api/hmas` and every mutating
 * scaffolder action, against the real backend plugin (over HTTP, on a real database, the
 * Karmada simulator behind it). Each input is a valid request with one thing broken: a value
 * of the wrong JSON type at any depth, an unknown field in any closed object, or a malformed
 * path parameter. Each must be answered 4xx with a message naming the broken field, never
 * 5xx, and change nothing: Karmada's resourceVersion, the audit log and the stored
 * deployments, presets and policies are compared before and after. The counts are printed.
 */

jest.setTimeout(600_000);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

/** A request with one thing broken, and the name the answer must mention. */
interface Malformed {
  body: Json;
  /** The field (key) the error message must name. */
  names: string;
  description: string;
}

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every position in a value: its path and what is there. */
function positions(value: Json, path: Path = []): Array<[Path, Json]> {
  const here: Array<[Path, Json]> = path.length ? [[path, value]] : [];
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((v, i) => positions(v, [...path, i]))];
  }
  if (isObject(value)) {
    return [
      ...here,
      ...Object.entries(value).flatMap(([k, v]) => positions(v, [...path, k])),
    ];
  }
  return here;
}

function setAt(value: Json, path: Path, replacement: Json): Json {
  const copy = structuredClone(value);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = replacement;
  return copy;
}

/** The key an error about `path` must name: its last field name. */
function nameOf(path: Path): string {
  return String([...path].reverse().find(p => typeof p === 'string'));
}

/** Values of another JSON type than `value`'s, none of which a schema could take instead. */
function wrongTypes(value: Json): fc.Arbitrary<Json> {
  if (typeof value === 'string') {
    return fc.oneof(
      fc.integer({ min: -5, max: 99999 }),
      fc.boolean(),
      fc.constant<Json>([]),
      fc.constant<Json>({ x: 1 }),
    );
  }
  if (typeof value === 'number') {
    return fc.oneof(
      fc.constantFrom('many', 'one hundred', 'x1'),
      fc.boolean(),
      fc.constant<Json>({ x: 1 }),
      fc.constant<Json>(['1']),
    );
  }
  if (typeof value === 'boolean') {
    return fc.oneof(
      fc.constantFrom('yes', 'nope'),
      fc.integer(),
      fc.constant<Json>({}),
    );
  }
  if (Array.isArray(value)) {
    return fc.oneof(
      fc.constantFrom('a', 'x,y'),
      fc.integer(),
      fc.constant<Json>({ a: 'b' }),
    );
  }
  return fc.oneof(
    fc.constantFrom('text', ''),
    fc.integer(),
    fc.constant<Json>([1]),
  );
}

/**
 * Malformed variants of `base`: a wrong type at any position (except under `openPaths`, whose
 * values are free, such as an env var's string), or an unknown key in any object that is not
 * a map (`maps`: paths whose keys are data, such as labels).
 */
function malformed(
  base: Json,
  options: { maps?: string[]; openPaths?: string[] } = {},
): fc.Arbitrary<Malformed> {
  const text = (path: Path) => path.join('.');
  const under = (path: Path, prefixes: string[] = []) =>
    prefixes.some(p => text(path) === p || text(path).startsWith(`${p}.`));
  const all = positions(base);
  const typed = all.filter(([path]) => !under(path, options.openPaths));
  const objects: Array<[Path, Json]> = [
    [[], base],
    ...all.filter(([, v]) => isObject(v)),
  ].filter(([path]) => !under(path as Path, options.maps)) as Array<
    [Path, Json]
  >;
  const wrongType = fc.constantFrom(...typed).chain(([path, value]) =>
    wrongTypes(value).map(
      (replacement): Malformed => ({
        body: setAt(base, path, replacement),
        names: nameOf(path),
        description: `${text(path)} = ${JSON.stringify(replacement)}`,
      }),
    ),
  );
  const unknownKey = fc
    .tuple(
      fc.constantFrom(...objects),
      fc.stringMatching(/^[a-z]{3,8}$/).map(s => `zz${s}`),
    )
    .map(
      ([[path], key]): Malformed => ({
        body: path.length
          ? setAt(base, [...path, key], 'x')
          : { ...(base as Record<string, Json>), [key]: 'x' },
        names: key,
        description: `unknown field ${[...path, key].join('.')}`,
      }),
    );
  return fc.oneof(wrongType, unknownKey);
}

/** The status the backend answers for each error an action throws. */
const STATUS_OF_ERROR: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

const counts = {
  tried: 0,
  fourxxNamingField: 0,
  fourxxNotNaming: 0,
  fivexx: 0,
  accepted: 0,
  leakedWrites: 0,
};
const failures: string[] = [];

afterAll(() => {
  recordTestReport(
    'fuzz',
    `Fuzzing: tried ${counts.tried} malformed inputs; 4xx naming the field ${
      counts.fourxxNamingField
    }, 4xx not naming it ${counts.fourxxNotNaming}, 5xx ${
      counts.fivexx
    }, accepted ${counts.accepted}, leaked writes ${counts.leakedWrites}${
      failures.length ? `\n  ${failures.slice(0, 20).join('\n  ')}` : ''
    }`,
  );
});

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('fuzzing the mutating routes and actions with malformed input', () => {
  let hmas: RealHmas;
  let deploymentId: string;
  let presetId: string;
  let policyVersion: string;

  const send = async (method: string, path: string, body?: Json) => {
    const response = await fetch(`${hmas.baseUrl}${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(INITIATOR),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };

  /** Everything a write could change: Karmada, the audit log and the stored rows. */
  const snapshot = async () =>
    JSON.stringify({
      karmada: hmas.karmada.sim.store.resourceVersion,
      audit: (await hmas.audit()).length,
      deployments: (await send('GET', '/deployments')).body.items?.map(
        (d: any) => [d.id, d.state, d.updatedAt],
      ),
      presets: (await send('GET', '/presets')).body.items?.map((p: any) => [
        p.id,
        p.updatedAt,
      ]),
      policies: (await send('GET', '/policies')).body.items?.map((p: any) => [
        p.kind,
        p.namespace,
        p.name,
        p.resourceVersion,
      ]),
    });

  /** Judges one answer: a 4xx naming the field, and nothing changed. */
  async function judge(
    label: string,
    input: Malformed,
    answer: () => Promise<{ status: number; message: string }>,
  ) {
    counts.tried++;
    const before = await snapshot();
    const { status, message } = await answer();
    const after = await snapshot();
    const leaked = before !== after;
    const why = `${label}: ${input.description} → ${status} ${message}`;
    if (leaked) {
      counts.leakedWrites++;
      failures.push(`LEAKED ${why}`);
    }
    if (status >= 500) {
      counts.fivexx++;
      failures.push(`5xx ${why}`);
    } else if (status < 400) {
      counts.accepted++;
      failures.push(`ACCEPTED ${why}`);
    } else if (message.includes(input.names)) {
      counts.fourxxNamingField++;
    } else {
      counts.fourxxNotNaming++;
      failures.push(`NOT NAMED ${why}`);
    }
    // FUZZ_EXPLORE=1 runs every input instead of stopping at the first failure.
    if (process.env.FUZZ_EXPLORE === '1') return true;
    return (
      status >= 400 && status < 500 && message.includes(input.names) && !leaked
    );
  }

  async function fuzzRoute(
    label: string,
    method: string,
    path: string,
    inputs: fc.Arbitrary<Malformed>,
    numRuns: number,
  ) {
    await fc.assert(
      fc.asyncProperty(inputs, input =>
        judge(`${method} ${path}`, input, async () => {
          const { status, body } = await send(method, path, input.body);
          return { status, message: String(body?.error?.message ?? '') };
        }),
      ),
      { numRuns, seed: 20261207, endOnFailure: true },
    );
    // Also when FUZZ_EXPLORE=1 let every input run: then this names them all.
    expect({ label, failures }).toEqual({ label, failures: [] });
  }

  const deployment = {
    name: 'fuzz-target',
    namespace: 'ml-team',
    runtime: 'llamacpp',
    gpuMode: 'cpu',
    model: {
      modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
      sizeGb: 4.9,
    },
    replicas: 1,
    env: { LOG_LEVEL: 'info' },
    placement: { mode: 'zone', zone: 'cpu-only' },
  };
  const policy = {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: {
      name: 'fuzz-policy',
      namespace: 'ml-team',
      labels: { team: 'ml' },
    },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fuzz-target' },
      ],
      placement: {
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
        },
        replicaScheduling: { replicaSchedulingType: 'Duplicated' },
      },
    },
  };
  const preset = examplePresets[0] as unknown as Json;

  /** A setup request that must succeed. */
  function must(
    answer: { status: number; body: any },
    status: number,
    what: string,
  ) {
    if (answer.status !== status) {
      throw new Error(
        `Could not create ${what}: ${answer.status} ${JSON.stringify(
          answer.body,
        )}`,
      );
    }
  }

  beforeAll(async () => {
    hmas = await startRealHmas({
      knex: await databases.init('SQLITE_3'),
      namespaces: ['ml-team'],
    });
    const created = await send('POST', '/deployments', {
      ...deployment,
      name: 'fuzz-existing',
    });
    must(created, 201, 'the deployment to change');
    deploymentId = created.body.deployment.id;
    const p = await send('POST', '/presets', {
      ...(preset as object),
      name: 'fuzz-existing',
    });
    must(p, 201, 'the preset to change');
    presetId = p.body.id;
    const pol = await send('POST', '/policies', policy);
    must(pol, 201, 'the policy to change');
    policyVersion = pol.body.metadata.resourceVersion;
  });
  afterAll(() => hmas?.stop());

  it('POST /deployments', () =>
    fuzzRoute(
      'deploy',
      'POST',
      '/deployments',
      malformed(deployment, { maps: ['env'] }),
      60,
    ));

  it('PATCH /deployments/{id}', () =>
    fuzzRoute(
      'scale',
      'PATCH',
      `/deployments/${deploymentId}`,
      malformed(
        { replicas: 2, env: { LOG_LEVEL: 'debug' } },
        { maps: ['env'] },
      ),
      25,
    ));

  it('POST /clusters', () =>
    fuzzRoute(
      'register',
      'POST',
      '/clusters',
      malformed({
        name: 'fuzz-new',
        apiEndpoint: 'https://fuzz-new.example:6443',
        syncMode: 'Push',
        zone: 'gpu-general',
        gpuTypes: ['a100'],
        scheduler: 'volcano',
      }),
      30,
    ));

  it('PATCH /clusters/{name}/labels', () =>
    fuzzRoute(
      'labels',
      'PATCH',
      '/clusters/edge-joined/labels',
      malformed({ set: { team: 'ml' }, remove: ['old'] }, { maps: ['set'] }),
      25,
    ));

  it('POST /policies', () =>
    fuzzRoute(
      'policy',
      'POST',
      '/policies',
      malformed(policy, {
        maps: [
          'metadata.labels',
          'spec.placement.clusterAffinity.labelSelector.matchLabels',
        ],
      }),
      50,
    ));

  it('PUT /policies/{kind}/{namespace}/{name}', () =>
    fuzzRoute(
      'policy replace',
      'PUT',
      '/policies/propagationpolicies/ml-team/fuzz-policy',
      malformed(
        {
          ...policy,
          metadata: { ...policy.metadata, resourceVersion: policyVersion },
        },
        {
          maps: [
            'metadata.labels',
            'spec.placement.clusterAffinity.labelSelector.matchLabels',
          ],
        },
      ),
      30,
    ));

  it('POST /presets', () =>
    fuzzRoute(
      'preset',
      'POST',
      '/presets',
      malformed({ ...(preset as object), name: 'fuzz-new' }),
      30,
    ));

  it('PUT /presets/{id}', () =>
    fuzzRoute(
      'preset replace',
      'PUT',
      `/presets/${presetId}`,
      malformed({ ...(preset as object), name: 'fuzz-existing' }),
      25,
    ));

  it('malformed path parameters of DELETE, PATCH and PUT', async () => {
    // Invalid as a UUID, a cluster name and a policy kind alike.
    const bad = fc.constantFrom(
      'UPPER',
      'has space',
      'under_score',
      'a'.repeat(300),
      '-leading-dash',
    );
    await fc.assert(
      fc.asyncProperty(
        bad,
        fc.constantFrom<[string, (v: string) => string, string, Json?]>(
          ['DELETE', v => `/deployments/${v}`, 'id'],
          ['PATCH', v => `/deployments/${v}`, 'id', { replicas: 2 }],
          ['DELETE', v => `/presets/${v}`, 'id'],
          ['DELETE', v => `/policies/${v}/ml-team/fuzz-policy`, 'kind'],
          ['PATCH', v => `/clusters/${v}/labels`, 'name', { set: { a: 'b' } }],
        ),
        (value, [method, path, names, body]) =>
          judge(
            method,
            { body: body ?? null, names, description: path(value) },
            async () => {
              const answer = await send(
                method,
                path(encodeURIComponent(value)),
                body,
              );
              return {
                status: answer.status,
                message: String(answer.body?.error?.message ?? ''),
              };
            },
          ),
      ),
      { numRuns: 30, seed: 20261207, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });

  describe('scaffolder actions', () => {
    async function fuzzAction(
      action: TemplateAction<any, any, any>,
      inputs: fc.Arbitrary<Malformed>,
      numRuns: number,
    ) {
      await fc.assert(
        fc.asyncProperty(inputs, input =>
          judge(action.id, input, async () => {
            try {
              // What the scaffolder does before it runs a step (NunjucksWorkflowRunner).
              const checked = validateJsonSchema(
                input.body,
                action.schema!.input!,
              );
              if (!checked.valid) {
                return {
                  status: 400,
                  message: `Invalid input passed to action ${
                    action.id
                  }, ${checked.errors.join(', ')}`,
                };
              }
              await action.handler(actionContext(input.body as any) as any);
              return { status: 200, message: '' };
            } catch (e) {
              const error = e as Error;
              const status = STATUS_OF_ERROR[error.name] ?? 500;
              return { status, message: error.message };
            }
          }),
        ),
        { numRuns, seed: 20261207, endOnFailure: true },
      );
      expect({ action: action.id, failures }).toEqual({
        action: action.id,
        failures: [],
      });
    }
    const first = (examples: Array<{ example: string }>) =>
      exampleInput(examples[0].example);

    it('hmas:deployment:create', () =>
      fuzzAction(
        createHmasDeploymentAction(hmas.options),
        malformed(first(deploymentCreateExamples), { maps: ['env'] }),
        30,
      ));
    it('hmas:cluster:create', () =>
      fuzzAction(
        createHmasClusterCreateAction(hmas.options),
        malformed({ ...first(clusterCreateExamples), name: 'fuzz-action' }),
        20,
      ));
    it('hmas:cluster:labels:update', () =>
      fuzzAction(
        createHmasClusterLabelsUpdateAction(hmas.options),
        malformed(first(clusterLabelsExamples), { maps: ['set'] }),
        20,
      ));
    it('hmas:policy:propagation:create', () =>
      fuzzAction(
        createHmasPropagationPolicyAction(hmas.options),
        malformed(first(propagationPolicyExamples), {
          maps: [
            'metadata.labels',
            'spec.placement.clusterAffinity.labelSelector.matchLabels',
          ],
        }),
        20,
      ));
    it('hmas:policy:override:create', () =>
      fuzzAction(
        createHmasOverridePolicyAction(hmas.options),
        malformed(first(overridePolicyExamples), {
          maps: [
            'spec.overrideRules.0.targetCluster.labelSelector.matchLabels',
          ],
        }),
        20,
      ));
    it('hmas:deployment:delete', () =>
      fuzzAction(
        createHmasDeploymentDeleteAction(hmas.options),
        malformed({ id: deploymentId }),
        10,
      ));
  });
});
