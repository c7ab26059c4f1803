import type { KubeObject } from '../types';
import {
  countKeys,
  formatQuotaValue,
  podQuotaUsage,
  quotaConstraintError,
  quotaCoversPod,
  quotaExceeded,
  quotaStatus,
  quotaUsage,
} from './quota';

function quota(
  hard: Record<string, string>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'team-quota', namespace: 'team-a' },
    spec: { hard, ...extra },
  };
}

function pod(
  requests: Record<string, string>,
  extra: { limits?: Record<string, string>; spec?: any; phase?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'team-a' },
    spec: {
      containers: [
        {
          name: 'server',
          resources: {
            requests,
            ...(extra.limits ? { limits: extra.limits } : {}),
          },
        },
      ],
      ...extra.spec,
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}

describe('formatQuotaValue', () => {
  it.each([
    ['requests.cpu', 1.5, '1500m'],
    ['cpu', 2, '2'],
    ['requests.memory', 8 * 2 ** 30, '8Gi'],
    ['limits.memory', 1536 * 2 ** 20, '1536Mi'],
    ['requests.nvidia.com/gpu', 3, '3'],
    ['pods', 0, '0'],
    ['requests.cpu', 0.1 + 0.2, '300m'],
  ])('%s %p → %s', (key, value, expected) => {
    expect(formatQuotaValue(key, value)).toBe(expected);
  });
});

describe('podQuotaUsage', () => {
  it('counts requests (limits standing in), limits and the pod itself', () => {
    const p = pod(
      { cpu: '1500m', memory: '8Gi' },
      { limits: { memory: '8Gi', 'nvidia.com/gpu': '2' } },
    );
    expect(podQuotaUsage(p.spec)).toEqual({
      pods: 1,
      'count/pods': 1,
      cpu: 1.5,
      'requests.cpu': 1.5,
      memory: 8 * 2 ** 30,
      'requests.memory': 8 * 2 ** 30,
      'requests.nvidia.com/gpu': 2,
      'limits.memory': 8 * 2 ** 30,
    });
  });

  it('takes the largest init container when it exceeds the containers', () => {
    const spec = {
      containers: [
        { name: 'a', resources: { requests: { cpu: '1' } } },
        { name: 'b', resources: { requests: { cpu: '1' } } },
      ],
      initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }],
    };
    expect(podQuotaUsage(spec)['requests.cpu']).toBe(3);
  });
});

describe('quotaCoversPod', () => {
  const inference = pod(
    { cpu: '1' },
    { spec: { priorityClassName: 'inference-critical' } },
  );
  const bestEffort: KubeObject = {
    ...pod({}),
    spec: { containers: [{ name: 'c' }] },
  };
  it.each<[string, Record<string, unknown>, KubeObject, boolean]>([
    ['no scopes', {}, inference, true],
    [
      'PriorityClass In, matching',
      {
        scopeSelector: {
          matchExpressions: [
            {
              scopeName: 'PriorityClass',
              operator: 'In',
              values: ['inference-critical'],
            },
          ],
        },
      },
      inference,
      true,
    ],
    [
      'PriorityClass In, other class',
      {
        scopeSelector: {
          matchExpressions: [
            {
              scopeName: 'PriorityClass',
              operator: 'In',
              values: ['training'],
            },
          ],
        },
      },
      inference,
      false,
    ],
    [
      'PriorityClass DoesNotExist',
      {
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'DoesNotExist' },
          ],
        },
      },
      inference,
      false,
    ],
    [
      'BestEffort, for a best-effort pod',
      { scopes: ['BestEffort'] },
      bestEffort,
      true,
    ],
    [
      'NotBestEffort, for a best-effort pod',
      { scopes: ['NotBestEffort'] },
      bestEffort,
      false,
    ],
    ['NotTerminating', { scopes: ['NotTerminating'] }, inference, true],
    ['Terminating', { scopes: ['Terminating'] }, inference, false],
  ])('%s', (_name, scopes, p, expected) => {
    expect(quotaCoversPod(quota({ pods: '1' }, scopes), p)).toBe(expected);
  });
});

