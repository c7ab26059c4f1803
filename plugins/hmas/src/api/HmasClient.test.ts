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
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(String(requests[0]?.body))).toEqual({
      set: { 'gpu-tier': 'general' },
      resourceVersion: '9',
    });
  });

  it('reads the GPU readiness of a cluster', async () => {
    const report = {
      cluster: 'gpu a',
      checks: [
        {
          id: 'gpu-nodes',
          title: 'GPU nodes exist',
          status: 'pass',
          detail: '1 of 1 node has NVIDIA GPUs: g1 (8×NVIDIA-L4).',
        },
      ],
      nodes: [{ name: 'g1', gpuProduct: 'NVIDIA-L4', gpus: 8 }],
    };
    const { client, calls, requests } = clientReturning(200, report);
    await expect(client.getGpuReadiness('gpu a')).resolves.toEqual(report);
    expect(calls).toEqual([
      'http://backend.test/api/hmas/clusters/gpu%20a/gpu-readiness',
    ]);
    expect(requests[0]?.method).toBe('GET');
  });

  it('reads the usage of a deployment, since a time when asked', async () => {
    const usage = {
      since: '2026-12-07T10:15:00.000Z',
      until: '2026-12-08T10:15:30.000Z',
      totals: {
        requests: 0,
        errors: 0,
        latencyMsAvg: 0,
        latencyMsMax: 0,
        promptTokens: 0,
        completionTokens: 0,
      },
      callers: [],
    };
    const { client, calls } = clientReturning(200, usage);
    await expect(client.getDeploymentUsage('d-1')).resolves.toEqual(usage);
    await client.getDeploymentUsage('d-1', {
      since: '2026-12-08T09:00:00.000Z',
    });
    expect(calls).toEqual([
      'http://backend.test/api/hmas/deployments/d-1/usage',
      'http://backend.test/api/hmas/deployments/d-1/usage?since=2026-12-08T09%3A00%3A00.000Z',
    ]);
  });

  it('passes on the message of a 503 for a not-ready cluster', async () => {
    const { client } = clientReturning(503, {
      error: {
        name: 'ServiceUnavailableError',
        message: 'Cluster lab-offline is not ready (ClusterNotReachable)',
      },
      response: { statusCode: 503 },
    });
    await expect(client.getGpuReadiness('lab-offline')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 503,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'Cluster lab-offline is not ready (ClusterNotReachable)',
        },
      },
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
  it('lists policies of one kind by its plural and unwraps the items', async () => {
    const { client, calls } = clientReturning(200, { items: [{ name: 'a' }] });
    await expect(client.listPolicies('PropagationPolicy')).resolves.toEqual([
      { name: 'a' },
    ]);
    await client.listPolicies();
    await client.listPolicies(undefined, { refresh: true });
    expect(calls).toEqual([
      'http://backend.test/api/hmas/policies?kind=propagationpolicies',
      'http://backend.test/api/hmas/policies',
      'http://backend.test/api/hmas/policies?refresh=true',
    ]);
  });

  it('addresses namespaced and cluster-scoped policies by plural path', async () => {
    const { client, calls, requests } = clientReturning(200, {});
    await client.getPolicy('PropagationPolicy', 'llama-propagation', 'ml');
    await client.getPolicy('ClusterOverridePolicy', 'all-gpus');
    const policy = {
      apiVersion: 'policy.karmada.io/v1alpha1' as const,
      kind: 'PropagationPolicy' as const,
      metadata: { name: 'p', namespace: 'default', resourceVersion: '3' },
      spec: { resourceSelectors: [] },
    };
    await client.createPolicy(policy);
    await client.replacePolicy(policy);
    expect(calls).toEqual([
      'http://backend.test/api/hmas/policies/propagationpolicies/ml/llama-propagation',
      'http://backend.test/api/hmas/policies/clusteroverridepolicies/all-gpus',
      'http://backend.test/api/hmas/policies',
      'http://backend.test/api/hmas/policies/propagationpolicies/default/p',
    ]);
    expect(requests.map(r => r?.method)).toEqual(['GET', 'GET', 'POST', 'PUT']);
    expect(JSON.parse(String(requests[2]?.body))).toEqual(policy);
    expect(JSON.parse(String(requests[3]?.body))).toEqual(policy);
  });

  it('deletes policies and presets, expecting no content', async () => {
    const calls: string[] = [];
    const methods: Array<string | undefined> = [];
    const client = new HmasClient({
      discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
      fetchApi: {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          calls.push(String(input));
          methods.push(init?.method);
          return new Response(null, { status: 204 });
        },
      },
    });
    await expect(
      client.deletePolicy('PropagationPolicy', 'p', 'default'),
    ).resolves.toBeUndefined();
    await expect(client.deletePreset('abc')).resolves.toBeUndefined();
    expect(calls).toEqual([
      'http://backend.test/api/hmas/policies/propagationpolicies/default/p',
      'http://backend.test/api/hmas/presets/abc',
    ]);
    expect(methods).toEqual(['DELETE', 'DELETE']);
  });

  it('lists, creates and updates presets', async () => {
    const { client, calls, requests } = clientReturning(200, {
      items: [{ id: '1' }],
    });
    await expect(client.listPresets()).resolves.toEqual([{ id: '1' }]);
    const spec = {
      name: 'dup',
      title: 'Duplicated',
      placement: { replicaScheduling: { type: 'Duplicated' as const } },
    };
    await client.createPreset(spec);
    await client.updatePreset('1', spec);
    expect(calls).toEqual([
      'http://backend.test/api/hmas/presets',
      'http://backend.test/api/hmas/presets',
      'http://backend.test/api/hmas/presets/1',
    ]);
    expect(requests.map(r => r?.method)).toEqual(['GET', 'POST', 'PUT']);
    expect(JSON.parse(String(requests[1]?.body))).toEqual(spec);
  });
});
