import {
  AppsV1Api,
  type KubernetesObject,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { startKarmadaSimulator, type KarmadaSimulator } from '../index';
import { failure, kubeConfigFor, raw, statusOf } from '../__testUtils__/kube';

const PP_GROUP = { group: 'policy.karmada.io', version: 'v1alpha1' };

function pp(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, labels },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      ],
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
    },
  };
}

function deployment(name: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 'side:1' },
          ],
        },
      },
    },
  };
}

describe('ApiServer over HTTP', () => {
  let sim: KarmadaSimulator;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      members: ['member1'],
      clock: () => new Date('2024-05-01T10:00:00.500Z'),
    });
    const kc = kubeConfigFor(sim);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });

  afterAll(async () => {
    await sim.close();
  });

  describe('health, version and auth', () => {
    it.each(['/healthz', '/readyz', '/livez'])(
      '%s answers ok without a token',
      async path => {
        const res = await raw(sim, 'GET', path, { token: null });
        expect(res.status).toBe(200);
        expect(res.text).toBe('ok');
      },
    );

    it('serves /version', async () => {
      const res = await raw(sim, 'GET', '/version');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        major: '1',
        gitVersion: expect.any(String),
      });
    });

    it.each([null, 'wrong'])(
      'answers 401 with a Status for token %s',
      async token => {
        const res = await raw(sim, 'GET', '/api/v1/namespaces', { token });
        expect(res.status).toBe(401);
        expect(res.contentType).toBe('application/json');
        expect(res.body).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      },
    );
  });

  describe('discovery', () => {
    it('lists core and named groups', async () => {
      const api = await raw(sim, 'GET', '/api');
      expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
      const apis = await raw(sim, 'GET', '/apis');
      const names = apis.body.groups.map((g: any) => g.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'apps',
          'cluster.karmada.io',
          'policy.karmada.io',
          'work.karmada.io',
        ]),
      );
      expect(names).not.toContain('metrics.k8s.io');
      const work = apis.body.groups.find(
        (g: any) => g.name === 'work.karmada.io',
      );
      expect(work.versions.map((v: any) => v.groupVersion).sort()).toEqual([
        'work.karmada.io/v1alpha1',
        'work.karmada.io/v1alpha2',
      ]);
    });

    it('lists each resource before its subresources', async () => {
      const res = await raw(sim, 'GET', '/apis/cluster.karmada.io/v1alpha1');
      expect(res.body.kind).toBe('APIResourceList');
      expect(res.body.groupVersion).toBe('cluster.karmada.io/v1alpha1');
      expect(res.body.resources.map((r: any) => r.name)).toEqual([
        'clusters',
        'clusters/status',
        'clusters/proxy',
      ]);
      expect(res.body.resources[0]).toMatchObject({
        kind: 'Cluster',
        namespaced: false,
        singularName: 'cluster',
      });
      const appsList = await raw(sim, 'GET', '/apis/apps/v1');
      const names = appsList.body.resources.map((r: any) => r.name);
      expect(names.indexOf('deployments')).toBeLessThan(
        names.indexOf('deployments/status'),
      );
      expect(names).toContain('deployments/scale');
      const pps = await raw(sim, 'GET', '/apis/policy.karmada.io/v1alpha1');
      expect(
        pps.body.resources.find((r: any) => r.name === 'propagationpolicies'),
      ).toMatchObject({
        shortNames: ['pp'],
        namespaced: true,
        verbs: expect.arrayContaining(['create', 'watch', 'patch']),
      });
    });

    it('serves member groups through the proxy', async () => {
      const res = await raw(
        sim,
        'GET',
        '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/apis/metrics.k8s.io/v1beta1',
      );
      expect(res.body.resources.map((r: any) => r.name)).toEqual([
        'nodes',
        'pods',
      ]);
      const unknown = await raw(sim, 'GET', '/apis/metrics.k8s.io/v1beta1');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    });

    it('lets KubernetesObjectApi find namespaced and cluster-scoped kinds', async () => {
      const created = await objects.create<KubernetesObject>(
        pp('via-object-api'),
      );
      expect(created.metadata?.namespace).toBe('default');
      const read = await objects.read({
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'via-object-api', namespace: 'default' },
      });
      expect(read.metadata?.uid).toBe(created.metadata?.uid);
      await objects.create({
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'ClusterPropagationPolicy',
        metadata: { name: 'cpp1' },
        spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace' }] },
      } as any);
      const list = await objects.list(
        'policy.karmada.io/v1alpha1',
        'ClusterPropagationPolicy',
      );
      expect(list.items.map(i => i.metadata?.name)).toEqual(['cpp1']);
      const deleted = await objects.delete({
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'ClusterPropagationPolicy',
        metadata: { name: 'cpp1' },
      });
      expect(deleted).toBeDefined();
      await expect(
        objects.list('policy.karmada.io/v1alpha1', 'ClusterPropagationPolicy'),
      ).resolves.toMatchObject({
        items: [],
      });
    });
  });

  describe('CRUD and Status errors', () => {
    it('creates with 201 and fills metadata; reads back with apiVersion/kind', async () => {
      const res = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        {
          body: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'crud' },
            data: { a: '1' },
          },
        },
      );
      expect(res.status).toBe(201);
      expect(res.contentType).toBe('application/json');
      expect(res.body.metadata).toMatchObject({
        name: 'crud',
        namespace: 'default',
        creationTimestamp: '2024-05-01T10:00:00Z',
        generation: 1,
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        resourceVersion: expect.stringMatching(/^\d+$/),
      });
      const read = await core.readNamespacedConfigMap({
        name: 'crud',
        namespace: 'default',
      });
      expect(read.data).toEqual({ a: '1' });
      const list = await raw(
        sim,
        'GET',
        '/api/v1/namespaces/default/configmaps',
      );
      expect(list.body).toMatchObject({
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
      });
    });

    it('answers 404 NotFound with details', async () => {
      const e = await failure(
        apps.readNamespacedDeployment({ name: 'nope', namespace: 'default' }),
      );
      expect(e.code).toBe(404);
      expect(statusOf(e)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', group: 'apps', kind: 'deployments' },
        code: 404,
      });
    });

    it('answers 409 AlreadyExists and 409 Conflict on a stale resourceVersion', async () => {
      const created = await apps.createNamespacedDeployment({
        namespace: 'default',
        body: deployment('web'),
      });
      const dup = await failure(
        apps.createNamespacedDeployment({
          namespace: 'default',
          body: deployment('web'),
        }),
      );
      expect(dup.code).toBe(409);
      expect(statusOf(dup)).toMatchObject({
        reason: 'AlreadyExists',
        message: 'deployments.apps "web" already exists',
      });
      created.spec!.replicas = 2;
      const updated = await apps.replaceNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        body: created,
      });
      expect(updated.metadata?.generation).toBe(2);
      created.spec!.replicas = 3;
      const stale = await failure(
        apps.replaceNamespacedDeployment({
          name: 'web',
          namespace: 'default',
          body: created,
        }),
      );
      expect(stale.code).toBe(409);
      expect(statusOf(stale)).toMatchObject({
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      });
      // Without a resourceVersion the update is unconditional.
      const { resourceVersion: _rv, ...meta } = updated.metadata!;
      const forced = await apps.replaceNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        body: {
          ...updated,
          metadata: meta,
          spec: { ...updated.spec!, replicas: 4 },
        },
      });
      expect(forced.spec?.replicas).toBe(4);
      expect(forced.metadata?.generation).toBe(3);
      // Metadata-only changes keep the generation.
      const labelled = await apps.replaceNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        body: {
          ...forced,
          metadata: { ...forced.metadata, labels: { app: 'web', x: 'y' } },
        },
      });
      expect(labelled.metadata?.generation).toBe(3);
      expect(labelled.metadata?.creationTimestamp).toEqual(
        forced.metadata?.creationTimestamp,
      );
    });

    it('answers 422 Invalid with causes from an admission hook', async () => {
      const off = sim.registerAdmission(
        { kind: 'PropagationPolicy' },
        ({ object }) =>
          object.spec?.placement?.clusterAffinity &&
          object.spec?.placement?.clusterAffinities
            ? [
                {
                  reason: 'FieldValueForbidden',
                  message:
                    'Forbidden: clusterAffinities can not co-exist with clusterAffinity',
                  field: 'spec.placement.clusterAffinities',
                },
              ]
            : undefined,
      );
      try {
        const body = pp('invalid');
        (body.spec.placement as any).clusterAffinities = [
          { affinityName: 'a' },
        ];
        const e = await failure(
          custom.createNamespacedCustomObject({
            ...PP_GROUP,
            namespace: 'default',
            plural: 'propagationpolicies',
            body,
          }),
        );
        expect(e.code).toBe(422);
        expect(statusOf(e)).toMatchObject({
          reason: 'Invalid',
          message:
            'PropagationPolicy.policy.karmada.io "invalid" is invalid: spec.placement.clusterAffinities: Forbidden: clusterAffinities can not co-exist with clusterAffinity',
          details: {
            name: 'invalid',
            group: 'policy.karmada.io',
            kind: 'PropagationPolicy',
            causes: [
              {
                reason: 'FieldValueForbidden',
                field: 'spec.placement.clusterAffinities',
              },
            ],
          },
        });
      } finally {
        off();
      }
    });

    it('answers 400 for namespace and name mismatches and bad bodies', async () => {
      const ns = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        {
          body: { metadata: { name: 'x', namespace: 'kube-system' } },
        },
      );
      expect(ns.status).toBe(400);
      expect(ns.body).toMatchObject({
        reason: 'BadRequest',
        message:
          'the namespace of the provided object does not match the namespace sent on the request',
      });
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'named' } },
      });
      const name = await raw(
        sim,
        'PUT',
        '/api/v1/namespaces/default/configmaps/named',
        {
          body: { metadata: { name: 'other' } },
        },
      );
      expect(name.status).toBe(400);
      expect(name.body.reason).toBe('BadRequest');
      const garbage = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        { body: '{nope' },
      );
      expect(garbage.status).toBe(400);
      const kind = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        {
          body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } },
        },
      );
      expect(kind.status).toBe(400);
    });

    it('answers 404 for a missing namespace and 405 for a wrong verb', async () => {
      const e = await failure(
        core.createNamespacedConfigMap({
          namespace: 'missing',
          body: { metadata: { name: 'x' } },
        }),
      );
      expect(e.code).toBe(404);
      expect(statusOf(e).message).toBe('namespaces "missing" not found');
      const post = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps/named',
        { body: {} },
      );
      expect(post.status).toBe(405);
      expect(post.body.reason).toBe('MethodNotAllowed');
      const metrics = await raw(
        sim,
        'POST',
        '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
        { body: { metadata: { name: 'm' } } },
      );
      expect(metrics.status).toBe(405);
    });

    it('answers 415 for an unknown body media type', async () => {
      const res = await raw(
        sim,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        {
          body: 'name: x',
          contentType: 'text/plain',
        },
      );
      expect(res.status).toBe(415);
      expect(res.body.reason).toBe('UnsupportedMediaType');
    });

    it('folds secret stringData into base64 data', async () => {
      const s = await core.createNamespacedSecret({
        namespace: 'default',
        body: { metadata: { name: 'creds' }, stringData: { token: 's3cret' } },
      });
      expect(s.data).toEqual({
        token: Buffer.from('s3cret').toString('base64'),
      });
      expect(s.stringData).toBeUndefined();
    });

    it('appends a suffix to generateName', async () => {
      const c = await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { generateName: 'gen-' } },
      });
      expect(c.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
    });

    it('deletes with 200 and the object, honouring finalizers', async () => {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'fin', finalizers: ['example.com/keep'] } },
      });
      const del = await raw(
        sim,
        'DELETE',
        '/api/v1/namespaces/default/configmaps/fin?propagationPolicy=Background&gracePeriodSeconds=0',
        {
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            propagationPolicy: 'Foreground',
          },
        },
      );
      expect(del.status).toBe(200);
      expect(del.body.metadata.deletionTimestamp).toBe('2024-05-01T10:00:00Z');
      expect(del.body.metadata.deletionGracePeriodSeconds).toBe(0);
      const still = await core.readNamespacedConfigMap({
        name: 'fin',
        namespace: 'default',
      });
      expect(still.metadata?.finalizers).toEqual(['example.com/keep']);
      await core.patchNamespacedConfigMap({
        name: 'fin',
        namespace: 'default',
        body: [{ op: 'remove', path: '/metadata/finalizers' }],
      });
      const gone = await failure(
        core.readNamespacedConfigMap({ name: 'fin', namespace: 'default' }),
      );
      expect(gone.code).toBe(404);
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'plain' } },
      });
      const plain = await raw(
        sim,
        'DELETE',
        '/api/v1/namespaces/default/configmaps/plain',
      );
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({
        kind: 'ConfigMap',
        metadata: { name: 'plain' },
      });
    });

    it('serves cluster-scoped Karmada objects with /status', async () => {
      const cluster = {
        apiVersion: 'cluster.karmada.io/v1alpha1',
        kind: 'Cluster',
        metadata: { name: 'member1', labels: { 'gpu-tier': 'a100' } },
        spec: { syncMode: 'Push' },
        status: { kubernetesVersion: 'ignored' },
      };
      const created: any = await custom.createClusterCustomObject({
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        plural: 'clusters',
        body: cluster,
      });
      expect(created.status).toBeUndefined();
      const status: any = await custom.replaceClusterCustomObjectStatus({
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        plural: 'clusters',
        name: 'member1',
        body: {
          ...created,
          spec: { syncMode: 'Pull' },
          status: { kubernetesVersion: 'v1.31.0' },
        },
      });
      expect(status.spec.syncMode).toBe('Push');
      expect(status.status).toEqual({ kubernetesVersion: 'v1.31.0' });
      expect(status.metadata.generation).toBe(1);
      const main: any = await custom.replaceClusterCustomObject({
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        plural: 'clusters',
        name: 'member1',
        body: {
          ...status,
          spec: { syncMode: 'Pull' },
          status: { kubernetesVersion: 'changed' },
        },
      });
      expect(main.spec.syncMode).toBe('Pull');
      expect(main.status).toEqual({ kubernetesVersion: 'v1.31.0' });
      expect(main.metadata.generation).toBe(2);
      const got = await raw(
        sim,
        'GET',
        '/apis/cluster.karmada.io/v1alpha1/clusters/member1/status',
      );
      expect(got.body.status.kubernetesVersion).toBe('v1.31.0');
    });

    it('reads and writes the scale subresource', async () => {
      await apps.createNamespacedDeployment({
        namespace: 'default',
        body: deployment('scaled'),
      });
      const scale = await apps.readNamespacedDeploymentScale({
        name: 'scaled',
        namespace: 'default',
      });
      expect(scale.spec?.replicas).toBe(1);
      expect(scale.status?.selector).toBe('app=scaled');
      await apps.replaceNamespacedDeploymentScale({
        name: 'scaled',
        namespace: 'default',
        body: {
          metadata: { name: 'scaled', namespace: 'default' },
          spec: { replicas: 5 },
        },
      });
      const d = await apps.readNamespacedDeployment({
        name: 'scaled',
        namespace: 'default',
      });
      expect(d.spec?.replicas).toBe(5);
    });
  });

  describe('selectors and paging', () => {
    beforeAll(async () => {
      const member = kubeConfigFor(sim, 'member1').makeApiClient(CoreV1Api);
      const pods: Array<[string, Record<string, string>, string, string]> = [
        ['p1', { app: 'web', tier: 'gpu' }, 'node-a', 'Running'],
        ['p2', { app: 'web', tier: 'cpu' }, 'node-b', 'Pending'],
        ['p3', { app: 'db' }, 'node-a', 'Running'],
        ['p4', {}, 'node-b', 'Running'],
      ];
      for (const [name, labels, nodeName] of pods) {
        await member.createNamespacedPod({
          namespace: 'default',
          body: {
            metadata: { name, labels },
            spec: { nodeName, containers: [{ name: 'c', image: 'i' }] },
          },
        });
      }
      for (const [name, , , phase] of pods) {
        await member.replaceNamespacedPodStatus({
          name,
          namespace: 'default',
          body: { metadata: { name }, status: { phase } },
        });
      }
    });

    const member = () => kubeConfigFor(sim, 'member1').makeApiClient(CoreV1Api);
    const names = (list: { items: Array<{ metadata?: { name?: string } }> }) =>
      list.items.map(i => i.metadata?.name);

    it.each([
      ['app=web', ['p1', 'p2']],
      ['app==web', ['p1', 'p2']],
      ['app!=web', ['p3', 'p4']],
      ['app in (web,db)', ['p1', 'p2', 'p3']],
      ['app notin (web)', ['p3', 'p4']],
      ['tier', ['p1', 'p2']],
      ['!tier', ['p3', 'p4']],
      ['app=web,tier=gpu', ['p1']],
    ])('labelSelector %j', async (labelSelector, expected) => {
      expect(
        names(
          await member().listNamespacedPod({
            namespace: 'default',
            labelSelector,
          }),
        ),
      ).toEqual(expected);
    });

    it.each([
      ['spec.nodeName=node-a', ['p1', 'p3']],
      ['status.phase=Running,spec.nodeName!=node-a', ['p4']],
      ['metadata.name=p2', ['p2']],
      ['metadata.namespace=default,status.phase==Pending', ['p2']],
    ])('fieldSelector %j', async (fieldSelector, expected) => {
      expect(
        names(
          await member().listNamespacedPod({
            namespace: 'default',
            fieldSelector,
          }),
        ),
      ).toEqual(expected);
    });

    it('answers 400 for an unsupported field or a bad label selector', async () => {
      const prefix = '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy';
      const field = await raw(
        sim,
        'GET',
        `${prefix}/api/v1/pods?fieldSelector=spec.replicas%3D1`,
      );
      expect(field.status).toBe(400);
      expect(field.body).toMatchObject({
        reason: 'BadRequest',
        message: 'field label not supported: spec.replicas',
      });
      const label = await raw(
        sim,
        'GET',
        `${prefix}/api/v1/pods?labelSelector=a%20b%20c`,
      );
      expect(label.status).toBe(400);
    });

    it('filters events by involvedObject', async () => {
      const m = member();
      await m.createNamespacedEvent({
        namespace: 'default',
        body: {
          metadata: { name: 'ev1' },
          involvedObject: { kind: 'Pod', name: 'p1', namespace: 'default' },
          reason: 'Pulled',
        },
      });
      const list = await m.listNamespacedEvent({
        namespace: 'default',
        fieldSelector: 'involvedObject.name=p1,involvedObject.kind=Pod',
      });
      expect(names(list)).toEqual(['ev1']);
    });

    it('pages with limit and continue', async () => {
      const first = await member().listPodForAllNamespaces({ limit: 3 });
      expect(names(first)).toEqual(['p1', 'p2', 'p3']);
      expect(first.metadata?.remainingItemCount).toBe(1);
      const second = await member().listPodForAllNamespaces({
        limit: 3,
        _continue: first.metadata?._continue,
      });
      expect(names(second)).toEqual(['p4']);
      expect(second.metadata?._continue).toBeUndefined();
    });

    it('serves every list Backstage reads, on a member', async () => {
      const prefix = '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy';
      const paths = [
        '/api/v1/pods',
        '/api/v1/services',
        '/api/v1/configmaps',
        '/api/v1/limitranges',
        '/api/v1/resourcequotas',
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/replicasets',
        '/apis/apps/v1/statefulsets',
        '/apis/apps/v1/daemonsets',
        '/apis/autoscaling/v2/horizontalpodautoscalers',
        '/apis/batch/v1/jobs',
        '/apis/batch/v1/cronjobs',
        '/apis/networking.k8s.io/v1/ingresses',
        '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
        '/api/v1/nodes',
      ];
      for (const path of paths) {
        const res = await raw(
          sim,
          'GET',
          `${prefix}${path}?labelSelector=${encodeURIComponent('app=web')}`,
        );
        expect([path, res.status, res.body.kind.endsWith('List')]).toEqual([
          path,
          200,
          true,
        ]);
      }
      const log = await raw(
        sim,
        'GET',
        `${prefix}/api/v1/namespaces/default/pods/p1/log?container=c`,
      );
      expect(log.status).toBe(200);
      expect(log.contentType).toMatch(/^text\/plain/);
    });
  });

  describe('patch', () => {
    beforeAll(async () => {
      await apps.createNamespacedDeployment({
        namespace: 'default',
        body: deployment('patched'),
      });
    });

    it('applies a JSON patch (the typed default) and 422 on a failed test', async () => {
      const d = await apps.patchNamespacedDeployment({
        name: 'patched',
        namespace: 'default',
        body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
      });
      expect(d.spec?.replicas).toBe(2);
      expect(d.metadata?.generation).toBe(2);
      const e = await failure(
        apps.patchNamespacedDeployment({
          name: 'patched',
          namespace: 'default',
          body: [{ op: 'test', path: '/spec/replicas', value: 7 }],
        }),
      );
      expect(e.code).toBe(422);
      const notArray = await raw(
        sim,
        'PATCH',
        '/apis/apps/v1/namespaces/default/deployments/patched',
        {
          body: { spec: {} },
          contentType: 'application/json-patch+json',
        },
      );
      expect(notArray.status).toBe(400);
    });

    it('applies a merge patch, and a stale resourceVersion in it conflicts', async () => {
      const d = await apps.patchNamespacedDeployment(
        {
          name: 'patched',
          namespace: 'default',
          body: { metadata: { labels: { app: null, m: 'x' } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(d.metadata?.labels).toEqual({ m: 'x' });
      const e = await failure(
        apps.patchNamespacedDeployment(
          {
            name: 'patched',
            namespace: 'default',
            body: { metadata: { resourceVersion: '1' }, spec: { replicas: 9 } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      );
      expect(e.code).toBe(409);
      expect(statusOf(e).reason).toBe('Conflict');
    });

    it('applies a strategic merge patch on built-in types', async () => {
      const d = await apps.patchNamespacedDeployment(
        {
          name: 'patched',
          namespace: 'default',
          body: {
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: 'app',
                      image: 'app:2',
                      env: [{ name: 'B', value: '2' }],
                    },
                    { name: 'sidecar', $patch: 'delete' },
                  ],
                },
              },
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      expect(d.spec?.template.spec?.containers).toEqual([
        {
          name: 'app',
          image: 'app:2',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ]);
    });

    it('answers 415 for strategic merge on a custom resource (KubernetesObjectApi default)', async () => {
      await custom.createNamespacedCustomObject({
        ...PP_GROUP,
        namespace: 'default',
        plural: 'propagationpolicies',
        body: pp('smp'),
      });
      const e = await failure(
        objects.patch({
          ...pp('smp'),
          metadata: { name: 'smp', namespace: 'default', labels: { a: 'b' } },
        }),
      );
      expect(e.code).toBe(415);
      expect(statusOf(e).reason).toBe('UnsupportedMediaType');
      const merged = await objects.patch(
        {
          apiVersion: 'policy.karmada.io/v1alpha1',
          kind: 'PropagationPolicy',
          metadata: { name: 'smp', namespace: 'default', labels: { a: 'b' } },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
      expect(merged.metadata?.labels).toEqual({ a: 'b' });
      const unknown = await raw(
        sim,
        'PATCH',
        '/apis/apps/v1/namespaces/default/deployments/patched',
        {
          body: {},
          contentType: 'application/xml',
        },
      );
      expect(unknown.status).toBe(415);
    });

    it('server-side apply creates with 201, updates with 200 and needs a fieldManager', async () => {
      const path =
        '/apis/policy.karmada.io/v1alpha1/namespaces/default/propagationpolicies/applied';
      const body = pp('applied');
      const noManager = await raw(sim, 'PATCH', path, {
        body,
        contentType: 'application/apply-patch+yaml',
      });
      expect(noManager.status).toBe(422);
      expect(noManager.body).toMatchObject({
        reason: 'Invalid',
        details: {
          causes: [{ field: 'fieldManager', reason: 'FieldValueRequired' }],
        },
      });
      const created = await raw(
        sim,
        'PATCH',
        `${path}?fieldManager=test&force=true`,
        {
          body: 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata:\n  name: applied\nspec:\n  placement: {}\n',
          contentType: 'application/apply-patch+yaml',
        },
      );
      expect(created.status).toBe(201);
      expect(created.body.metadata.namespace).toBe('default');
      const updated = await custom.patchNamespacedCustomObject(
        {
          ...PP_GROUP,
          namespace: 'default',
          plural: 'propagationpolicies',
          name: 'applied',
          body: {
            ...body,
            metadata: { name: 'applied', labels: { applied: 'yes' } },
          },
          fieldManager: 'test',
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
      expect((updated as any).metadata.labels).toEqual({ applied: 'yes' });
      expect((updated as any).spec.resourceSelectors).toHaveLength(1);
      const again = await raw(sim, 'PATCH', `${path}?fieldManager=test`, {
        body,
        contentType: 'application/apply-patch+yaml',
      });
      expect(again.status).toBe(200);
    });

    it('patches only status through /status', async () => {
      const d = await apps.patchNamespacedDeploymentStatus(
        {
          name: 'patched',
          namespace: 'default',
          body: { status: { readyReplicas: 2 }, spec: { replicas: 42 } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(d.status?.readyReplicas).toBe(2);
      expect(d.spec?.replicas).toBe(2);
    });
  });

  describe('member proxy', () => {
    it('serves a member under the proxy prefix, separate from the control plane', async () => {
      const member = kubeConfigFor(sim, 'member1').makeApiClient(AppsV1Api);
      await member.createNamespacedDeployment({
        namespace: 'default',
        body: deployment('only-on-member'),
      });
      const e = await failure(
        apps.readNamespacedDeployment({
          name: 'only-on-member',
          namespace: 'default',
        }),
      );
      expect(e.code).toBe(404);
      const nodes = await kubeConfigFor(sim, 'member1')
        .makeApiClient(CoreV1Api)
        .listNode();
      expect(nodes.kind).toBe('NodeList');
    });

    it('answers 404 for an unknown member and 500 for a Cluster without an API surface', async () => {
      const unknown = await raw(
        sim,
        'GET',
        '/apis/cluster.karmada.io/v1alpha1/clusters/ghost/proxy/api/v1/pods',
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        reason: 'NotFound',
        message: 'clusters.cluster.karmada.io "ghost" not found',
      });
      await custom.createClusterCustomObject({
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        plural: 'clusters',
        body: {
          apiVersion: 'cluster.karmada.io/v1alpha1',
          kind: 'Cluster',
          metadata: { name: 'offline' },
          spec: { syncMode: 'Pull' },
        },
      });
      const offline = await raw(
        sim,
        'GET',
        '/apis/cluster.karmada.io/v1alpha1/clusters/offline/proxy/api/v1/pods',
      );
      // Karmada's proxy cannot dial it: its transport error as a 500 Status (no reason).
      expect(offline.status).toBe(500);
      expect(offline.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'http: no Host in request URL',
        code: 500,
      });
    });

    it('does not serve Karmada groups or pods on the wrong side', async () => {
      const onMember = await raw(
        sim,
        'GET',
        '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/apis/policy.karmada.io/v1alpha1/propagationpolicies',
      );
      expect(onMember.status).toBe(404);
      const podsOnControlPlane = await raw(sim, 'GET', '/api/v1/pods');
      expect(podsOnControlPlane.status).toBe(404);
    });
  });
});
