import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { KarmadaSimulator } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { llamacppRuntime, RuntimeDefinition } from '@h-mas/plugin-hmas-common';
import { DEPLOYMENT_KINDS } from '../__testUtils__/deployments';
import { pathOf, startClusterSimulator } from '../__testUtils__/karmada';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DeploymentService } from './DeploymentService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ctx = { actor: 'user:default/ada', source: 'api' as const };

/** llama.cpp on CPU in the CPU Only zone, with a custom GGUF model. */
const spec = (overrides: Record<string, unknown> = {}) => ({
  name: 'llama',
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  model: {
    modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    sizeGb: 4.9,
  },
  placement: { mode: 'zone', zone: 'cpu-only' },
  ...overrides,
});

// The Secret is left out: these deployments have no secret env.
const KINDS = DEPLOYMENT_KINDS.filter(kind => kind !== 'Secret');

describe.each(databases.eachSupportedId())(
  'DeploymentService on %p',
  databaseId => {
    let sim: KarmadaSimulator;

    beforeEach(async () => {
      sim = await startClusterSimulator();
    });
    afterEach(() => sim.close());

    async function setup(runtimes: RuntimeDefinition[] = []) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseDeploymentStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      const service = new DeploymentService({
        karmada: new KarmadaClient({
          url: sim.url,
          token: sim.token,
          retryDelayMs: 5,
        }),
        store,
        logger: mockServices.logger.mock(),
        runtimes: () => runtimes,
      });
      return { service, store, audit };
    }

    /** Every object in Karmada that belongs to a deployment of this name. */
    function objectsOf(name: string): string[] {
      return KINDS.flatMap(kind =>
        sim.store
          .list('karmada', kind)
          .items.filter(
            o => o.metadata.labels?.['h-mas.io/deployment'] === name,
          )
          .map(o => `${kind}/${o.metadata.name}`),
      ).sort();
    }

    it('returns the manifests of a dry run and writes nothing', async () => {
      const { service, store } = await setup();
      const result = await service.create(spec(), { ...ctx, dryRun: true });
      expect(result.deployment).toBeUndefined();
      expect(result.manifests.map((m: any) => m.kind)).toEqual(
        expect.arrayContaining([
          'Deployment',
          'Service',
          'PersistentVolumeClaim',
          'PropagationPolicy',
        ]),
      );
      expect(result.yaml).toContain('kind: PropagationPolicy');
      expect(objectsOf('llama')).toEqual([]);
      expect(await store.list()).toEqual([]);
    });

    it('creates every object, one write each, records the row and its audit entry', async () => {
      const { service, audit } = await setup();
      const before = sim.store.resourceVersion;
      const result = await service.create(spec(), ctx);
      const writes = Number(sim.store.resourceVersion) - Number(before);
      expect(result.deployment).toMatchObject({
        name: 'llama',
        state: 'active',
        owner: 'user:default/ada',
      });
      expect(objectsOf('llama')).toEqual(
        result.manifests.map((m: any) => `${m.kind}/${m.metadata.name}`).sort(),
      );
      expect(writes).toBe(result.manifests.length);
      const [entry] = await audit.list({ targetKind: 'deployment', limit: 5 });
      expect(entry).toMatchObject({
        action: 'deployment.create',
        targetName: 'default/llama',
      });
    });

    it('names the namespace when Karmada has no such namespace, and leaves nothing', async () => {
      const { service, store } = await setup();
      await expect(
        service.create({ ...spec(), namespace: 'no-such-team' }, ctx),
      ).rejects.toThrow(
        'Invalid deployment: namespace: no-such-team does not exist in Karmada; create it there first',
      );
      await expect(
        service.create({ ...spec(), namespace: 'no-such-team' }, ctx),
      ).rejects.toMatchObject({ name: 'InputError' });
      expect(objectsOf('llama')).toEqual([]);
      expect(await store.list()).toEqual([]);
    });

    it('records the catalog entity a deployment serves and lists by it', async () => {
      const { service } = await setup();
      const linked = await service.create(
        { ...spec(), entityRef: 'Component:default/Chat-Assistant' },
        ctx,
      );
      await service.create({ ...spec(), name: 'unlinked' }, ctx);
      expect(linked.deployment?.entityRef).toBe(
        'component:default/chat-assistant',
      );
      const listed = await service.list({
        entityRef: 'component:default/chat-assistant',
      });
      expect(listed.map(d => d.name)).toEqual(['llama']);
      expect((await service.list()).map(d => d.name).sort()).toEqual([
        'llama',
        'unlinked',
      ]);
      await expect(
        service.create(
          { ...spec(), name: 'badref', entityRef: 'not a ref' },
          ctx,
        ),
      ).rejects.toThrow(/entityRef: Entity ref must look like/);
      expect(objectsOf('badref')).toEqual([]);
    });

    it.each([
      [{ name: 'Bad_Name' }, 'name:'],
      [{ runtime: 'vllm', gpuMode: 'gpu' }, 'placement.zone'],
      [
        { placement: { mode: 'clusters', clusters: ['nowhere'] } },
        'placement.clusters.0: cluster nowhere is not registered',
      ],
      [
        { storage: { existingPvc: 'missing-cache' } },
        'storage.existingPvc: PersistentVolumeClaim default/missing-cache does not exist',
      ],
      [
        { resources: { cpu: '4000', memory: '8Gi' } },
        'no ready cluster in zone CPU Only has that free',
      ],
    ])(
      'refuses %j with an InputError naming the field and writes nothing',
      async (overrides, message) => {
        const { service, store } = await setup();
        const error = await service.create(spec(overrides), ctx).catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toContain(message);
        expect(objectsOf('llama')).toEqual([]);
        expect(await store.list()).toEqual([]);
      },
    );

    it('refuses a second deployment of the same name without touching the first', async () => {
      const { service } = await setup();
      await service.create(spec(), ctx);
      const objects = objectsOf('llama');
      await expect(service.create(spec(), ctx)).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(objectsOf('llama')).toEqual(objects);
    });

    it('leaves no orphan and no row when any create step fails', async () => {
      const { service, store } = await setup();
      const { manifests } = await service.create(spec(), {
        ...ctx,
        dryRun: true,
      });
      for (let step = 0; step < manifests.length; step++) {
        const object: any = manifests[step];
        sim.faults.clear();
        sim.faults.inject({
          match: { method: 'POST', pathPrefix: pathOf(object) },
          status: 500,
          times: 1,
        });
        await expect(service.create(spec(), ctx)).rejects.toThrow();
        expect({ step, objects: objectsOf('llama') }).toEqual({
          step,
          objects: [],
        });
        expect(await store.list()).toEqual([]);
      }
    });

    it('rolls back every object when the final database write fails', async () => {
      const { service, store } = await setup();
      const finish = store.finishOperation.bind(store);
      jest.spyOn(store, 'finishOperation').mockImplementationOnce(async () => {
        throw new Error('database down');
      });
      await expect(service.create(spec(), ctx)).rejects.toThrow(
        'database down',
      );
      expect(objectsOf('llama')).toEqual([]);
      expect(await store.list()).toEqual([]);
      (store.finishOperation as jest.Mock).mockImplementation(finish);
    });

    it('deletes every object and the row, and resumes after a failure at any step', async () => {
      const { service, store, audit } = await setup();
      const created = await service.create(spec(), ctx);
      const count = created.manifests.length;
      for (let step = 0; step < count; step++) {
        const { deployment } =
          step === 0 ? created : await service.create(spec(), ctx);
        const ordered = [...(deployment!.objects as any[])].reverse();
        sim.faults.clear();
        sim.faults.inject({
          match: {
            method: 'DELETE',
            pathPrefix: `${pathOf(ordered[step])}/${
              ordered[step].metadata.name
            }`,
          },
          status: 500,
          // A delete is retried (three tries): fail all of them.
          times: 3,
        });
        await expect(service.delete(deployment!.id, ctx)).rejects.toThrow();
        expect((await store.get(deployment!.id))?.state).toBe('deleting');
        await service.delete(deployment!.id, ctx);
        expect({ step, objects: objectsOf('llama') }).toEqual({
          step,
          objects: [],
        });
        expect(await store.list()).toEqual([]);
      }
      const deletes = (await audit.list({ limit: 50 })).filter(
        e => e.action === 'deployment.delete',
      );
      expect(deletes).toHaveLength(count);
    });

    it('deploys with a runtime another module added through the extension point', async () => {
      const custom: RuntimeDefinition = {
        ...llamacppRuntime,
        id: 'llamacpp-avx512',
        title: 'llama.cpp (AVX-512 build)',
        image: {
          gpu: 'hmas-lab/llama.cpp:server-cuda',
          cpu: 'hmas-lab/llama.cpp:server-avx512',
        },
      };
      const { service } = await setup([custom]);
      const { manifests } = await service.create(
        spec({ runtime: 'llamacpp-avx512' }),
        ctx,
      );
      const deployment: any = manifests.find(
        (m: any) => m.kind === 'Deployment',
      );
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        'hmas-lab/llama.cpp:server-avx512',
      );
      const unknown = await service
        .create(spec({ name: 'other', runtime: 'nope' }), ctx)
        .catch(e => e);
      expect(unknown).toBeInstanceOf(InputError);
      expect(unknown.message).toContain('runtime: Runtime must be one of');
    });

    it('keeps an existing PVC the user supplied', async () => {
      const { service } = await setup();
      sim.store.create('karmada', 'PersistentVolumeClaim', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'shared-models', namespace: 'default' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '50Gi' } },
        },
      } as any);
      const { deployment, manifests } = await service.create(
        spec({ storage: { existingPvc: 'shared-models' } }),
        ctx,
      );
      expect(
        manifests.some((m: any) => m.kind === 'PersistentVolumeClaim'),
      ).toBe(false);
      await service.delete(deployment!.id, ctx);
      expect(
        sim.store.tryGet(
          'karmada',
          'PersistentVolumeClaim',
          'shared-models',
          'default',
        ),
      ).toBeDefined();
    });

    it('scales and changes env by patching the Deployment template', async () => {
      const { service, audit } = await setup();
      const { deployment } = await service.create(spec(), ctx);
      await service.update(
        deployment!.id,
        { replicas: 3, env: { LLAMA_ARG_THREADS: '8' } },
        ctx,
      );
      const live: any = sim.store.get(
        'karmada',
        'Deployment',
        'llama',
        'default',
      );
      expect(live.spec.replicas).toBe(3);
      const env = live.spec.template.spec.containers[0].env;
      expect(env).toEqual(
        expect.arrayContaining([{ name: 'LLAMA_ARG_THREADS', value: '8' }]),
      );
      const entries = await audit.list({ targetKind: 'deployment', limit: 5 });
      expect(entries[0]).toMatchObject({
        action: 'deployment.update',
        summary: 'replicas 3; env LLAMA_ARG_THREADS',
      });
    });
  },
);
