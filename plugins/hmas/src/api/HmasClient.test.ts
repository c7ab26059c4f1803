/**
 * @jest-environment node
 */
import { HmasClient } from './HmasClient';

function clientReturning(status: number, body: unknown) {
  const calls: string[] = [];
  const client = new HmasClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL) => {
        calls.push(String(input));
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
  return { client, calls };
}

describe('HmasClient', () => {
  it('calls /audit with the query and unwraps the items', async () => {
    const { client, calls } = clientReturning(200, { items: [{ id: 1 }] });
    await expect(
      client.listAudit({ targetKind: 'cluster', targetName: 'gpu-a' }),
    ).resolves.toEqual([{ id: 1 }]);
    expect(calls).toEqual([
      'http://backend.test/api/hmas/audit?targetKind=cluster&targetName=gpu-a',
    ]);
  });

  it('turns an error response into a ResponseError carrying the server message', async () => {
    const { client } = clientReturning(400, {
      error: {
        name: 'InputError',
        message: 'Invalid audit query: limit: too small',
      },
      response: { statusCode: 400 },
    });
    await expect(client.listAudit({ limit: 0 })).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { name: 'InputError' } },
    });
  });
});
