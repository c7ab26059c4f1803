import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { examplePresets } from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DatabasePresetStore } from '../database/DatabasePresetStore';
import { demoDeployments, seedDemoData } from './demoData';
import { DeploymentService } from './DeploymentService';
import { PresetService } from './PresetService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('seedDemoData', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  });
  afterEach(() => karmada.close());

  it('seeds presets that name only clusters the demo fleet has', () => {
    const clusters = new Set(
      karmada.sim.store
        .list('karmada', 'clusters.cluster.karmada.io')
        .items.map(c => c.metadata.name),
    );
    const named = examplePresets.flatMap(p => {
      const scheduling = p.placement.replicaScheduling;
      return scheduling.type === 'Divided' &&
        scheduling.weighting.mode === 'static'
        ? scheduling.weighting.weights.flatMap(w => w.clusterNames ?? [])
        : [];
    });
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(n => !clusters.has(n))).toEqual([]);
  });

  it('creates the example presets and demo deployments once, through the services', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    const presetService = new PresetService({
      store: await DatabasePresetStore.create({ database }),
    });
    const deploymentService = new DeploymentService({
      karmada: new KarmadaClient({ url: karmada.url, token: karmada.token }),
      store: await DatabaseDeploymentStore.create({ database }),
      logger: mockServices.logger.mock(),
      presets: presetService,
    });
    const logger = mockServices.logger.mock();
    await seedDemoData({ deploymentService, presetService, logger });
    await seedDemoData({ deploymentService, presetService, logger });

    expect((await presetService.list()).map(p => p.name).sort()).toEqual(
      examplePresets.map(p => p.name).sort(),
    );
    const deployments = await deploymentService.list();
    expect(deployments.map(d => d.name).sort()).toEqual(
      demoDeployments.map(d => d.name).sort(),
    );
    expect(logger.warn).not.toHaveBeenCalled();
    expect(
      karmada.sim.store.tryGet(
        'karmada',
        'Deployment',
        'demo-qwen-vllm',
        'default',
      ),
    ).toBeDefined();
  });
});
