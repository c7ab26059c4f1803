import { mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clustersFromHmasApi } from './HmasClusterEntityProvider';

describe('clustersFromHmasApi', () => {
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
    clustersFromHmasApi({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
    })();

  it('reads GET /api/hmas/clusters with service credentials and flattens the zones', async () => {
    answer = {
      status: 200,
      body: {
        zones: [
          { zone: 'gpu-high', clusters: [{ name: 'a' }, { name: 'b' }] },
          { zone: 'unclassified', clusters: [] },
          { zone: 'cpu-only', clusters: [{ name: 'c' }] },
        ],
      },
    };
    await expect(list()).resolves.toEqual([
      { name: 'a' },
      { name: 'b' },
      { name: 'c' },
    ]);
    expect(requests.map(r => r.url)).toEqual(['/api/hmas/clusters']);
    expect(requests[0].headers.authorization).toMatch(/^Bearer mock-service/);
  });

  it('fails with the backend error, so the last entities stay', async () => {
    answer = {
      status: 503,
      body: {
        error: { name: 'ServiceUnavailableError', message: 'Karmada is down' },
        response: { statusCode: 503 },
      },
    };
    await expect(list()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 503,
    });
  });
});
