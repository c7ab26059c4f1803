/**
 * Over HTTP with client-node: the read-only token and SelfSubjectAccessReview, PUT without
 * resourceVersion, the cluster proxy of an unreachable member, v1alpha1 ResourceBindings,
 * karmada-webhook's policy defaults and Karmada's Events; and `kubectl auth can-i` when
 * kubectl is installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';
import { PROPAGATION_POLICY_PERMANENT_ID_LABEL } from '../karmada/defaults';
import { startEmbeddedKarmada, type EmbeddedKarmada } from '../embedded';

const PP = {
  group: 'policy.karmada.io',
  version: 'v1alpha1',
  plural: 'propagationpolicies',
};
const READY = 'gpu-hp-seoul';

function withToken(kc: KubeConfig, token: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromString(kc.exportConfig());
  copy.users = [{ name: copy.users[0].name, token }];
  return copy;
}

let fleet: TestFleet;
let viewer: KubeConfig;

beforeAll(async () => {
  fleet = await startTestFleet({ modelLoadMs: 1000 });
  viewer = withToken(
    kubeConfigFor(fleet.karmada.sim),
    fleet.karmada.readOnlyToken,
  );
  await fleet.core.createNamespace({ body: { metadata: { name: 'team-a' } } });
  await fleet.apps.createNamespacedDeployment({
    namespace: 'team-a',
    body: modelDeployment('web', 'team-a', {
      replicas: 2,
      requests: { cpu: '1', memory: '1Gi' },
    }) as any,
  });
  await createKarmadaObject(
    fleet,
    propagationPolicy(
      'web',
      'team-a',
      // No namespace: the webhook defaults it.
      [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      {
        clusterAffinity: { clusterNames: [READY] },
        replicaScheduling: { replicaSchedulingType: 'Divided' },
      },
    ),
  );
  await fleet.settle();
});
afterAll(() => fleet.close());

describe('the read-only token', () => {
  it('reads', async () => {
    const apps = viewer.makeApiClient(AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: 'team-a' });
    expect(list.items.map(d => d.metadata?.name)).toEqual(['web']);
    const member = withToken(
      kubeConfigFor(fleet.karmada.sim, READY),
      fleet.karmada.readOnlyToken,
    ).makeApiClient(CoreV1Api);
    expect((await member.listNode()).items.length).toBeGreaterThan(0);
  });

  it('is refused writes with 403 in kube words', async () => {
    const core = viewer.makeApiClient(CoreV1Api);
    const create = await failure(
      core.createNamespacedConfigMap({
        namespace: 'team-a',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(create.code).toBe(403);
    expect(statusOf(create)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'configmaps is forbidden: User "karmada-sim:viewer" cannot create resource "configmaps" in API group "" in the namespace "team-a"',
      reason: 'Forbidden',
      details: { kind: 'configmaps' },
      code: 403,
    });
    const custom = viewer.makeApiClient(CustomObjectsApi);
    const patch = await failure(
      custom.patchNamespacedCustomObject({
        ...PP,
        namespace: 'team-a',
        name: 'web',
        body: { metadata: { labels: { a: 'b' } } },
      }),
    );
    expect(statusOf(patch)).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'propagationpolicies.policy.karmada.io "web" is forbidden: User "karmada-sim:viewer" cannot patch resource "propagationpolicies" in API group "policy.karmada.io" in the namespace "team-a"',
      details: {
        name: 'web',
        group: 'policy.karmada.io',
        kind: 'propagationpolicies',
      },
    });
    const cluster = await raw(
      fleet.karmada.sim,
      'DELETE',
      `/apis/cluster.karmada.io/v1alpha1/clusters/${READY}`,
      { token: fleet.karmada.readOnlyToken },
    );
    expect(cluster.body.message).toBe(
      `clusters.cluster.karmada.io "${READY}" is forbidden: User "karmada-sim:viewer" cannot delete resource "clusters" in API group "cluster.karmada.io" at the cluster scope`,
    );
  });

  it('is refused member writes by the cluster proxy', async () => {
    const res = await raw(
      fleet.karmada.sim,
      'POST',
      `/apis/cluster.karmada.io/v1alpha1/clusters/${READY}/proxy/api/v1/namespaces/default/configmaps`,
      {
        token: fleet.karmada.readOnlyToken,
        body: { metadata: { name: 'x' } },
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      `clusters.cluster.karmada.io "${READY}" is forbidden: User "karmada-sim:viewer" cannot create resource "clusters/proxy" in API group "cluster.karmada.io" at the cluster scope`,
    );
  });

  it('may not impersonate the admin; the admin may impersonate it', async () => {
    const path = '/api/v1/namespaces/team-a/configmaps';
    const body = { metadata: { name: 'imp' } };
    const up = await fetch(`${fleet.karmada.sim.url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${fleet.karmada.readOnlyToken}`,
        'Impersonate-User': 'karmada-sim:admin',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(up.status).toBe(403);
    expect((await up.json()).message).toBe(
      'users "karmada-sim:admin" is forbidden: User "karmada-sim:viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const down = await fetch(`${fleet.karmada.sim.url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${fleet.karmada.token}`,
        'Impersonate-User': 'karmada-sim:viewer',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(down.status).toBe(403);
  });

  it('is in the kubeconfig as context karmada-readonly', () => {
    const config = parseYaml(fleet.karmada.sim.kubeconfig());
    const context = config.contexts.find(
      (c: any) => c.name === 'karmada-readonly',
    );
    expect(context.context.cluster).toBe('karmada');
    const user = config.users.find((u: any) => u.name === context.context.user);
    expect(user.user).toEqual({
      token: fleet.karmada.readOnlyToken,
      as: 'karmada-sim:viewer',
    });
    expect(config['current-context']).toBe('karmada');
  });
});

describe('SelfSubjectAccessReview', () => {
  const review = (resourceAttributes: Record<string, string>) => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes },
  });

  it('is discovered', async () => {
    const res = await raw(
      fleet.karmada.sim,
      'GET',
      '/apis/authorization.k8s.io/v1',
    );
    expect(res.body.resources).toEqual([
      {
        name: 'selfsubjectaccessreviews',
        singularName: 'selfsubjectaccessreview',
        namespaced: false,
        kind: 'SelfSubjectAccessReview',
        verbs: ['create'],
      },
    ]);
  });

  it.each<[string, Record<string, string>, boolean, boolean]>([
    [
      'create deployments',
      {
        verb: 'create',
        group: 'apps',
        resource: 'deployments',
        namespace: 'team-a',
      },
      true,
      false,
    ],
    [
      'list policies',
      {
        verb: 'list',
        group: 'policy.karmada.io',
        resource: 'propagationpolicies',
        namespace: 'team-a',
      },
      true,
      true,
    ],
    [
      'delete clusters',
      {
        verb: 'delete',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        name: READY,
      },
      true,
      false,
    ],
  ])('answers %s from the token role', async (_n, attrs, admin, readOnly) => {
    const ask = async (kc: KubeConfig) =>
      kc
        .makeApiClient(AuthorizationV1Api)
        .createSelfSubjectAccessReview({ body: review(attrs) });
    const asAdmin = await ask(kubeConfigFor(fleet.karmada.sim));
    const asViewer = await ask(viewer);
    expect(asAdmin.status?.allowed).toBe(admin);
    expect(asViewer.status?.allowed).toBe(readOnly);
    expect(asViewer.spec.resourceAttributes).toEqual(attrs);
  });

  it('answers 201 with RBAC reason', async () => {
    const res = await raw(
      fleet.karmada.sim,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { body: review({ verb: 'get', resource: 'pods', namespace: 'x' }) },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'x' },
      },
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
      },
    });
  });
});

describe('SelfSubjectRulesReview', () => {
  const PATH = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
  const ask = (token?: string, spec: unknown = { namespace: 'default' }) =>
    raw(fleet.karmada.sim, 'POST', PATH, {
      token,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec,
      },
    });
  const basicUser = {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  };
  const discovery = [
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/livez',
        '/readyz',
        '/healthz',
        '/version',
        '/version/',
        '/openapi',
        '/openapi/*',
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
      ],
    },
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/livez',
        '/readyz',
        '/healthz',
        '/version',
        '/version/',
      ],
    },
  ];

  it('answers the admin cluster-admin rules, 201 with an empty spec', async () => {
    const res = await ask();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: { creationTimestamp: null },
      spec: {},
      status: {
        resourceRules: [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          basicUser,
        ],
        nonResourceRules: [
          { verbs: ['*'], nonResourceURLs: ['*'] },
          ...discovery,
        ],
        incomplete: false,
      },
    });
  });

  it('answers the read-only user get, list and watch', async () => {
    const res = await ask(fleet.karmada.sim.readOnlyToken);
    expect(res.status).toBe(201);
    expect(res.body.status).toEqual({
      resourceRules: [
        {
          verbs: ['get', 'list', 'watch'],
          apiGroups: ['*'],
          resources: ['*'],
        },
        basicUser,
      ],
      nonResourceRules: discovery,
      incomplete: false,
    });
  });

  it('is 400 without a namespace, 405 on GET', async () => {
    const res = await ask(undefined, {});
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('no namespace on request');
    expect(res.body.reason).toBe('BadRequest');
    expect((await raw(fleet.karmada.sim, 'GET', PATH)).status).toBe(405);
  });
});

describe('PUT without resourceVersion', () => {
  it('is 422 for a custom resource', async () => {
    const current: any = await fleet.custom.getNamespacedCustomObject({
      ...PP,
      namespace: 'team-a',
      name: 'web',
    });
    const { resourceVersion, ...metadata } = current.metadata;
    expect(resourceVersion).toBeTruthy();
    const e = await failure(
      fleet.custom.replaceNamespacedCustomObject({
        ...PP,
        namespace: 'team-a',
        name: 'web',
        body: { ...current, metadata },
      }),
    );
    expect(e.code).toBe(422);
    expect(statusOf(e)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PropagationPolicy.policy.karmada.io "web" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'policy.karmada.io',
        kind: 'PropagationPolicy',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 0x0: must be specified for an update',
            field: 'metadata.resourceVersion',
          },
        ],
      },
      code: 422,
    });
    // With it, the replace goes through.
    const ok: any = await fleet.custom.replaceNamespacedCustomObject({
      ...PP,
      namespace: 'team-a',
      name: 'web',
      body: current,
    });
    expect(ok.metadata.name).toBe('web');
  });

  it('is 404 first for a missing custom resource', async () => {
    const e = await failure(
      fleet.custom.replaceNamespacedCustomObject({
        ...PP,
        namespace: 'team-a',
        name: 'nope',
        body: propagationPolicy('nope', 'team-a', [], {}),
      }),
    );
    expect(e.code).toBe(404);
  });

  it('is accepted for built-ins and Clusters (unconditional update)', async () => {
    await fleet.core.createNamespacedConfigMap({
      namespace: 'team-a',
      body: { metadata: { name: 'cm' }, data: { a: '1' } },
    });
    const cm = await fleet.core.replaceNamespacedConfigMap({
      namespace: 'team-a',
      name: 'cm',
      body: { metadata: { name: 'cm' }, data: { a: '2' } },
    });
    expect(cm.data).toEqual({ a: '2' });
    const cluster: any = await fleet.custom.getClusterCustomObject({
      group: 'cluster.karmada.io',
      version: 'v1alpha1',
      plural: 'clusters',
      name: READY,
    });
    delete cluster.metadata.resourceVersion;
    const replaced: any = await fleet.custom.replaceClusterCustomObject({
      group: 'cluster.karmada.io',
      version: 'v1alpha1',
      plural: 'clusters',
      name: READY,
      body: cluster,
    });
    expect(replaced.metadata.name).toBe(READY);
  });
});

describe('the cluster proxy of an unreachable member', () => {
  it('answers what Karmada answers when it cannot dial the member', async () => {
    const res = await raw(
      fleet.karmada.sim,
      'GET',
      '/apis/cluster.karmada.io/v1alpha1/clusters/lab-offline/proxy/api/v1/nodes',
    );
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'dial tcp lab-offline.k8s.hmas.internal:6443: connect: connection refused',
      code: 500,
    });
    const e = await failure(
      kubeConfigFor(fleet.karmada.sim, 'lab-offline')
        .makeApiClient(CoreV1Api)
        .listNode(),
    );
    expect(e.code).toBe(500);
  });

  it('serves the member again once it is Ready', async () => {
    fleet.karmada.controller.markClusterReady(READY, false);
    await fleet.settle();
    const down = await raw(
      fleet.karmada.sim,
      'GET',
      `/apis/cluster.karmada.io/v1alpha1/clusters/${READY}/proxy/api/v1/nodes`,
    );
    expect(down.status).toBe(500);
    expect(down.body.message).toMatch(
      /^dial tcp .*: connect: connection refused$/,
    );
    fleet.karmada.controller.markClusterReady(READY, true);
    await fleet.settle();
    const up = await raw(
      fleet.karmada.sim,
      'GET',
      `/apis/cluster.karmada.io/v1alpha1/clusters/${READY}/proxy/api/v1/nodes`,
    );
    expect(up.status).toBe(200);
  });
});

describe('work.karmada.io/v1alpha1 ResourceBindings', () => {
  it('serves the v1alpha2 binding converted', async () => {
    const v2: any = await fleet.custom.getNamespacedCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha2',
      plural: 'resourcebindings',
      namespace: 'team-a',
      name: 'web-deployment',
    });
    const v1: any = await fleet.custom.getNamespacedCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha1',
      plural: 'resourcebindings',
      namespace: 'team-a',
      name: 'web-deployment',
    });
    expect(v1.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(v1.metadata).toEqual(v2.metadata);
    expect(v1.spec.resource).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'team-a',
      name: 'web',
      replicas: 2,
      resourcePerReplicas: v2.spec.replicaRequirements.resourceRequest,
    });
    expect(v1.spec.clusters).toEqual(v2.spec.clusters);
    expect(v1.spec.placement).toBeUndefined();
    expect(v1.status.aggregatedStatus[0]).not.toHaveProperty('health');
    const list: any = await fleet.custom.listNamespacedCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha1',
      plural: 'resourcebindings',
      namespace: 'team-a',
    });
    expect(list.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(list.items).toEqual([v1]);
  });

  it('is written through the conversion (a dry-run merge patch answers at v1alpha1)', async () => {
    const path =
      '/apis/work.karmada.io/v1alpha1/namespaces/team-a/resourcebindings/web-deployment';
    const before = await raw(fleet.karmada.sim, 'GET', path);
    const res = await raw(fleet.karmada.sim, 'PATCH', `${path}?dryRun=All`, {
      body: { metadata: { labels: { patched: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(res.status).toBe(200);
    expect(res.body.apiVersion).toBe('work.karmada.io/v1alpha1');
    expect(res.body.metadata.labels.patched).toBe('yes');
    expect(res.body.spec.resource).toEqual(before.body.spec.resource);
    // Dry run: nothing stored.
    expect((await raw(fleet.karmada.sim, 'GET', path)).body).toEqual(
      before.body,
    );
  });
});

describe('karmada-webhook policy defaults', () => {
  it('are on the stored policy', async () => {
    const policy: any = await fleet.custom.getNamespacedCustomObject({
      ...PP,
      namespace: 'team-a',
      name: 'web',
    });
    expect(
      policy.metadata.labels[PROPAGATION_POLICY_PERMANENT_ID_LABEL],
    ).toMatch(/^[0-9a-f-]{36}$/);
    expect(policy.spec.resourceSelectors).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        namespace: 'team-a',
      },
    ]);
    expect(policy.spec.placement.replicaScheduling).toEqual({
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
    });
  });
});

describe('Karmada events', () => {
  it('are recorded about the template and the binding', async () => {
    const events = await fleet.core.listNamespacedEvent({
      namespace: 'team-a',
    });
    const summary = events.items.map(e => [
      e.involvedObject.kind,
      e.reason,
      e.message,
      e.source?.component,
    ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [
          'Deployment',
          'ApplyPolicySucceed',
          'Apply policy(team-a/web) succeed',
          'resource-detector',
        ],
        [
          'ResourceBinding',
          'ScheduleBindingSucceed',
          `Binding has been scheduled successfully. Result: {${READY}:2}`,
          'default-scheduler',
        ],
        [
          'Deployment',
          'ScheduleBindingSucceed',
          `Binding has been scheduled successfully. Result: {${READY}:2}`,
          'default-scheduler',
        ],
        [
          'ResourceBinding',
          'SyncWorkSucceed',
          'Sync work of ResourceBinding(team-a/web-deployment) successful.',
          'binding-controller',
        ],
        [
          'Deployment',
          'SyncSucceed',
          `Successfully applied resource(team-a/web) to cluster ${READY}`,
          'execution-controller',
        ],
      ]),
    );
    const work = await fleet.core.listNamespacedEvent({
      namespace: `karmada-es-${READY}`,
    });
    expect(
      work.items.map(e => [e.involvedObject.kind, e.reason]),
    ).toContainEqual(['Work', 'SyncSucceed']);
  });
});

describe('kubectl auth can-i', () => {
  const run = promisify(execFile);
  let kubectl: string | undefined;
  let dir: string;
  let standalone: EmbeddedKarmada | undefined;
  beforeAll(async () => {
    try {
      await run('kubectl', ['version', '--client']);
      kubectl = 'kubectl';
    } catch {
      kubectl = undefined;
      // eslint-disable-next-line no-console
      console.warn(
        'SKIPPED: kubectl auth can-i checks, kubectl is not installed',
      );
    }
    // As the CLI starts it: kubectl sends no bearer token over plain http.
    standalone = await startEmbeddedKarmada({ anonymous: true, resyncMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'karmada-sim-authz-'));
    writeFileSync(join(dir, 'kubeconfig'), standalone.sim.kubeconfig());
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await standalone?.close();
  });

  const canI = async (context: string, ...args: string[]) => {
    const res = await run(kubectl!, [
      '--kubeconfig',
      join(dir, 'kubeconfig'),
      '--context',
      context,
      'auth',
      'can-i',
      ...args,
    ]).catch((e: any) => e);
    // stdout is yes/no; stderr only when it failed (shown to explain the failure).
    return String(res.stdout).trim() || String(res.stderr).trim();
  };

  it('answers from the token role', async () => {
    if (!kubectl) return;
    expect(await canI('karmada', 'create', 'deployments', '-n', 'team-a')).toBe(
      'yes',
    );
    expect(
      await canI('karmada-readonly', 'create', 'deployments', '-n', 'team-a'),
    ).toBe('no');
    expect(
      await canI(
        'karmada-readonly',
        'list',
        'propagationpolicies.policy.karmada.io',
        '-n',
        'team-a',
      ),
    ).toBe('yes');
    expect(
      await canI('karmada-readonly', 'delete', 'clusters.cluster.karmada.io'),
    ).toBe('no');
  });
});
