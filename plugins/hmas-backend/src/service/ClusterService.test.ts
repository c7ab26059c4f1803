import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  installSeedFleet,
  KarmadaSimulator,
  startKarmadaSimulator,
} from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { joinedCluster, startClusterSimulator } from '../__testUtils__/karmada';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { ClusterStore } from '../database/ClusterStore';
import { ClusterService } from './ClusterService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ui = { actor: 'user:default/ada', source: 'ui' as const };

describe.each(databases.eachSupportedId())(
  'ClusterService on %p',
  databaseId => {
    let sim: KarmadaSimulator;
    let karmada: KarmadaClient;

    beforeEach(async () => {
      sim = await startClusterSimulator([
        joinedCluster('joined-cpu'),
        joinedCluster('joined-gpu', 4),
        {
          ...joinedCluster('tier-only'),
          metadata: { name: 'tier-only', labels: { 'gpu-tier': 'high' } },
        },
      ]);
      karmada = new KarmadaClient({ url: sim.url, token: sim.token });
    });
    afterEach(() => sim.close());

    async function setup(
      options: {
        defaultGpuTier?: 'general';
        wrapStore?: (s: ClusterStore) => ClusterStore;
      } = {},
    ) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const clusterStore = await DatabaseClusterStore.create({ database });
      const audit = await DatabaseAuditStore.create({ database });
      const service = new ClusterService({
        karmada,
        store: options.wrapStore
          ? options.wrapStore(clusterStore)
          : clusterStore,
        logger: mockServices.logger.mock(),
        defaultGpuTier: options.defaultGpuTier,
      });
      return { service, clusterStore, audit };
    }

    const labelsInKarmada = async (name: string) =>
      (await karmada.getCluster(name)).metadata.labels ?? {};

    it('groups the fleet by zone with summaries', async () => {
      const { service } = await setup();
      const groups = await service.listZoneGroups();
      expect(groups.map(g => g.zone)).toEqual([
        'gpu-high',
        'gpu-general',
        'cpu-only',
        'unclassified',
      ]);
      const byZone = Object.fromEntries(groups.map(g => [g.zone, g]));
      expect(byZone['gpu-high'].clusters.map(c => c.name)).toEqual(
        expect.arrayContaining(['gpu-hp-seoul', 'gpu-hp-tokyo']),
      );
      expect(byZone['gpu-high'].summary.gpuTypes).toContain('h100');
      expect(byZone['gpu-high'].summary.schedulers).toEqual(
        expect.arrayContaining(['kai-scheduler', 'volcano']),
      );
      expect(byZone['cpu-only'].clusters.map(c => c.name)).toContain(
        'cpu-oregon',
      );
      expect(byZone.unclassified.clusters.map(c => c.name)).toEqual(
        expect.arrayContaining(['edge-joined', 'joined-cpu']),
      );
    });

    it('relabels a cluster, derives cluster-type, and records cache and audit together', async () => {
      const { service, clusterStore, audit } = await setup();
      const before = await karmada.getCluster('edge-joined');
      const info = await service.updateLabels(
        'edge-joined',
        {
          set: { 'gpu-tier': 'general' },
          remove: [],
          resourceVersion: before.metadata.resourceVersion,
        },
        ui,
      );
      expect(info.zone).toBe('gpu-general');
      expect(await labelsInKarmada('edge-joined')).toEqual({
        'gpu-tier': 'general',
        'cluster-type': 'standard',
      });
      expect((await clusterStore.getCluster('edge-joined'))?.zone).toBe(
        'gpu-general',
      );
      const [entry] = await audit.list({
        targetKind: 'cluster',
        targetName: 'edge-joined',
        limit: 10,
      });
      expect(entry).toMatchObject({
        actor: 'user:default/ada',
        source: 'ui',
        action: 'cluster.labels.update',
        summary:
          'set gpu-tier=general, set cluster-type=standard (moved from Unclassified to GPU General)',
        details: { fromZone: 'unclassified', toZone: 'gpu-general' },
      });
    });

    it('refuses a stale resourceVersion and writes nothing', async () => {
      const { service, audit } = await setup();
      const stale = (await karmada.getCluster('edge-joined')).metadata
        .resourceVersion;
      await service.updateLabels(
        'edge-joined',
        { set: { team: 'ml' }, remove: [] },
        ui,
      );
      await expect(
        service.updateLabels(
          'edge-joined',
          { set: { 'gpu-tier': 'high' }, remove: [], resourceVersion: stale },
          ui,
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await labelsInKarmada('edge-joined')).toEqual({ team: 'ml' });
      expect(
        await audit.list({
          targetKind: 'cluster',
          targetName: 'edge-joined',
          limit: 10,
        }),
      ).toHaveLength(1);
    });

    it('maps a conflict from Karmada to ConflictError without an audit entry when the caller sent a version', async () => {
      const { service, audit } = await setup();
      const { resourceVersion } = await service.getCluster('edge-joined');
      sim.faults.inject({ match: { method: 'PUT' }, conflict: true, times: 1 });
      await expect(
        service.updateLabels(
          'edge-joined',
          { set: { team: 'ml' }, remove: [], resourceVersion },
          ui,
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await audit.list({ limit: 10 })).toEqual([]);
    });

    it('reapplies a change without a version when Karmada reports a conflict, auditing it once', async () => {
      const { service, audit } = await setup();
      sim.faults.inject({ match: { method: 'PUT' }, conflict: true, times: 2 });
      const info = await service.updateLabels(
        'edge-joined',
        { set: { team: 'ml' }, remove: [] },
        ui,
      );
      expect(info.labels.team).toBe('ml');
      expect((await audit.list({ limit: 10 })).map(e => e.action)).toEqual([
        'cluster.labels.update',
      ]);
    });

    it('reverts the labels in Karmada when the database write fails', async () => {
      const { service, audit } = await setup({
        wrapStore: s => ({
          ...s,
          listClusters: () => s.listClusters(),
          getCluster: n => s.getCluster(n),
          replaceAll: c => s.replaceAll(c),
          saveCluster: async () => {
            throw new Error('database down');
          },
        }),
      });
      await expect(
        service.updateLabels(
          'edge-joined',
          { set: { 'gpu-tier': 'general' }, remove: [] },
          ui,
        ),
      ).rejects.toThrow('database down');
      expect(await labelsInKarmada('edge-joined')).toEqual({});
      expect(await audit.list({ limit: 10 })).toEqual([]);
    });

    it('registers a labelled cluster and refuses a duplicate', async () => {
      const { service, audit } = await setup();
      const registration = {
        name: 'new-gpu',
        apiEndpoint: 'https://new-gpu.example:6443',
        syncMode: 'Push' as const,
        zone: 'gpu-high' as const,
        gpuTypes: ['h100', 'gb200'],
      };
      const info = await service.registerCluster(registration, ui);
      expect(info).toMatchObject({
        name: 'new-gpu',
        zone: 'gpu-high',
        gpuTypes: ['h100', 'gb200'],
      });
      expect(await labelsInKarmada('new-gpu')).toEqual({
        'gpu-tier': 'high',
        'cluster-type': 'standard',
        'gpu-type': 'h100',
      });
      await expect(
        service.registerCluster(registration, ui),
      ).rejects.toBeInstanceOf(ConflictError);
      const entries = await audit.list({
        targetKind: 'cluster',
        targetName: 'new-gpu',
        limit: 10,
      });
      expect(entries.map(e => e.action)).toEqual(['cluster.create']);
    });

    it('rolls the Karmada cluster back when the database write fails', async () => {
      const { service } = await setup({
        wrapStore: s => ({
          ...s,
          listClusters: () => s.listClusters(),
          getCluster: n => s.getCluster(n),
          replaceAll: c => s.replaceAll(c),
          saveCluster: async () => {
            throw new Error('database down');
          },
        }),
      });
      await expect(
        service.registerCluster(
          {
            name: 'rollback',
            apiEndpoint: 'https://r.example',
            syncMode: 'Push',
            zone: 'none',
            gpuTypes: [],
          },
          ui,
        ),
      ).rejects.toThrow('database down');
      await expect(karmada.getCluster('rollback')).rejects.toThrow(/not found/);
    });

    it('reconciles missing core labels once, never overwriting, and a second pass writes nothing', async () => {
      const { service, audit } = await setup();
      const first = await service.reconcileLabels();
      expect(first).toMatchObject({ writes: 2, lists: 1, conflicts: 0 });
      expect(await labelsInKarmada('joined-cpu')).toEqual({
        'gpu-tier': 'none',
        'cluster-type': 'cpu-only',
      });
      expect(await labelsInKarmada('tier-only')).toEqual({
        'gpu-tier': 'high',
        'cluster-type': 'standard',
      });
      expect(await labelsInKarmada('joined-gpu')).toEqual({});
      expect(await labelsInKarmada('edge-joined')).toEqual({});

      const entries = await audit.list({ limit: 10 });
      expect(entries).toHaveLength(2);
      expect(entries.every(e => e.source === 'reconciler')).toBe(true);
      expect(entries.map(e => e.targetName).sort()).toEqual([
        'joined-cpu',
        'tier-only',
      ]);

      const second = await service.reconcileLabels();
      expect(second).toMatchObject({ writes: 0, lists: 1 });
      expect(await audit.list({ limit: 10 })).toHaveLength(2);

      const groups = await service.listZoneGroups();
      const cpu = groups.find(g => g.zone === 'cpu-only')!;
      expect(cpu.clusters.map(c => c.name)).toContain('joined-cpu');
    });

    it('gives clusters with GPUs the configured default tier', async () => {
      const { service } = await setup({ defaultGpuTier: 'general' });
      await service.reconcileLabels();
      expect(await labelsInKarmada('joined-gpu')).toEqual({
        'gpu-tier': 'general',
        'cluster-type': 'standard',
      });
      expect(await labelsInKarmada('edge-joined')).toEqual({
        'gpu-tier': 'general',
        'cluster-type': 'standard',
      });
    });
  },
);

describe('ClusterService GPU readiness', () => {
  let sim: KarmadaSimulator;
  let service: ClusterService;

  // The readiness check reads Karmada and the member only: every cache call fails the test.
  const untouched = async () => {
    throw new Error('the GPU readiness check must not use the cluster cache');
  };
  const store: ClusterStore = {
    listClusters: untouched,
    getCluster: untouched,
    saveCluster: untouched,
    replaceAll: untouched,
  };

  beforeEach(async () => {
    sim = await startKarmadaSimulator({
      setup: s => {
        // The seed fleet with its members' nodes, served through the cluster proxy.
        installSeedFleet(s.store);
        // Ready in Karmada, but no API server behind it: the proxy answers 503.
        s.store.create(
          'karmada',
          'Cluster',
          joinedCluster('joined-gpu') as any,
          {
            withStatus: true,
          },
        );
      },
    });
    service = new ClusterService({
      karmada: new KarmadaClient({ url: sim.url, token: sim.token }),
      store,
      logger: mockServices.logger.mock(),
    });
  });
  afterEach(() => sim.close());

  it('passes every check on a GPU cluster run by the GPU Operator', async () => {
    const report = await service.getGpuReadiness('gpu-hp-seoul');
    expect(report.cluster).toBe('gpu-hp-seoul');
    expect(report.checks.map(c => [c.id, c.status])).toEqual([
      ['gpu-nodes', 'pass'],
      ['gpu-taints', 'pass'],
      ['gpu-allocatable', 'pass'],
      ['device-plugin', 'pass'],
      ['gpu-sharing', 'pass'],
    ]);
    expect(report.checks[0].detail).toMatch(/^3 of 5 nodes have NVIDIA GPUs/);
    expect(report.checks[2].detail).toContain('24 in all');
    expect(report.nodes).toEqual([
      {
        name: 'gpu-hp-seoul-a100-1',
        gpuProduct: 'NVIDIA-A100-SXM4-80GB',
        gpus: 8,
      },
      { name: 'gpu-hp-seoul-cpu-1', gpus: 0 },
      { name: 'gpu-hp-seoul-cpu-2', gpus: 0 },
      {
        name: 'gpu-hp-seoul-h100-1',
        gpuProduct: 'NVIDIA-H100-80GB-HBM3',
        gpus: 8,
      },
      {
        name: 'gpu-hp-seoul-h100-2',
        gpuProduct: 'NVIDIA-H100-80GB-HBM3',
        gpus: 8,
      },
    ]);
  });

  it('answers n/a for every check of the CPU-only cluster', async () => {
    const report = await service.getGpuReadiness('cpu-oregon');
    expect(report.checks.map(c => c.status)).toEqual([
      'n/a',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
    ]);
    expect(report.checks[0].detail).toContain('a CPU-only cluster');
    expect(report.nodes).toHaveLength(4);
    expect(report.nodes.every(n => n.gpus === 0)).toBe(true);
  });

  it('finds the bare device plugin of the joined edge cluster and its unreported sharing mode', async () => {
    const { checks } = await service.getGpuReadiness('edge-joined');
    const byId = Object.fromEntries(checks.map(c => [c.id, c]));
    expect(byId['device-plugin']).toMatchObject({
      status: 'pass',
      detail:
        'A device plugin without the GPU Operator advertises nvidia.com/gpu on all 2 GPU nodes (no nvidia.com/gpu.deploy.* labels).',
    });
    expect(byId['gpu-sharing']).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(
        /^edge-joined-t4-1 and edge-joined-t4-2 report no sharing or MIG mode/,
      ),
      fix: expect.stringContaining('--set gfd.enabled=true'),
    });
  });

  it('reads the nodes as they are now', async () => {
    const member = new KarmadaClient({
      url: sim.memberUrl('gpu-gen-frankfurt'),
      token: sim.token,
    });
    await member.patchObject({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'gpu-gen-frankfurt-l40s-2' },
      spec: { taints: null },
    } as any);
    const { checks } = await service.getGpuReadiness('gpu-gen-frankfurt');
    expect(checks.find(c => c.id === 'gpu-taints')).toMatchObject({
      status: 'warn',
      fix: 'kubectl taint nodes gpu-gen-frankfurt-l40s-2 nvidia.com/gpu=present:NoSchedule',
    });
  });

  it('answers NotFoundError for an unknown cluster', async () => {
    await expect(service.getGpuReadiness('nope')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses a not-ready cluster without calling its proxy', async () => {
    // The simulator still serves lab-offline's nodes; a no-op fault counts the calls.
    const probe = sim.faults.inject({ match: { cluster: 'lab-offline' } });
    const error = await service.getGpuReadiness('lab-offline').catch(e => e);
    expect(probe.hits).toBe(0);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      "Cluster lab-offline is not ready (ClusterNotReachable: cluster is not reachable), so its nodes cannot be read through Karmada's cluster proxy; check again once it is Ready",
    );
  });

  it('answers ServiceUnavailableError when the proxy cannot reach the member', async () => {
    const error = await service.getGpuReadiness('joined-gpu').catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      // Karmada's proxy answers a dial failure as a bare 500 (here: the Cluster has no endpoint).
      /^Cluster joined-gpu is unreachable through Karmada's cluster proxy: .*Karmada answered 500: http: no Host in request URL/,
    );
  });
});
