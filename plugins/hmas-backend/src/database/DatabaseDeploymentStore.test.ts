import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { NewAuditEntry } from './AuditStore';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { DatabaseDeploymentStore } from './DatabaseDeploymentStore';
import { DeploymentFilter } from './DeploymentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ID = '00000000-0000-4000-8000-0000000000d1';

const deletion: NewAuditEntry = {
  actor: 'user:default/ada',
  source: 'api',
  action: 'deployment.delete',
  targetKind: 'deployment',
  targetName: 'ml-team/chat',
  summary: 'deleted chat',
};

describe.each(databases.eachSupportedId())(
  'DatabaseDeploymentStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseDeploymentStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      await store.insert({
        id: ID,
        namespace: 'ml-team',
        name: 'chat',
        owner: 'user:default/ada',
        createdBy: 'user:default/ada',
        runtime: 'ollama',
        model: 'llama3.1:8b',
        state: 'active',
        spec: { name: 'chat' },
        objects: [],
      });
      return { store, audit };
    }

    it('records one deletion when removes race: the others find the row gone', async () => {
      const { store, audit } = await createStores();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.remove(ID, deletion)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(ID)).toBeUndefined();
      const entries = await audit.list({
        targetKind: 'deployment',
        targetName: 'ml-team/chat',
        limit: 100,
      });
      expect(entries.map(e => e.action)).toEqual(['deployment.delete']);
    });

    it('refuses to update a row that is gone, and audits nothing', async () => {
      const { store, audit } = await createStores();
      expect(await store.remove(ID)).toBe(true);
      await expect(
        store.update(ID, { state: 'deleting' }, { ...deletion, action: 'x' }),
      ).rejects.toThrow(NotFoundError);
      expect(
        await audit.list({ targetKind: 'deployment', limit: 100 }),
      ).toEqual([]);
    });

    it('lists only the rows a permission decision selects, in the query', async () => {
      const { store } = await createStores();
      const more = [
        ['ml-team', 'embed', 'group:default/ml-research'],
        ['vision', 'detect', 'group:default/vision'],
        ['vision', 'caption', 'user:default/ada'],
      ];
      for (const [i, [namespace, name, owner]] of more.entries()) {
        await store.insert({
          id: `00000000-0000-4000-8000-00000000000${i}`,
          namespace,
          name,
          owner,
          createdBy: owner,
          runtime: 'ollama',
          model: 'llama3.1:8b',
          state: 'active',
          spec: { name },
          objects: [],
        });
      }
      const names = async (
        permission: NonNullable<DeploymentFilter['permission']>,
        filter: DeploymentFilter = {},
      ) =>
        (await store.list({ ...filter, permission })).map(
          r => `${r.namespace}/${r.name}`,
        );
      const owner = (...values: string[]) => ({
        property: 'owner' as const,
        values,
      });
      const namespace = (...values: string[]) => ({
        property: 'namespace' as const,
        values,
      });

      expect(
        await names({ property: 'owner', values: ['user:default/ada'] }),
      ).toEqual(['ml-team/chat', 'vision/caption']);
      expect(
        await names({
          anyOf: [
            owner('user:default/ada'),
            { property: 'owner', values: ['group:default/ml-research'] },
          ],
        }),
      ).toEqual(['ml-team/chat', 'ml-team/embed', 'vision/caption']);
      expect(
        await names({
          allOf: [namespace('vision'), { not: namespace('ml-team') }],
        }),
      ).toEqual(['vision/caption', 'vision/detect']);
      expect(
        await names({
          allOf: [namespace('vision'), owner('user:default/ada')],
        }),
      ).toEqual(['vision/caption']);
      expect(await names({ not: namespace('vision') })).toEqual([
        'ml-team/chat',
        'ml-team/embed',
      ]);
      // Nothing selected is nothing listed, not everything.
      expect(await names(namespace())).toEqual([]);
      expect(await names({ anyOf: [] as any })).toEqual([]);
      // The request's own filters still apply.
      expect(
        await names(namespace('vision', 'ml-team'), {
          owner: 'user:default/ada',
        }),
      ).toEqual(['ml-team/chat', 'vision/caption']);
    });
  },
);
