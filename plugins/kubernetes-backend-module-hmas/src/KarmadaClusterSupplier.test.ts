import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  KarmadaClusterSupplier,
  memberClusterDetails,
} from './KarmadaClusterSupplier';

const credentials = mockCredentials.user();

describe('memberClusterDetails', () => {
  it.each([
    [
      'a token-authenticated Karmada over TLS',
      { url: 'https://karmada.example.com:5443/', token: 's3cret' },
      'gpu-hp-seoul',
      {
        name: 'gpu-hp-seoul',
        title: 'gpu-hp-seoul',
        url: 'https://karmada.example.com:5443/apis/cluster.karmada.io/v1alpha1/clusters/gpu-hp-seoul/proxy',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 's3cret',
        },
        skipTLSVerify: false,
        skipMetricsLookup: true,
      },
    ],
    [
      'a private CA and skipTLSVerify as the connection says',
      {
        url: 'https://karmada:5443',
        token: 't',
        caData: 'LS0tLS1CRUdJTg==',
        skipTLSVerify: true,
      },
      'cpu-oregon',
      {
        name: 'cpu-oregon',
        title: 'cpu-oregon',
        url: 'https://karmada:5443/apis/cluster.karmada.io/v1alpha1/clusters/cpu-oregon/proxy',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 't',
        },
        skipTLSVerify: true,
        skipMetricsLookup: true,
        caData: 'LS0tLS1CRUdJTg==',
      },
    ],
    [
      'a connection without a token (anonymous, never the pod service account) over http',
      { url: 'http://127.0.0.1:7443', skipTLSVerify: true },
      'edge-joined',
      {
        name: 'edge-joined',
        title: 'edge-joined',
        url: 'http://127.0.0.1:7443/apis/cluster.karmada.io/v1alpha1/clusters/edge-joined/proxy',
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
        skipTLSVerify: false,
        skipMetricsLookup: true,
      },
    ],
  ])('maps a cluster of %s', (_name, connection, cluster, expected) => {
    expect(memberClusterDetails(connection, cluster)).toEqual(expected);
  });
});

describe('KarmadaClusterSupplier', () => {
  const connection = { url: 'https://karmada:5443', token: 't' };

  function supplier(listClusterNames: () => Promise<string[]>) {
    let now = 1_000_000;
    const logger = mockServices.logger.mock();
    const s = new KarmadaClusterSupplier({
      connection,
      listClusterNames,
      logger,
      cacheTtlMs: 30_000,
      now: () => now,
    });
    return {
      s,
      logger,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('returns one ClusterDetails per Karmada cluster, sorted by name', async () => {
    const { s } = supplier(async () => ['gpu-hp-seoul', 'cpu-oregon']);
    const clusters = await s.getClusters({ credentials });
    expect(clusters.map(c => [c.name, c.url])).toEqual([
      [
        'cpu-oregon',
        'https://karmada:5443/apis/cluster.karmada.io/v1alpha1/clusters/cpu-oregon/proxy',
      ],
      [
        'gpu-hp-seoul',
        'https://karmada:5443/apis/cluster.karmada.io/v1alpha1/clusters/gpu-hp-seoul/proxy',
      ],
    ]);
  });

  it('reuses the list for the cache lifetime and then reads Karmada again', async () => {
    const names = [['a'], ['a', 'b']];
    const list = jest.fn(async () => names.shift()!);
    const { s, advance } = supplier(list);
    expect((await s.getClusters({ credentials })).map(c => c.name)).toEqual([
      'a',
    ]);
    advance(29_999);
    expect((await s.getClusters({ credentials })).map(c => c.name)).toEqual([
      'a',
    ]);
    expect(list).toHaveBeenCalledTimes(1);
    advance(1);
    expect((await s.getClusters({ credentials })).map(c => c.name)).toEqual([
      'a',
      'b',
    ]);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('shares one Karmada read between concurrent callers', async () => {
    let release: (names: string[]) => void = () => {};
    const list = jest.fn(
      () =>
        new Promise<string[]>(resolve => {
          release = resolve;
        }),
    );
    const { s } = supplier(list);
    const both = Promise.all([
      s.getClusters({ credentials }),
      s.getClusters({ credentials }),
    ]);
    release(['a']);
    const [one, two] = await both;
    expect(one).toBe(two);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('keeps the last list when Karmada fails, and fails when it has none', async () => {
    const list = jest
      .fn<Promise<string[]>, []>()
      .mockRejectedValueOnce(new Error('connection refused'))
      .mockResolvedValueOnce(['a'])
      .mockRejectedValueOnce(new Error('503 ServiceUnavailable'));
    const { s, advance, logger } = supplier(list);
    await expect(s.getClusters({ credentials })).rejects.toThrow(
      'connection refused',
    );
    expect((await s.getClusters({ credentials })).map(c => c.name)).toEqual([
      'a',
    ]);
    advance(60_000);
    expect((await s.getClusters({ credentials })).map(c => c.name)).toEqual([
      'a',
    ]);
    expect(list).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('503 ServiceUnavailable'),
    );
  });
});
