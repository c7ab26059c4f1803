import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { KarmadaSimulator, startKarmadaSimulator } from '@h-mas/karmada-sim';
import type { KarmadaClusterObject } from '@h-mas/plugin-hmas-common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { KarmadaClient, maxCallDurationMs } from './KarmadaClient';
import { KarmadaTimeoutError } from './errors';

const cluster = (
  name: string,
  labels: Record<string, string> = {},
): KarmadaClusterObject => ({
  apiVersion: 'cluster.karmada.io/v1alpha1',
  kind: 'Cluster',
  metadata: { name, labels },
  spec: { syncMode: 'Push', apiEndpoint: `https://${name}.example:6443` },
});

describe('KarmadaClient against the simulator over HTTP', () => {
  let sim: KarmadaSimulator;
  let client: KarmadaClient;

  beforeAll(async () => {
    sim = await startKarmadaSimulator({
      members: ['member-a'],
      setup: s => {
        s.store.create('member-a', 'Pod', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'web-1',
            namespace: 'default',
            labels: { app: 'web' },
          },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        });
        s.registerAdmission({ kind: 'Cluster' }, ({ object }) =>
          object.spec?.syncMode === 'Both'
            ? [
                {
                  reason: 'FieldValueNotSupported',
                  field: 'spec.syncMode',
                  message: 'Unsupported value: "Both"',
                },
              ]
            : undefined,
        );
      },
    });
    client = new KarmadaClient({ url: sim.url, token: sim.token });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.clear());

  it('creates, lists, reads, replaces and deletes clusters', async () => {
    const created = await client.createCluster(cluster('c1', { team: 'ml' }));
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const { items, resourceVersion } = await client.listClusters();
    expect(items.map(c => c.metadata.name)).toContain('c1');
    expect(Number(resourceVersion)).toBeGreaterThanOrEqual(
      Number(created.metadata.resourceVersion),
    );

    const read = await client.getCluster('c1');
    const replaced = await client.replaceCluster({
      ...read,
      metadata: { ...read.metadata, labels: { team: 'infra' } },
    });
    expect(replaced.metadata.labels).toEqual({ team: 'infra' });

    await client.deleteCluster('c1');
    await expect(client.getCluster('c1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps a stale resourceVersion to ConflictError', async () => {
    const created = await client.createCluster(cluster('c2'));
    await client.replaceCluster({
      ...created,
      metadata: { ...created.metadata, labels: { a: '1' } },
    });
    await expect(
      client.replaceCluster({
        ...created,
        metadata: { ...created.metadata, labels: { a: '2' } },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('maps AlreadyExists to ConflictError and Invalid to InputError with the field', async () => {
    await client.createCluster(cluster('c3'));
    await expect(client.createCluster(cluster('c3'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    const invalid = { ...cluster('c4'), spec: { syncMode: 'Both' as any } };
    const error = await client.createCluster(invalid).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('spec.syncMode: Unsupported value: "Both"');
  });

  it('maps a wrong token to NotAllowedError and a 5xx to ServiceUnavailableError', async () => {
    const wrong = new KarmadaClient({ url: sim.url, token: 'wrong' });
    await expect(wrong.listClusters()).rejects.toBeInstanceOf(NotAllowedError);
    // A read is tried three times (the default) before the 503 reaches the caller.
    const fault = sim.faults.inject({ status: 503, times: 3 });
    await expect(client.listClusters()).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(fault.hits).toBe(3);
  });

  it('creates, reads, patches and deletes any object, and tolerates deleting twice', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    await client.createObject(deployment);
    await expect(client.createObject(deployment)).rejects.toBeInstanceOf(
      ConflictError,
    );
    const read = await client.readObject<any>(deployment);
    expect(read.spec.replicas).toBe(1);
    const patched = await client.patchObject<any>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3 },
    } as any);
    expect(patched.spec.replicas).toBe(3);
    await expect(client.deleteObject(deployment)).resolves.toBe(true);
    await expect(client.deleteObject(deployment)).resolves.toBe(false);
    await expect(client.readObject(deployment)).resolves.toBeUndefined();
  });

  it('lists pods of a member cluster through the cluster proxy', async () => {
    const pods = await client.listMemberPods('member-a', 'default', 'app=web');
    expect(pods.map(p => p.metadata?.name)).toEqual(['web-1']);
    await expect(
      client.listMemberPods('member-a', 'default', 'app=none'),
    ).resolves.toEqual([]);
  });

  it('maps an unreachable server to ServiceUnavailableError', async () => {
    const down = new KarmadaClient({ url: 'http://127.0.0.1:9', token: 'x' });
    await expect(down.listClusters()).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  describe('bounded calls', () => {
    const deployment = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    const quick = () =>
      new KarmadaClient({
        url: sim.url,
        token: sim.token,
        timeoutMs: 300,
        attempts: 3,
        retryDelayMs: 10,
      });

    it('abandons a stalled request at the deadline with a 504 naming Karmada', async () => {
      sim.faults.inject({ latencyMs: 1_500 });
      const error = await quick()
        .getCluster('anything')
        .catch(e => e);
      expect(error).toBeInstanceOf(KarmadaTimeoutError);
      expect(error.statusCode).toBe(504);
      expect(error.message).toBe(
        'Karmada did not answer reading cluster anything within 300 ms',
      );
    });

    it('retries a read through transient failures (5xx, 429, dropped connection, stall)', async () => {
      await quick().createCluster(cluster('bounded-1'));
      for (const spec of [
        { status: 503 },
        { status: 429 },
        { dropConnection: true },
        { latencyMs: 2_000 },
      ]) {
        const fault = sim.faults.inject({
          ...spec,
          match: { method: 'GET' },
          times: 2,
        });
        await expect(quick().getCluster('bounded-1')).resolves.toMatchObject({
          metadata: { name: 'bounded-1' },
        });
        expect(fault.hits).toBe(2);
        sim.faults.clear();
      }
    });

    it('never repeats a create or a conditional replace, and never retries a 4xx', async () => {
      const fault = sim.faults.inject({
        match: { method: 'POST' },
        status: 503,
      });
      await expect(
        quick().createObject(deployment('once')),
      ).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(fault.hits).toBe(1);
      sim.faults.clear();

      const created = await quick().createCluster(cluster('bounded-2'));
      const put = sim.faults.inject({ match: { method: 'PUT' }, status: 500 });
      await expect(
        quick().replaceCluster({
          ...created,
          metadata: { ...created.metadata, labels: { a: 'b' } },
        }),
      ).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(put.hits).toBe(1);
      sim.faults.clear();

      const notFound = sim.faults.inject({
        match: { method: 'GET' },
        status: 404,
      });
      await expect(quick().getCluster('bounded-2')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(notFound.hits).toBe(1);
    });

    it('retries a delete whose reply was lost: the object is gone and the delete reports so', async () => {
      const c = quick();
      await c.createObject(deployment('lost-delete'));
      sim.faults.inject({
        match: { method: 'DELETE' },
        afterApply: true,
        dropConnection: true,
        times: 1,
      });
      await expect(c.deleteObject(deployment('lost-delete'))).resolves.toBe(
        false,
      );
      await expect(
        c.readObject(deployment('lost-delete')),
      ).resolves.toBeUndefined();
    });

    it('bounds the longest call: attempts × deadline plus the waits', () => {
      expect(
        maxCallDurationMs({
          url: 'x',
          timeoutMs: 1000,
          attempts: 3,
          retryDelayMs: 100,
        }),
      ).toBe(3000 + 200 + 400);
      expect(maxCallDurationMs({ url: 'x' })).toBe(45_000 + 400 + 800);
    });
  });
});

/**
 * A server in Karmada's place: it answers every request with a ClusterList (resourceVersion
 * `7`), records the paths and counts the (TLS) connections it is opened.
 */
async function karmadaStandIn(tls?: { key: string; cert: string }) {
  let connections = 0;
  const paths: string[] = [];
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        apiVersion: 'cluster.karmada.io/v1alpha1',
        kind: 'ClusterList',
        metadata: { resourceVersion: '7' },
        items: [],
      }),
    );
  };
  const server = tls
    ? https.createServer(tls, answer)
    : http.createServer(answer);
  server.on(tls ? 'secureConnection' : 'connection', () => connections++);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`,
    paths,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** One member-service call to `chat` in `member-a`, its reply read to the end. */
async function callChat(client: KarmadaClient): Promise<number | undefined> {
  const reply = await client.requestMemberService(
    'member-a',
    { namespace: 'default', service: 'chat', port: 'http' },
    { method: 'GET', path: '/v1/models', signal: new AbortController().signal },
  );
  reply.resume();
  await new Promise(resolve => reply.on('end', resolve));
  return reply.statusCode;
}

describe('KarmadaClient.requestMemberService', () => {
  it('reuses one kept-alive connection for calls one after another', async () => {
    const karmada = await karmadaStandIn();
    try {
      const client = new KarmadaClient({ url: karmada.url, token: 't' });
      for (let i = 0; i < 5; i++) expect(await callChat(client)).toBe(200);
      expect(karmada.paths).toEqual(
        Array(5).fill(
          '/apis/cluster.karmada.io/v1alpha1/clusters/member-a/proxy/api/v1/namespaces/default/services/chat:http/proxy/v1/models',
        ),
      );
      expect(karmada.connections()).toBe(1);
    } finally {
      await karmada.close();
    }
  });
});

describe('KarmadaClient API calls', () => {
  it('reuse one kept-alive connection (client-node alone opens one per call)', async () => {
    const karmada = await karmadaStandIn();
    try {
      const client = new KarmadaClient({ url: karmada.url, token: 't' });
      for (let i = 0; i < 5; i++) {
        expect((await client.listClusters()).resourceVersion).toBe('7');
      }
      expect(karmada.connections()).toBe(1);
    } finally {
      await karmada.close();
    }
  });
});

/** A self-signed certificate for 127.0.0.1, made with the machine's openssl. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hmas-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
        ...[
          '-subj',
          '/CN=karmada-test',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('KarmadaClient over TLS with a CA', () => {
  it('verifies the server by the CA and keeps one connection alive', async () => {
    const tls = selfSigned();
    const karmada = await karmadaStandIn(tls);
    try {
      const client = new KarmadaClient({
        url: karmada.url,
        token: 't',
        caData: Buffer.from(tls.cert).toString('base64'),
      });
      for (let i = 0; i < 3; i++) {
        expect((await client.listClusters()).resourceVersion).toBe('7');
        expect(await callChat(client)).toBe(200);
      }
      // API calls and member-service calls share one kept-alive connection.
      expect(karmada.connections()).toBe(1);

      // Another CA is refused: the kept-alive agent still verifies the server.
      const other = selfSigned();
      const stranger = new KarmadaClient({
        url: karmada.url,
        token: 't',
        caData: Buffer.from(other.cert).toString('base64'),
        attempts: 1,
      });
      await expect(stranger.listClusters()).rejects.toThrow();
      await expect(callChat(stranger)).rejects.toThrow(
        /self-signed|certificate/,
      );
    } finally {
      await karmada.close();
    }
  });
});
