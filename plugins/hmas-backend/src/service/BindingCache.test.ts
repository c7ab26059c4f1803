import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { BindingCache } from './BindingCache';
import { DeploymentService } from './DeploymentService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const spec = {
  name: 'cached',
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  model: {
    modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    sizeGb: 4.9,
  },
  placement: { mode: 'zone', zone: 'cpu-only' },
};

async function eventually(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise(r => setTimeout(r, 25));
  }
  expect(check()).toBe(true);
}

describe('BindingCache', () => {
  let karmada: EmbeddedKarmada;
  let cache: BindingCache;

  beforeEach(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 100 });
  });
  afterEach(async () => {
    await cache?.stop();
    await karmada.close();
  });

  it('serves a ready deployment status without a request to Karmada', async () => {
    const client = new KarmadaClient({
      url: karmada.url,
      token: karmada.token,
    });
    cache = new BindingCache(client, mockServices.logger.mock(), 50);
    expect(cache.get('default', 'cached-deployment')).toBeUndefined();
    await cache.start();
    expect(cache.get('default', 'cached-deployment')).toEqual({
      binding: undefined,
    });

    const knex = await databases.init('SQLITE_3');
    const service = new DeploymentService({
      karmada: client,
      store: await DatabaseDeploymentStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      }),
      logger: mockServices.logger.mock(),
      bindings: cache,
    });
    const { deployment } = await service.create(spec, {
      actor: 'user:default/ada',
      source: 'api',
    });
    await eventually(
      () => !!cache.get('default', 'cached-deployment')?.binding,
    );

    let status = await service.status(deployment!);
    for (let i = 0; i < 200 && status.phase !== 'ready'; i++) {
      await new Promise(r => setTimeout(r, 25));
      status = await service.status(deployment!);
    }
    expect(status.phase).toBe('ready');

    const requests = karmada.sim.faults.inject({ latencyMs: 0 });
    await expect(service.status(deployment!)).resolves.toMatchObject({
      phase: 'ready',
      readyReplicas: 1,
    });
    expect(requests.hits).toBe(0);
  });

  it('stops answering from memory when the watch breaks, so callers read Karmada', async () => {
    const client = new KarmadaClient({
      url: karmada.url,
      token: karmada.token,
    });
    cache = new BindingCache(client, mockServices.logger.mock(), 50);
    await cache.start();
    expect(cache.get('default', 'anything')).toEqual({ binding: undefined });
    await karmada.close();
    await eventually(() => cache.get('default', 'anything') === undefined);
  });
});
