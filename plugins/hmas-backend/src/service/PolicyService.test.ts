import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { KarmadaSimulator, startKarmadaSimulator } from '@h-mas/karmada-sim';
import { KarmadaPolicyObject, writablePolicy } from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabasePolicyStore } from '../database/DatabasePolicyStore';
import { PolicyStore } from '../database/PolicyStore';
import { PolicyService } from './PolicyService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ui = { actor: 'user:default/ada', source: 'ui' as const };
const api = 'policy.karmada.io/v1alpha1' as const;
const selectors = [
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
];
const overrideRules = [
  {
    targetCluster: { clusterNames: ['gpu-hp-seoul'] },
    overriders: {
      plaintext: [
        {
          operator: 'replace',
          path: '/spec/template/spec/schedulerName',
          value: 'volcano',
        },
      ],
    },
  },
];

const policies: KarmadaPolicyObject[] = [
  {
    apiVersion: api,
    kind: 'PropagationPolicy',
    metadata: { name: 'llama', namespace: 'default' },
    spec: {
      resourceSelectors: selectors,
      placement: { clusterAffinity: { clusterNames: ['gpu-hp-seoul'] } },
    },
  },
  {
    apiVersion: api,
    kind: 'ClusterPropagationPolicy',
    metadata: { name: 'llama-everywhere' },
    spec: {
      resourceSelectors: selectors,
      placement: { replicaScheduling: { replicaSchedulingType: 'Duplicated' } },
    },
  },
  {
    apiVersion: api,
    kind: 'OverridePolicy',
    metadata: { name: 'llama-sched', namespace: 'default' },
    spec: { resourceSelectors: selectors, overrideRules },
  },
  {
    apiVersion: api,
    kind: 'ClusterOverridePolicy',
    metadata: { name: 'all-sched' },
    spec: { resourceSelectors: selectors, overrideRules },
  },
];

const resources = {
  PropagationPolicy: 'propagationpolicies.policy.karmada.io',
  ClusterPropagationPolicy: 'clusterpropagationpolicies.policy.karmada.io',
  OverridePolicy: 'overridepolicies.policy.karmada.io',
  ClusterOverridePolicy: 'clusteroverridepolicies.policy.karmada.io',
};

