import { KubeObject } from '../types';
import {
  aggregatedStatusItem,
  fullyAppliedCondition,
  scheduledCondition,
  setCondition,
  workloadHealth,
  WorkloadHealth,
} from './status';

const now = new Date('2025-06-01T12:00:00.123Z');

describe('scheduledCondition', () => {
  it.each<
    [string, { ok: boolean; reason: string; message: string }, string, string]
  >([
    [
      'success',
      {
        ok: true,
        reason: 'Success',
        message: 'Binding has been scheduled successfully.',
      },
      'True',
      'Success',
    ],
    [
      'no cluster fit',
      {
        ok: false,
        reason: 'NoClusterFit',
        message: '0/3 clusters are available',
      },
      'False',
      'NoClusterFit',
    ],
    [
      'unschedulable',
      { ok: false, reason: 'Unschedulable', message: 'not enough GPUs' },
      'False',
      'Unschedulable',
    ],
  ])('%s', (_name, result, status, reason) => {
    expect(scheduledCondition(result, now, 3)).toEqual({
      type: 'Scheduled',
      status,
      reason,
      message: result.message,
      lastTransitionTime: '2025-06-01T12:00:00Z',
      observedGeneration: 3,
    });
  });
});

describe('fullyAppliedCondition', () => {
  const applied = (clusterName: string, ok: boolean) =>
    aggregatedStatusItem({ clusterName, applied: ok, health: 'Unknown' });
  it.each<[string, string[], ReturnType<typeof applied>[], string, string]>([
    [
      'all applied',
      ['a', 'b'],
      [applied('a', true), applied('b', true)],
      'True',
      'FullyAppliedSuccess',
    ],
    [
      'one failed',
      ['a', 'b'],
      [applied('a', true), applied('b', false)],
      'False',
      'FullyAppliedFailed',
    ],
    [
      'one not reported',
      ['a', 'b'],
      [applied('a', true)],
      'False',
      'FullyAppliedFailed',
    ],
    ['nothing scheduled', [], [], 'False', 'FullyAppliedFailed'],
  ])('%s', (_name, clusters, items, status, reason) => {
    expect(fullyAppliedCondition(clusters, items, now)).toMatchObject({
      type: 'FullyApplied',
      status,
      reason,
    });
  });
});

describe('setCondition', () => {
  const old = scheduledCondition(
    { ok: true, reason: 'Success', message: 'ok' },
    new Date('2025-01-01T00:00:00Z'),
  );
  it('keeps lastTransitionTime while the status holds', () => {
    const next = setCondition(
      [old],
      scheduledCondition(
        { ok: true, reason: 'Success', message: 'again' },
        now,
      ),
    );
    expect(next).toEqual([{ ...old, message: 'again' }]);
  });
  it('moves lastTransitionTime when the status flips', () => {
    const next = setCondition(
      [old],
      scheduledCondition(
        { ok: false, reason: 'NoClusterFit', message: 'x' },
        now,
      ),
    );
    expect(next[0].lastTransitionTime).toBe('2025-06-01T12:00:00Z');
  });
  it('appends a new type', () => {
    expect(
      setCondition([old], fullyAppliedCondition([], [], now)).map(c => c.type),
    ).toEqual(['Scheduled', 'FullyApplied']);
  });
});

describe('aggregatedStatusItem', () => {
  it('leaves optional fields out', () => {
    expect(
      aggregatedStatusItem({
        clusterName: 'a',
        applied: true,
        health: 'Healthy',
      }),
    ).toEqual({ clusterName: 'a', applied: true, health: 'Healthy' });
    expect(
      aggregatedStatusItem({
        clusterName: 'a',
        applied: false,
        appliedMessage: 'boom',
        health: 'Unknown',
        status: { replicas: 1 },
      }),
    ).toEqual({
      clusterName: 'a',
      applied: false,
      appliedMessage: 'boom',
      health: 'Unknown',
      status: { replicas: 1 },
    });
  });
});

describe('workloadHealth', () => {
  const deploy = (status: any, generation = 2, replicas = 2): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'llama', generation },
    spec: { replicas },
    ...(status ? { status } : {}),
  });
  const good = {
    observedGeneration: 2,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
  };
  it.each<[string, KubeObject | undefined, WorkloadHealth]>([
    ['missing', undefined, 'Unknown'],
    ['no status yet', deploy(undefined), 'Unknown'],
    ['all replicas ready and available', deploy(good), 'Healthy'],
    [
      'old generation observed',
      deploy({ ...good, observedGeneration: 1 }),
      'Unhealthy',
    ],
    ['not all ready', deploy({ ...good, readyReplicas: 1 }), 'Unhealthy'],
    [
      'ready but not available',
      deploy({ ...good, availableReplicas: 1 }),
      'Unhealthy',
    ],
    [
      'rollout still replacing old pods',
      deploy({ ...good, replicas: 3 }),
      'Unhealthy',
    ],
    ['scaled to zero', deploy({ observedGeneration: 2 }, 2, 0), 'Healthy'],
    [
      'a Service',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
      'Healthy',
    ],
    [
      'a running ready Pod',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
      'Healthy',
    ],
    [
      'a pending Pod',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: { phase: 'Pending' },
      },
      'Unhealthy',
    ],
  ])('%s', (_name, obj, expected) => {
    expect(workloadHealth(obj)).toBe(expected);
  });
});
