import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { PolicyInfo } from '@h-mas/plugin-hmas-common';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { DatabasePolicyStore } from './DatabasePolicyStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function policy(name: string, overrides: Partial<PolicyInfo> = {}): PolicyInfo {
  return {
    kind: 'PropagationPolicy',
    namespace: 'default',
    name,
    resourceVersion: '1',
    summary: {
      type: 'propagation',
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }],
      placement: {
        clusterNames: ['gpu-hp-seoul'],
        labelSelectors: [],
        affinityGroups: [],
        replicaSchedulingType: 'Divided',
      },
    },
    ...overrides,
  };
}

const audit = {
  actor: 'user:default/ada',
  source: 'api' as const,
  action: 'policy.create',
  targetKind: 'policy' as const,
  targetName: 'default/a',
  summary: 'created PropagationPolicy default/a',
};

describe.each(databases.eachSupportedId())(
  'DatabasePolicyStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return {
        policies: await DatabasePolicyStore.create({ database }),
        auditStore: await DatabaseAuditStore.create({ database }),
      };
    }

    it('keeps kinds, namespaces and names apart and lists them in order', async () => {
      const { policies } = await createStores();
      const cop = policy('a', {
        kind: 'ClusterOverridePolicy',
        namespace: '',
        summary: { type: 'override', resources: [], rules: [] },
      });
      await policies.savePolicy(policy('b'));
      await policies.savePolicy(policy('a', { namespace: 'team' }));
      await policies.savePolicy(policy('a'));
      await policies.savePolicy(cop);
      expect(
        (await policies.listPolicies()).map(
          p => `${p.kind}/${p.namespace}/${p.name}`,
        ),
      ).toEqual([
        'ClusterOverridePolicy//a',
        'PropagationPolicy/default/a',
        'PropagationPolicy/default/b',
        'PropagationPolicy/team/a',
      ]);
      expect(await policies.listPolicies('ClusterOverridePolicy')).toEqual([
        cop,
      ]);
      expect(
        await policies.getPolicy({
          kind: 'PropagationPolicy',
          namespace: 'team',
          name: 'a',
        }),
      ).toEqual(policy('a', { namespace: 'team' }));
    });

    it('replaces one kind from a fresh LIST and leaves the others', async () => {
      const { policies } = await createStores();
      await policies.savePolicy(policy('gone'));
      await policies.savePolicy(policy('other', { kind: 'OverridePolicy' }));
      const fleet = Array.from({ length: 250 }, (_, i) =>
        policy(`p-${String(i).padStart(3, '0')}`, { resourceVersion: '9' }),
      );
      await policies.replaceKind('PropagationPolicy', fleet);
      const listed = await policies.listPolicies('PropagationPolicy');
      expect(listed).toHaveLength(250);
      expect(listed[0]).toEqual(fleet[0]);
      expect(await policies.listPolicies('OverridePolicy')).toHaveLength(1);
      await policies.replaceKind('PropagationPolicy', []);
      expect(await policies.listPolicies('PropagationPolicy')).toEqual([]);
    });

    it('updates a row in place and deletes it with its audit entries', async () => {
      const { policies, auditStore } = await createStores();
      const entry = await policies.savePolicy(policy('a'), audit);
      expect(entry).toMatchObject({
        id: expect.any(Number),
        action: 'policy.create',
      });
      await policies.savePolicy(policy('a', { resourceVersion: '2' }));
      expect(
        (await policies.listPolicies()).map(p => p.resourceVersion),
      ).toEqual(['2']);
      await policies.deletePolicy(
        { kind: 'PropagationPolicy', namespace: 'default', name: 'a' },
        { ...audit, action: 'policy.delete' },
      );
      expect(await policies.listPolicies()).toEqual([]);
      expect(
        (await auditStore.list({ targetKind: 'policy', limit: 10 })).map(
          e => e.action,
        ),
      ).toEqual(['policy.delete', 'policy.create']);
    });

    it('writes neither the row nor the entry when the audit insert fails', async () => {
      const { policies, auditStore } = await createStores();
      await policies.savePolicy(policy('a'));
      const broken = { ...audit, summary: null as unknown as string }; // violates NOT NULL
      await expect(
        policies.savePolicy(policy('a', { resourceVersion: '5' }), broken),
      ).rejects.toThrow();
      await expect(
        policies.deletePolicy(
          { kind: 'PropagationPolicy', namespace: 'default', name: 'a' },
          broken,
        ),
      ).rejects.toThrow();
      expect(
        (await policies.listPolicies()).map(p => p.resourceVersion),
      ).toEqual(['1']);
      expect(await auditStore.list({ limit: 10 })).toEqual([]);
    });
  },
);
