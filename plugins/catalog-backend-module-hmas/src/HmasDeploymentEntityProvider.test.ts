import { mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDeployment } from './__testUtils__/testDeployment';
import {
  deploymentsFromHmasApi,
  HmasDeploymentEntityProvider,
} from './HmasDeploymentEntityProvider';

describe('HmasDeploymentEntityProvider', () => {
  it('applies a full mutation with every active deployment on each run', async () => {
    const applyMutation = jest.fn();
    let run: (() => Promise<void>) | undefined;
    const provider = new HmasDeploymentEntityProvider({
      listDeployments: async () => [
        testDeployment(),
        testDeployment({ name: 'being-created', state: 'creating' }),
        testDeployment({ name: 'qwen', namespace: 'ml-team' }),
        testDeployment({ name: 'being-deleted', state: 'deleting' }),
      ],
      logger: mockServices.logger.mock(),
      taskRunner: {
        run: async task => {
          run = task.fn as () => Promise<void>;
        },
      },
    });
    expect(provider.getProviderName()).toBe('hmas-deployments');
    await provider.connect({ applyMutation, refresh: jest.fn() });
    expect(run).toBeDefined();
    await run!();
    expect(applyMutation).toHaveBeenCalledTimes(1);
    const mutation = applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(
      mutation.entities.map((e: any) => [
        e.locationKey,
        e.entity.metadata.name,
      ]),
    ).toEqual([
      ['hmas:karmada', 'llama-cpu'],
      ['hmas:karmada', 'ml-team.qwen'],
    ]);
  });

  it('knows which deployments serve an entity and re-processes entities whose links change', async () => {
    const refresh = jest.fn();
    let list = [
      testDeployment({ entityRef: 'Component:default/Chat-Assistant' }),
      testDeployment({
        name: 'qwen',
        namespace: 'ml-team',
        entityRef: 'component:default/chat-assistant',
      }),
      testDeployment({ name: 'solo' }),
    ];
    const provider = new HmasDeploymentEntityProvider({
      listDeployments: async () => list,
      logger: mockServices.logger.mock(),
      taskRunner: { run: async () => {} },
    });
    await provider.connect({ applyMutation: jest.fn(), refresh });
    await provider.refresh();
    expect(
      provider.deploymentsServing('component:default/chat-assistant'),
    ).toEqual(['llama-cpu', 'ml-team/qwen']);
    expect(refresh).toHaveBeenLastCalledWith({
      keys: ['hmas-serves:component:default/chat-assistant'],
    });

    // Same links: nothing to re-process.
    await provider.refresh();
    expect(refresh).toHaveBeenCalledTimes(1);

    // The link goes away: the entity is processed again, now without deployments.
    list = [testDeployment({ name: 'solo' })];
    await provider.refresh();
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(
      provider.deploymentsServing('component:default/chat-assistant'),
    ).toEqual([]);
  });

  it('refuses to refresh before it is connected', async () => {
    const provider = new HmasDeploymentEntityProvider({
      listDeployments: async () => [],
      logger: mockServices.logger.mock(),
      taskRunner: { run: async () => {} },
    });
    await expect(provider.refresh()).rejects.toThrow('not connected');
  });
});

describe('deploymentsFromHmasApi', () => {
  let server: Server;
  let baseUrl: string;
  const requests: IncomingMessage[] = [];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/hmas`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  const list = () =>
    deploymentsFromHmasApi({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
    })();

  it('reads GET /api/hmas/deployments with service credentials', async () => {
    answer = { status: 200, body: { items: [testDeployment()] } };
    await expect(list()).resolves.toEqual([testDeployment()]);
    expect(requests.map(r => r.url)).toEqual(['/api/hmas/deployments']);
    expect(requests[0].headers.authorization).toMatch(/^Bearer mock-service/);
  });

  it('fails with the backend error, so the last entities stay', async () => {
    answer = {
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'Not allowed' },
        response: { statusCode: 403 },
      },
    };
    await expect(list()).rejects.toThrow(/403/);
  });
});
