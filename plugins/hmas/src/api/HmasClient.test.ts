/**
 * @jest-environment node
 */
import { HmasClient } from './HmasClient';

function clientReturning(status: number, body: unknown) {
  const calls: string[] = [];
  const requests: Array<RequestInit | undefined> = [];
  const client = new HmasClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(String(input));
        requests.push(init);
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
  return { client, calls, requests };
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

  it('sends label changes as a PATCH marked as coming from the UI', async () => {
    const { client, calls, requests } = clientReturning(200, { name: 'gpu a' });
    await client.updateClusterLabels('gpu a', {
      set: { 'gpu-tier': 'general' },
      resourceVersion: '9',
    });
    expect(calls).toEqual([
      'http://backend.test/api/hmas/clusters/gpu%20a/labels',
    ]);
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-hmas-source': 'ui' },
    });
    expect(JSON.parse(String(requests[0]?.body))).toEqual({
      set: { 'gpu-tier': 'general' },
      resourceVersion: '9',
    });
  });

  it('unwraps the zone groups', async () => {
    const { client } = clientReturning(200, { zones: [{ zone: 'cpu-only' }] });
    await expect(client.listZoneGroups()).resolves.toEqual([
      { zone: 'cpu-only' },
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