describe('quotaConstraintError', () => {
  it.each<[string, Record<string, string>, KubeObject, string | undefined]>([
    [
      'no cpu/memory keys',
      { 'requests.nvidia.com/gpu': '4' },
      pod({}),
      undefined,
    ],
    ['requests stated', { 'requests.cpu': '4' }, pod({ cpu: '1' }), undefined],
    [
      'a limit standing in for the request',
      { cpu: '4' },
      pod({}, { limits: { cpu: '1' } }),
      undefined,
    ],
    [
      'requests missing',
      { 'requests.cpu': '4', 'limits.memory': '8Gi' },
      pod({}),
      'must specify limits.memory for: server; requests.cpu for: server',
    ],
  ])('%s', (_name, hard, p, expected) => {
    expect(quotaConstraintError(quota(hard), p.spec)).toBe(expected);
  });
});

describe('quotaExceeded', () => {
  const q = quota({
    'requests.nvidia.com/gpu': '4',
    'requests.cpu': '8',
    pods: '10',
  });
  it.each<
    [string, Record<string, number>, Record<string, number>, string | undefined]
  >([
    [
      'within the quota',
      { 'requests.nvidia.com/gpu': 2, pods: 1 },
      { 'requests.nvidia.com/gpu': 2, pods: 1 },
      undefined,
    ],
    [
      'one key over, in kube’s words',
      { 'requests.nvidia.com/gpu': 3, pods: 1, 'requests.cpu': 1 },
      { 'requests.nvidia.com/gpu': 2, pods: 1, 'requests.cpu': 1 },
      'exceeded quota: team-quota, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4',
    ],
    [
      'two keys over, sorted',
      { 'requests.nvidia.com/gpu': 4, 'requests.cpu': 7.5 },
      { 'requests.nvidia.com/gpu': 1, 'requests.cpu': 1 },
      'exceeded quota: team-quota, requested: requests.cpu=1,requests.nvidia.com/gpu=1, used: requests.cpu=7500m,requests.nvidia.com/gpu=4, limited: requests.cpu=8,requests.nvidia.com/gpu=4',
    ],
    [
      'keys the quota does not limit',
      { 'requests.memory': 1e12 },
      { 'requests.memory': 1e12 },
      undefined,
    ],
  ])('%s', (_name, used, requested, expected) => {
    expect(quotaExceeded(q, used, requested)).toBe(expected);
  });
});

describe('quotaUsage and quotaStatus', () => {
  it('sums the live pods, skips finished ones and reports only keys of spec.hard', () => {
    const q = quota({
      pods: '10',
      'requests.cpu': '8',
      memory: '64Gi',
      'limits.memory': '64Gi',
      'requests.nvidia.com/gpu': '4',
      'count/deployments.apps': '3',
      'requests.storage': '1Ti',
    });
    const pods = [
      pod(
        { cpu: '1', memory: '4Gi', 'nvidia.com/gpu': '1' },
        { limits: { memory: '4Gi', 'nvidia.com/gpu': '1' } },
      ),
      pod({ cpu: '500m', memory: '4Gi' }),
      pod({ cpu: '4', memory: '16Gi' }, { phase: 'Succeeded' }),
      pod({ cpu: '4', memory: '16Gi' }, { phase: 'Failed' }),
    ];
    const used = quotaUsage(q, pods, r =>
      r === 'deployments.apps' ? 2 : undefined,
    );
    expect(quotaStatus(q, used)).toEqual({
      hard: q.spec.hard,
      used: {
        pods: '2',
        'requests.cpu': '1500m',
        memory: '8Gi',
        'limits.memory': '4Gi',
        'requests.nvidia.com/gpu': '1',
        'count/deployments.apps': '2',
      },
    });
  });

  it('names the count keys of a resource', () => {
    expect(countKeys('deployments.apps')).toEqual(['count/deployments.apps']);
    expect(countKeys('services')).toEqual(['count/services', 'services']);
  });
});
