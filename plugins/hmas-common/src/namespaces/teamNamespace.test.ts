import {
  ClusterQuotaUse,
  defaultPriorityClass,
  podQuotaUse,
  priorityClassObjects,
  quotaShortfall,
  quotaUseText,
  teamQuotaText,
  teamNamespaceObjects,
  teamNamespaceSpecSchema,
  teamNamespaceUpdateSchema,
  teamQuotaHard,
} from './teamNamespace';

const GIB = 2 ** 30;

describe('teamNamespaceSpecSchema', () => {
  const valid = {
    name: 'ml-research',
    team: 'group:default/ml-research',
    quota: { gpu: 4, cpu: '32', memory: '128Gi', pods: 20 },
  };

  it('accepts a team namespace and allows every preset class by default', () => {
    expect(teamNamespaceSpecSchema.parse(valid)).toEqual({
      ...valid,
      priorityClasses: ['inference-critical', 'training', 'experiment'],
    });
  });

  it.each([
    [{ name: 'default' }, 'name', 'reserved'],
    [{ name: 'kube-system' }, 'name', 'reserved'],
    [{ name: 'Bad_Name' }, 'name', 'Namespace'],
    [{ team: 'user:default/ada' }, 'team', 'group entity ref'],
    [{ quota: {} }, 'quota', 'at least one'],
    [{ quota: { cpu: '0' } }, 'quota', 'positive quantity'],
    [{ quota: { memory: 'lots' } }, 'quota', 'positive quantity'],
    [{ quota: { gpu: -1 } }, 'quota', 'greater than or equal to 0'],
    [{ quota: { pods: 0 } }, 'quota', 'greater than or equal to 1'],
    [{ quota: { gpus: 2 } }, 'quota', 'Unrecognized key'],
    [{ priorityClasses: [] }, 'priorityClasses', 'at least one'],
    [{ priorityClasses: ['urgent'] }, 'priorityClasses', 'Invalid enum'],
    [
      { priorityClasses: ['training', 'training'] },
      'priorityClasses',
      'listed twice',
    ],
    [{ owner: 'x' }, '', 'Unrecognized key'],
  ])('refuses %j (%s: %s)', (change, path, message) => {
    const result = teamNamespaceSpecSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0];
    expect(issue.path.join('.')).toContain(path);
    expect(issue.message.toLowerCase()).toContain(message.toLowerCase());
  });

  it('refuses an empty change', () => {
    expect(teamNamespaceUpdateSchema.safeParse({}).success).toBe(false);
    expect(
      teamNamespaceUpdateSchema.safeParse({ quota: { gpu: 8 } }).success,
    ).toBe(true);
  });
});

describe('team namespace objects', () => {
  it('maps the quota onto ResourceQuota keys, only those set', () => {
    expect(teamQuotaHard({ gpu: 4, memory: '64Gi' })).toEqual({
      'requests.nvidia.com/gpu': '4',
      'requests.memory': '64Gi',
    });
  });

  it('writes the Namespace, the quota and its policy, labelled with the team', () => {
    const [ns, quota, policy] = teamNamespaceObjects({
      name: 'ml-research',
      team: 'group:default/ml-research',
      quota: { pods: 10 },
    });
    expect(ns).toMatchObject({
      kind: 'Namespace',
      metadata: {
        name: 'ml-research',
        labels: { 'h-mas.io/team-namespace': 'ml-research' },
      },
    });
    expect(quota).toMatchObject({
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: 'ml-research' },
      spec: { hard: { pods: '10' } },
    });
    expect(policy).toMatchObject({
      kind: 'PropagationPolicy',
      metadata: { namespace: 'ml-research' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'v1', kind: 'ResourceQuota', name: 'team-quota' },
        ],
      },
    });
  });

  it('orders the priority presets inference > training > experiment and takes over member copies', () => {
    const objects = priorityClassObjects();
    const classes = objects.filter(o => o.kind === 'PriorityClass') as any[];
    expect(classes.map(c => [c.metadata.name, c.value])).toEqual([
      ['inference-critical', 1_000_000],
      ['training', 100_000],
      ['experiment', 10_000],
    ]);
    const policy = objects.find(o => o.kind === 'ClusterPropagationPolicy')!;
    expect(policy.spec).toMatchObject({ conflictResolution: 'Overwrite' });
  });

  it.each([
    [['inference-critical', 'experiment'], 'inference-critical'],
    [['experiment', 'training'], 'training'],
    [['experiment'], 'experiment'],
  ])(
    'defaults a deployment in a namespace allowing %j to %s',
    (allowed, cls) => {
      expect(defaultPriorityClass(allowed)).toBe(cls);
    },
  );
});

