import { KubeObject } from '../types';
import {
  applicationFailoverSettings,
  clusterFailedSince,
  evictionDecision,
  reconcileReadinessTaints,
  shouldEvict,
  taintsForClusterReadiness,
} from './failover';
import {
  cluster,
  failoverPropagationPolicy,
  propagationPolicy,
} from './__fixtures__/objects';

const failedAt = '2025-06-01T00:00:00Z';
const after = (seconds: number) =>
  new Date(Date.parse(failedAt) + seconds * 1000);

function withReady(
  status: 'True' | 'False' | 'Unknown' | undefined,
  taints?: any[],
): KubeObject {
  const c = cluster('member', { ready: status ?? 'True', taints });
  if (status === undefined) c.status.conditions = [];
  return c;
}

describe('clusterFailedSince', () => {
  it.each<
    [string, 'True' | 'False' | 'Unknown' | undefined, string | undefined]
  >([
    ['ready', 'True', undefined],
    ['not ready', 'False', failedAt],
    ['unknown', 'Unknown', failedAt],
    ['never observed', undefined, undefined],
  ])('%s', (_name, status, expected) => {
    expect(
      clusterFailedSince(withReady(status))?.toISOString().replace('.000', ''),
    ).toBe(expected);
  });
});

describe('taintsForClusterReadiness', () => {
  it.each<
    [string, 'True' | 'False' | 'Unknown' | undefined, boolean, string[]]
  >([
    ['ready', 'True', true, []],
    [
      'Ready=False',
      'False',
      false,
      ['cluster.karmada.io/not-ready:NoSchedule'],
    ],
    [
      'Ready=Unknown',
      'Unknown',
      false,
      ['cluster.karmada.io/unreachable:NoSchedule'],
    ],
    [
      'Ready=False with failover',
      'False',
      true,
      [
        'cluster.karmada.io/not-ready:NoSchedule',
        'cluster.karmada.io/not-ready:NoExecute',
      ],
    ],
    [
      'Ready=Unknown with failover',
      'Unknown',
      true,
      [
        'cluster.karmada.io/unreachable:NoSchedule',
        'cluster.karmada.io/unreachable:NoExecute',
      ],
    ],
    [
      'new cluster, no condition yet',
      undefined,
      false,
      ['cluster.karmada.io/not-ready:NoSchedule'],
    ],
  ])('%s', (_name, status, failover, expected) => {
    expect(
      taintsForClusterReadiness(withReady(status), { failover }).map(
        t => `${t.key}:${t.effect}`,
      ),
    ).toEqual(expected);
  });

  it('stamps timeAdded with the failure time unless told otherwise', () => {
    expect(taintsForClusterReadiness(withReady('False'))[0].timeAdded).toBe(
      failedAt,
    );
    expect(
      taintsForClusterReadiness(withReady('False'), { now: after(5) })[0]
        .timeAdded,
    ).toBe('2025-06-01T00:00:05Z');
  });
});

describe('reconcileReadinessTaints', () => {
  it.each<[string, KubeObject, string[]]>([
    [
      'adds the not-ready taint and keeps others',
      withReady('False', [{ key: 'gpu', effect: 'NoSchedule' }]),
      ['gpu:NoSchedule', 'cluster.karmada.io/not-ready:NoSchedule'],
    ],
    [
      'removes stale readiness taints when ready',
      withReady('True', [
        { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' },
        { key: 'gpu', effect: 'NoSchedule' },
      ]),
      ['gpu:NoSchedule'],
    ],
    [
      'swaps not-ready for unreachable',
      withReady('Unknown', [
        { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' },
      ]),
      ['cluster.karmada.io/unreachable:NoSchedule'],
    ],
  ])('%s', (_name, c, expected) => {
    const before = structuredClone(c);
    expect(
      reconcileReadinessTaints(c).map(t => `${t.key}:${t.effect}`),
    ).toEqual(expected);
    expect(c).toEqual(before);
  });

  it('keeps the timeAdded of a taint that stays', () => {
    const c = withReady('False', [
      {
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoSchedule',
        timeAdded: '2024-01-01T00:00:00Z',
      },
    ]);
    expect(reconcileReadinessTaints(c, { now: after(60) })).toEqual([
      {
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoSchedule',
        timeAdded: '2024-01-01T00:00:00Z',
      },
    ]);
  });
});

describe('applicationFailoverSettings', () => {
  it('fills in defaults', () => {
    const policy = propagationPolicy({
      propagateDeps: true,
      failover: { application: { decisionConditions: {} } },
    });
    expect(applicationFailoverSettings(policy)).toEqual({
      tolerationSeconds: 300,
      purgeMode: 'Gracefully',
      gracePeriodSeconds: 600,
    });
    expect(applicationFailoverSettings(propagationPolicy())).toBeUndefined();
  });
});

describe('shouldEvict', () => {
  const failover = failoverPropagationPolicy(); // tolerationSeconds 120
  const defaults = propagationPolicy({
    propagateDeps: true,
    failover: { application: { decisionConditions: {} } },
  });
  const tolerating = propagationPolicy({
    placement: {
      clusterTolerations: [
        {
          key: 'cluster.karmada.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ],
    },
  });
  const noExecute = [
    {
      key: 'cluster.karmada.io/not-ready',
      effect: 'NoExecute',
      timeAdded: failedAt,
    },
  ];

  it.each<[string, KubeObject, KubeObject, number, boolean]>([
    ['ready cluster', withReady('True'), failover, 1000, false],
    [
      'failed for less than tolerationSeconds',
      withReady('False'),
      failover,
      119,
      false,
    ],
    ['failed for tolerationSeconds', withReady('False'), failover, 120, true],
    [
      'default tolerationSeconds of 300, before',
      withReady('Unknown'),
      defaults,
      299,
      false,
    ],
    [
      'default tolerationSeconds of 300, after',
      withReady('Unknown'),
      defaults,
      300,
      true,
    ],
    [
      'no application failover and no NoExecute taint',
      withReady('False'),
      propagationPolicy(),
      10_000,
      false,
    ],
    [
      'untolerated NoExecute taint',
      withReady('False', noExecute),
      propagationPolicy(),
      0,
      true,
    ],
    [
      'NoExecute tolerated for 60s, before',
      withReady('False', noExecute),
      tolerating,
      59,
      false,
    ],
    [
      'NoExecute tolerated for 60s, after',
      withReady('False', noExecute),
      tolerating,
      60,
      true,
    ],
  ])('%s', (_name, c, policy, seconds, expected) => {
    expect(shouldEvict({ cluster: c, policy, now: after(seconds) })).toBe(
      expected,
    );
  });

  it('uses unhealthySince for an unhealthy application on a ready cluster', () => {
    const decision = evictionDecision({
      cluster: withReady('True'),
      policy: failover,
      now: after(200),
      unhealthySince: after(0),
    });
    expect(decision).toMatchObject({
      evict: true,
      reason: 'ApplicationFailure',
    });
  });
});