describe.each(databases.eachSupportedId())(
  'PolicyService on %p',
  databaseId => {
    let sim: KarmadaSimulator;
    let karmada: KarmadaClient;

    // The bare simulator has no admission: whatever gets past the service lands in Karmada.
    beforeEach(async () => {
      sim = await startKarmadaSimulator({});
      karmada = new KarmadaClient({ url: sim.url, token: sim.token });
    });
    afterEach(() => sim.close());

    async function setup(wrapStore?: (s: PolicyStore) => PolicyStore) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabasePolicyStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      const logger = mockServices.logger.mock();
      const service = new PolicyService({
        karmada,
        store: wrapStore ? wrapStore(store) : store,
        logger,
      });
      return { service, store, audit, logger };
    }

    const inKarmada = (p: KarmadaPolicyObject) =>
      sim.store.tryGet(
        'karmada',
        resources[p.kind],
        p.metadata.name,
        p.metadata.namespace,
      );
    const allInKarmada = () =>
      Object.values(resources).flatMap(r => sim.store.list('karmada', r).items);

    const ref = (p: KarmadaPolicyObject) => ({
      kind: p.kind,
      name: p.metadata.name,
      namespace: p.metadata.namespace,
    });

    it.each(policies.map(p => [p.kind, p] as const))(
      'creates, reads, lists, replaces and deletes a %s',
      async (_kind, policy) => {
        const { service, store, audit } = await setup();
        const created = await service.create(policy, ui);
        expect(created.metadata.resourceVersion).toEqual(expect.any(String));
        expect(inKarmada(policy)?.spec).toEqual(policy.spec);

        const read = await service.get(ref(policy));
        expect(read.spec).toEqual(policy.spec);
        const listed = await service.list({ kind: policy.kind });
        expect(listed).toEqual([
          expect.objectContaining({
            kind: policy.kind,
            namespace: policy.metadata.namespace ?? '',
            name: policy.metadata.name,
            resourceVersion: created.metadata.resourceVersion,
          }),
        ]);

        const { placement: _dropped, ...specWithout } = read.spec as any;
        const newSpec = {
          ...specWithout,
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mistral' },
          ],
        };
        const replaced = await service.replace(
          {
            ...read,
            metadata: { ...read.metadata, labels: { team: 'ml' } },
            spec: newSpec,
          },
          ui,
        );
        expect(replaced.metadata.labels).toEqual({ team: 'ml' });
        const after = inKarmada(policy)!;
        expect(after.spec.resourceSelectors).toEqual([
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mistral' },
        ]);
        // A replace, not a merge: fields left out of the body are gone.
        expect(after.spec.placement).toBeUndefined();
        expect((await store.listPolicies(policy.kind))[0].resourceVersion).toBe(
          replaced.metadata.resourceVersion,
        );

        await service.delete(ref(policy), ui);
        expect(inKarmada(policy)).toBeUndefined();
        expect(await store.listPolicies()).toEqual([]);
        const target = policy.metadata.namespace
          ? `${policy.metadata.namespace}/${policy.metadata.name}`
          : policy.metadata.name;
        expect(
          (
            await audit.list({
              targetKind: 'policy',
              targetName: target,
              limit: 10,
            })
          ).map(e => [
            e.action,
            e.actor,
            e.source,
            e.details?.kind,
            e.details?.before,
            e.details?.after,
          ]),
        ).toEqual([
          [
            'policy.delete',
            ui.actor,
            'ui',
            policy.kind,
            { metadata: { labels: { team: 'ml' } }, spec: newSpec },
            undefined,
          ],
          [
            'policy.update',
            ui.actor,
            'ui',
            policy.kind,
            { spec: policy.spec },
            { metadata: { labels: { team: 'ml' } }, spec: newSpec },
          ],
          [
            'policy.create',
            ui.actor,
            'ui',
            policy.kind,
            undefined,
            { spec: policy.spec },
          ],
        ]);
      },
    );

    it('records labels, annotations and spec before and after, never status or server metadata', async () => {
      const { service, audit } = await setup();
      const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
      const created = await service.create(
        {
          ...policies[0],
          metadata: {
            ...policies[0].metadata,
            labels: { team: 'ml' },
            annotations: {
              'h-mas/note': 'first',
              [lastApplied]: JSON.stringify(policies[0]),
            },
          },
        },
        ui,
      );
      // Karmada keeps kubectl's copy of the object; the audit entries leave it out.
      expect(created.metadata.annotations?.[lastApplied]).toBeDefined();
      // Other writers leave status and field managers behind the service's back.
      const stored = inKarmada(policies[0])!;
      sim.store.update('karmada', resources.PropagationPolicy, {
        ...stored,
        metadata: {
          ...stored.metadata,
          managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
        },
        status: { conditions: [{ type: 'Applied', status: 'True' }] },
      });
      const read = await service.get(ref(policies[0]));
      expect(read.status).toBeDefined();
      expect(read.metadata).toMatchObject({
        uid: expect.any(String),
        generation: expect.any(Number),
        managedFields: expect.any(Array),
      });

      const moved = {
        ...policies[0].spec,
        placement: { clusterAffinity: { clusterNames: ['gpu-gen-frankfurt'] } },
      };
      // A caller may not send back status (Karmada's): it is refused, naming it, and nothing
      // changes. Managed fields, like the other read-only metadata, are ignored, so an object
      // read from the API can be sent back as it is.
      await expect(
        service.replace({ ...read, spec: moved }, ui),
      ).rejects.toThrow('status: is written by Karmada, not by callers');
      const { status: _status, ...writable } = read as typeof read & {
        status?: unknown;
      };
      await service.replace(
        {
          ...writable,
          metadata: {
            ...writable.metadata,
            annotations: { 'h-mas/note': 'moved' },
          },
          spec: moved,
        },
        ui,
      );
      await service.delete(ref(policies[0]), ui);

      const entries = await audit.list({ limit: 10 });
      expect(
        entries.map(e => [e.action, e.details?.before, e.details?.after]),
      ).toEqual([
        [
          'policy.delete',
          {
            metadata: {
              labels: { team: 'ml' },
              annotations: { 'h-mas/note': 'moved' },
            },
            spec: moved,
          },
          undefined,
        ],
        [
          'policy.update',
          {
            metadata: {
              labels: { team: 'ml' },
              annotations: { 'h-mas/note': 'first' },
            },
            spec: policies[0].spec,
          },
          {
            metadata: {
              labels: { team: 'ml' },
              annotations: { 'h-mas/note': 'moved' },
            },
            spec: moved,
          },
        ],
        [
          'policy.create',
          undefined,
          {
            metadata: {
              labels: { team: 'ml' },
              annotations: { 'h-mas/note': 'first' },
            },
            spec: policies[0].spec,
          },
        ],
      ]);
    });

    it('keeps the finalizer Karmada put on a policy when the portal replaces it', async () => {
      const { service } = await setup();
      await service.create(policies[0], ui);
      // Karmada's webhook adds it at create; a PUT without it would drop it for good.
      const stored = inKarmada(policies[0])!;
      const finalizer = 'karmada.io/propagation-policy-controller';
      sim.store.update('karmada', resources.PropagationPolicy, {
        ...stored,
        metadata: { ...stored.metadata, finalizers: [finalizer] },
      });
      const read = await service.get(ref(policies[0]));
      await service.replace(
        {
          ...writablePolicy(read),
          metadata: {
            ...writablePolicy(read).metadata,
            resourceVersion: read.metadata.resourceVersion,
          },
          spec: {
            ...policies[0].spec,
            placement: {
              clusterAffinity: { clusterNames: ['gpu-gen-frankfurt'] },
            },
          },
        },
        ui,
      );
      expect(inKarmada(policies[0])!.metadata.finalizers).toEqual([finalizer]);
    });

    it('keeps only the summary of a policy too large to record before and after', async () => {
      const { service, audit } = await setup();
      const huge = {
        ...policies[2],
        spec: {
          resourceSelectors: selectors,
          overrideRules: [
            {
              targetCluster: { clusterNames: ['gpu-hp-seoul'] },
              overriders: {
                annotationsOverrider: [
                  { operator: 'add', value: { config: 'x'.repeat(70_000) } },
                ],
              },
            },
          ],
        },
      } as KarmadaPolicyObject;
      await service.create(huge, ui);
      await service.delete(ref(huge), ui);
      const entries = await audit.list({ limit: 10 });
      expect(entries.map(e => e.action)).toEqual([
        'policy.delete',
        'policy.create',
      ]);
      expect(entries[1].details?.summary).toMatchObject({ type: 'override' });
      for (const e of entries) {
        expect(e.details).toMatchObject({ statesOmitted: true });
        expect(e.details).not.toHaveProperty('before');
        expect(e.details).not.toHaveProperty('after');
      }
    });

    it('summarizes placement and overrides in the list, refreshed from Karmada', async () => {
      const { service } = await setup();
      // Written behind the service's back: only a refresh sees it.
      sim.store.create('karmada', resources.PropagationPolicy, policies[0]);
      expect((await service.list()).map(p => p.name)).toEqual(['llama']);
      sim.store.create('karmada', resources.ClusterOverridePolicy, policies[3]);
      expect(await service.list()).toHaveLength(1);
      const all = await service.list({ refresh: true });
      expect(all.map(p => p.kind)).toEqual([
        'ClusterOverridePolicy',
        'PropagationPolicy',
      ]);
      expect(all[0].summary).toEqual({
        type: 'override',
        resources: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
        ],
        rules: [
          {
            targetClusters: {
              clusterNames: ['gpu-hp-seoul'],
              labelSelectors: [],
            },
            overriders: ['plaintext replace /spec/template/spec/schedulerName'],
          },
        ],
      });
      expect(all[1].summary).toMatchObject({
        type: 'propagation',
        placement: {
          clusterNames: ['gpu-hp-seoul'],
          replicaSchedulingType: 'Divided',
        },
      });
    });

    it('lists policies other writers put in Karmada once the cached list is older than its age', async () => {
      const { service } = await setup();
      expect(await service.list({ kind: 'PropagationPolicy' })).toEqual([]);
      sim.store.create('karmada', resources.PropagationPolicy, {
        ...policies[0],
        metadata: { name: 'written-by-kubectl', namespace: 'default' },
      } as any);
      // Within the cache age the list is served from the database...
      expect(await service.list({ kind: 'PropagationPolicy' })).toEqual([]);
      // ...an explicit refresh, or a service whose cache has aged, re-reads Karmada.
      const refreshed = await service.list({
        kind: 'PropagationPolicy',
        refresh: true,
      });
      expect(refreshed.map(p => p.name)).toEqual(['written-by-kubectl']);
      const knex = await databases.init(databaseId);
      const aged = new PolicyService({
        karmada,
        store: await DatabasePolicyStore.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        }),
        logger: mockServices.logger.mock(),
        maxCacheAgeMs: 0,
      });
      expect(
        (await aged.list({ kind: 'PropagationPolicy' })).map(p => p.name),
      ).toEqual(['written-by-kubectl']);
    });

    it('rejects an invalid policy naming the field and writes nothing', async () => {
      const { service, store, audit } = await setup();
      const invalid = {
        ...policies[0],
        spec: {
          ...policies[0].spec,
          propagateDeps: true,
          failover: {
            application: { purgeMode: 'Directly', gracePeriodSeconds: 30 },
          },
        },
      };
      const error = await service.create(invalid, ui).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        'spec.failover.application.gracePeriodSeconds',
      );
      expect(allInKarmada()).toEqual([]);
      expect(await store.listPolicies()).toEqual([]);
      expect(await audit.list({ limit: 10 })).toEqual([]);
    });

    it('rejects a change of schedulerName on replace and leaves the policy alone', async () => {
      const { service, audit } = await setup();
      const created = await service.create(policies[0], ui);
      const error = await service
        .replace(
          { ...created, spec: { ...created.spec, schedulerName: 'other' } },
          ui,
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('spec.schedulerName');
      expect(inKarmada(policies[0])?.metadata.resourceVersion).toBe(
        created.metadata.resourceVersion,
      );
      expect(await audit.list({ limit: 10 })).toHaveLength(1);
    });

    it('answers a stale resourceVersion with a ConflictError', async () => {
      const { service } = await setup();
      const created = await service.create(policies[2], ui);
      await service.replace(
        { ...created, metadata: { ...created.metadata, labels: { a: 'b' } } },
        ui,
      );
      await expect(service.replace(created, ui)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(
        service.replace(
          {
            ...created,
            metadata: { ...created.metadata, resourceVersion: undefined },
          },
          ui,
        ),
      ).rejects.toThrow(/metadata.resourceVersion/);
    });

    it('reverts the Karmada change when the database write fails', async () => {
      let fail = false;
      const failing = (s: PolicyStore): PolicyStore => ({
        listPolicies: k => s.listPolicies(k),
        getPolicy: k => s.getPolicy(k),
        replaceKind: (k, p) => s.replaceKind(k, p),
        savePolicy: async (p, a) => {
          if (fail) throw new Error('database down');
          return s.savePolicy(p, a);
        },
        deletePolicy: async (k, a) => {
          if (fail) throw new Error('database down');
          return s.deletePolicy(k, a);
        },
      });
      const { service, audit } = await setup(failing);
      const created = await service.create(policies[0], ui);
      fail = true;

      await expect(service.create(policies[1], ui)).rejects.toThrow(
        'database down',
      );
      expect(inKarmada(policies[1])).toBeUndefined();

      await expect(
        service.replace(
          {
            ...created,
            spec: {
              ...created.spec,
              placement: { clusterAffinity: { clusterNames: ['other'] } },
            },
          },
          ui,
        ),
      ).rejects.toThrow('database down');
      expect(inKarmada(policies[0])?.spec).toEqual(policies[0].spec);

      await expect(service.delete(ref(policies[0]), ui)).rejects.toThrow(
        'database down',
      );
      expect(inKarmada(policies[0])?.spec).toEqual(policies[0].spec);
      expect((await audit.list({ limit: 10 })).map(e => e.action)).toEqual([
        'policy.create',
      ]);
    });

    it('reports a missing policy as NotFoundError', async () => {
      const { service } = await setup();
      await expect(service.get(ref(policies[1]))).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      await expect(service.delete(ref(policies[1]), ui)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });
  },
);
