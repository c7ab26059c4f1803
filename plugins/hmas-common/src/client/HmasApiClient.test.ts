/**
 * @jest-environment node
 */
import { HmasApiClient } from './generated/HmasApiClient';

interface Call {
  url: string;
  init?: RequestInit;
}

function client(
  answer: { status: number; body?: unknown },
  headers?: { 'x-request-id'?: string },
) {
  const calls: Call[] = [];
  const api = new HmasApiClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return new Response(
          answer.body === undefined ? null : JSON.stringify(answer.body),
          {
            status: answer.status,
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    },
    headers,
  });
  return { api, calls };
}

describe('HmasApiClient', () => {
  it('fills the path, encoding each parameter, and returns the parsed body', async () => {
    const { api, calls } = client({ status: 200, body: { name: 'a b' } });
    await expect(api.getCluster({ path: { name: 'a b' } })).resolves.toEqual({
      name: 'a b',
    });
    await api.getNamespacedPolicy({
      path: { kind: 'propagationpolicies', namespace: 'ml', name: 'x/y' },
    });
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/hmas/clusters/a%20b',
      'http://backend.test/api/hmas/policies/propagationpolicies/ml/x%2Fy',
    ]);
    expect(calls[0].init).toEqual({ method: 'GET', headers: {} });
  });

  it('sends the query in the order given, leaving out what is undefined', async () => {
    const { api, calls } = client({ status: 200, body: { items: [] } });
    await api.listAudit({
      query: { targetKind: 'cluster', targetName: undefined, limit: 5 },
    });
    await api.listAudit();
    expect(calls.map(c => c.url)).toEqual([
      'http://backend.test/api/hmas/audit?targetKind=cluster&limit=5',
      'http://backend.test/api/hmas/audit',
    ]);
  });

  it('sends a JSON body, the token and the caller headers', async () => {
    const { api, calls } = client(
      { status: 201, body: { id: 'p' } },
      {
        'x-request-id': 'scaffolder',
      },
    );
    const body = {
      name: 'dup',
      title: 'Duplicated',
      placement: { replicaScheduling: { type: 'Duplicated' } },
    };
    await api.createPreset({ body }, { token: 't0k' });
    expect(calls[0]).toEqual({
      url: 'http://backend.test/api/hmas/presets',
      init: {
        method: 'POST',
        headers: {
          'x-request-id': 'scaffolder',
          authorization: 'Bearer t0k',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      },
    });
  });

  it('resolves a 204 to undefined', async () => {
    const { api, calls } = client({ status: 204 });
    await expect(
      api.deletePreset({ path: { id: 'abc' } }),
    ).resolves.toBeUndefined();
    expect(calls[0].init?.method).toBe('DELETE');
  });

  it('throws a ResponseError with the backend error body for any other status', async () => {
    const error = {
      error: {
        name: 'InputError',
        message: 'Invalid preset id: must be a UUID',
      },
      response: { statusCode: 400 },
    };
    const { api } = client({ status: 400, body: error });
    await expect(api.getPreset({ path: { id: 'x' } })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: error,
    });
  });

  it('uses the global fetch when given none', async () => {
    const fetch = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response('{"status":"ok"}', { status: 200 }));
    try {
      const api = new HmasApiClient({
        discoveryApi: { getBaseUrl: async () => 'http://x.test/api/hmas' },
      });
      await expect(api.getHealth()).resolves.toEqual({ status: 'ok' });
      expect(fetch).toHaveBeenCalledWith('http://x.test/api/hmas/health', {
        method: 'GET',
        headers: {},
      });
    } finally {
      fetch.mockRestore();
    }
  });
});
