import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { llamaOnCpu, until } from '../__testUtils__/deployments';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DeploymentService } from './DeploymentService';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * A deployment's status when its member cluster stops being Ready: Karmada's last report of
 * it is stale and its proxy cannot answer, so the status says so instead of "ready" (#15).
 */
describe('deployment status on a member that is not Ready', () => {
  let karmada: EmbeddedKarmada;
  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 20 });
  });
  afterEach(() => karmada.close());

  it('stops saying ready, names the cluster, and is ready again once it recovers', async () => {
    const knex = await databases.init('SQLITE_3');
    const service = new DeploymentService({
      karmada: new KarmadaClient({ url: karmada.url, token: karmada.token }),
      store: await DatabaseDeploymentStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      }),
      logger: mockServices.logger.mock(),
    });
    const { deployment } = await service.create(llamaOnCpu('chat'), {
      actor: 'user:default/ada',
      source: 'api',
    });
    const status = () => service.status(deployment!);
    await until('ready', async () => (await status()).phase === 'ready');

    karmada.controller.markClusterReady('cpu-oregon', false);
    const stale = await until('the cluster reported not ready', async () => {
      const s = await status();
      return s.phase !== 'ready' && s;
    });
    expect(stale.readyReplicas).toBe(0);
    expect(stale.clusters).toEqual([
      expect.objectContaining({
        cluster: 'cpu-oregon',
        readyReplicas: 0,
        health: 'Unknown',
        message: expect.stringContaining(
          'cluster not ready: ClusterNotReachable',
        ),
      }),
    ]);
    expect(stale.message).toContain(
      'cluster cpu-oregon is not ready (ClusterNotReachable',
    );

    karmada.controller.markClusterReady('cpu-oregon', true);
    await until('ready again', async () => (await status()).phase === 'ready');
  });
});