describe('quotaShortfall', () => {
  const perPod = podQuotaUse({ cpu: '4', memory: '16Gi', gpu: 1 });
  const use = (
    cluster: string,
    hard: Record<string, string>,
    used: Record<string, string> = {},
  ): ClusterQuotaUse => ({ cluster, hard, used });

  it('counts a pod as its requests and one pod', () => {
    expect(perPod).toEqual({
      'requests.cpu': 4,
      'requests.memory': 16 * GIB,
      'requests.nvidia.com/gpu': 1,
      pods: 1,
    });
  });

  it.each<
    [string, number, 'Divided' | 'Duplicated', ClusterQuotaUse[], boolean]
  >([
    [
      'divided replicas fit two clusters together',
      3,
      'Divided',
      [
        use(
          'a',
          { 'requests.nvidia.com/gpu': '4' },
          { 'requests.nvidia.com/gpu': '2' },
        ),
        use('b', { 'requests.nvidia.com/gpu': '1' }),
      ],
      true,
    ],
    [
      'one more divided replica does not',
      4,
      'Divided',
      [
        use(
          'a',
          { 'requests.nvidia.com/gpu': '4' },
          { 'requests.nvidia.com/gpu': '2' },
        ),
        use('b', { 'requests.nvidia.com/gpu': '1' }),
      ],
      false,
    ],
    [
      'duplicated replicas need room on each cluster',
      2,
      'Duplicated',
      [
        use('a', { 'requests.nvidia.com/gpu': '4' }),
        use('b', { 'requests.nvidia.com/gpu': '1' }),
      ],
      false,
    ],
    [
      'the tightest key decides (memory)',
      2,
      'Divided',
      [use('a', { 'requests.memory': '24Gi', 'requests.cpu': '100' })],
      false,
    ],
    [
      'pods count too',
      2,
      'Divided',
      [use('a', { pods: '5' }, { pods: '4' })],
      false,
    ],
    [
      'a cluster that reports no quota does not limit',
      10,
      'Divided',
      [use('a', {})],
      true,
    ],
    [
      'a cluster whose quota cannot be read has no room; the others may',
      2,
      'Divided',
      [
        { cluster: 'down', hard: {}, used: {}, error: '503' },
        use('a', { pods: '2' }),
      ],
      true,
    ],
    [
      'a cluster whose quota cannot be read has no room for Duplicated replicas',
      1,
      'Duplicated',
      [
        { cluster: 'down', hard: {}, used: {}, error: '503' },
        use('a', { pods: '2' }),
      ],
      false,
    ],
    [
      'over-used quota leaves no headroom rather than negative',
      1,
      'Divided',
      [use('a', { 'requests.cpu': '8' }, { 'requests.cpu': '9' })],
      false,
    ],
  ])('%s', (_name, replicas, scheduling, usage, fits) => {
    const message = quotaShortfall({
      namespace: 'ml-research',
      replicas,
      perPod,
      scheduling,
      usage,
    });
    expect(message === undefined).toBe(fits);
  });

  it('names the quota, what is asked and the headroom on each cluster', () => {
    expect(
      quotaShortfall({
        namespace: 'ml-research',
        replicas: 3,
        perPod,
        scheduling: 'Divided',
        usage: [
          use(
            'gpu-a',
            { 'requests.nvidia.com/gpu': '4', 'requests.memory': '128Gi' },
            { 'requests.nvidia.com/gpu': '3', 'requests.memory': '48Gi' },
          ),
          use('gpu-b', { 'requests.nvidia.com/gpu': '1' }),
        ],
      }),
    ).toBe(
      'exceeds quota team-quota of team namespace ml-research: 3 replica(s) request requests.memory=48Gi, requests.nvidia.com/gpu=3; headroom left: gpu-a: requests.nvidia.com/gpu=1, requests.memory=80Gi; gpu-b: requests.nvidia.com/gpu=1',
    );
  });

  it('describes a quota for people, only the fields set', () => {
    expect(
      teamQuotaText({ gpu: 4, cpu: '64', memory: '512Gi', pods: 50 }),
    ).toBe('GPU 4 · CPU 64 · memory 512Gi · pods 50');
    expect(teamQuotaText({ pods: 3 })).toBe('pods 3');
  });

  it('describes use for people', () => {
    expect(
      quotaUseText({
        hard: {
          'requests.nvidia.com/gpu': '4',
          'requests.memory': '128Gi',
          pods: '20',
        },
        used: { 'requests.nvidia.com/gpu': '1', 'requests.memory': '16Gi' },
      }),
    ).toBe('GPU 1/4 · memory 16Gi/128Gi · pods 0/20');
  });
});
