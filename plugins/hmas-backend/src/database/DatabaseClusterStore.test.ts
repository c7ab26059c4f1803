import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ClusterInfo } from '@h-mas/plugin-hmas-common';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { DatabaseClusterStore } from './DatabaseClusterStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function cluster(
  name: string,
  overrides: Partial<ClusterInfo> = {},
): ClusterInfo {
  return {
    name,
    zone: 'unclassified',
    labels: {},
    annotations: {},
    resourceVersion: '1',
    ready: true,
    syncMode: 'Push',
    nodes: { ready: 1, total: 1 },
    cpu: { allocatable: '8', allocated: '1' },
    memory: { allocatable: '32Gi', allocated: '1Gi' },
    gpu: { allocatable: '0', allocated: '0' },
    gpuTypes: [],
    taints: [],
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseClusterStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return {
        knex,
        clusters: await DatabaseClusterStore.create({ database }),
        audit: await DatabaseAuditStore.create({ database }),
      };
    }

    it('replaces the whole cache and lists it by name', async () => {
      const { clusters } = await createStores();
      await clusters.replaceAll([cluster('b'), cluster('a'), cluster('gone')]);
      await clusters.replaceAll([
        cluster('b', { zone: 'gpu-high', resourceVersion: '7' }),
        cluster('a'),
        cluster('c'),
      ]);
      const listed = await clusters.listClusters();
      expect(listed.map(c => c.name)).toEqual(['a', 'b', 'c']);
      expect(listed[1]).toEqual(
        cluster('b', { zone: 'gpu-high', resourceVersion: '7' }),
      );
      expect(await clusters.getCluster('gone')).toBeUndefined();
    });

    it('handles a fleet of a thousand clusters', async () => {
      const { clusters } = await createStores();
      const fleet = Array.from({ length: 1000 }, (_, i) =>
        cluster(`c-${String(i).padStart(4, '0')}`),
      );
      await clusters.replaceAll(fleet);
      await clusters.replaceAll(fleet.slice(0, 400));
      expect(await clusters.listClusters()).toHaveLength(400);
    });

    it('saves a cluster and its audit entry together', async () => {
      const { clusters, audit } = await createStores();
      const entry = await clusters.saveCluster(
        cluster('a', { zone: 'gpu-general' }),
        {
          actor: 'user:default/ada',
          source: 'ui',
          action: 'cluster.labels.update',
          targetKind: 'cluster',
          targetName: 'a',
          summary: 'set gpu-tier=general',
        },
      );
      expect(entry).toMatchObject({ id: expect.any(Number), targetName: 'a' });
      expect((await clusters.getCluster('a'))?.zone).toBe('gpu-general');
      expect(
        await audit.list({ targetKind: 'cluster', targetName: 'a', limit: 10 }),
      ).toHaveLength(1);
    });

    it('writes neither the row nor the entry when the audit insert fails', async () => {
      const { clusters, audit } = await createStores();
      await clusters.saveCluster(cluster('a'));
      await expect(
        clusters.saveCluster(cluster('a', { zone: 'cpu-only' }), {
          actor: 'user:default/ada',
          source: 'ui',
          action: 'cluster.labels.update',
          targetKind: 'cluster',
          targetName: 'a',
          summary: null as unknown as string, // violates NOT NULL
        }),
      ).rejects.toThrow();
      expect((await clusters.getCluster('a'))?.zone).toBe('unclassified');
      expect(await audit.list({ limit: 10 })).toEqual([]);
    });
  },
);
