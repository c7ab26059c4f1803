import {
  enforcedLevel,
  podSecurityError,
  podSecurityViolations,
  type PodSecurityLevel,
} from './podSecurity';

const RESTRICTED_CONTAINER = {
  name: 'app',
  image: 'app:1',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

function spec(
  container: Record<string, unknown> = {},
  pod: Record<string, unknown> = {},
) {
  return {
    containers: [
      {
        ...RESTRICTED_CONTAINER,
        ...container,
        securityContext: {
          ...RESTRICTED_CONTAINER.securityContext,
          ...((container.securityContext as object) ?? {}),
        },
      },
    ],
    ...pod,
  };
}

describe('Pod Security Standards checks', () => {
  const cases: Array<{
    name: string;
    level: PodSecurityLevel;
    spec: any;
    expected: Array<{ reason: string; detail: string }>;
  }> = [
    {
      name: 'a restricted pod',
      level: 'restricted',
      spec: spec(),
      expected: [],
    },
    {
      name: 'privileged',
      level: 'baseline',
      spec: spec({ securityContext: { privileged: true } }),
      expected: [
        {
          reason: 'privileged',
          detail:
            'container "app" must not set securityContext.privileged=true',
        },
      ],
    },
    {
      name: 'host namespaces',
      level: 'baseline',
      spec: spec({}, { hostNetwork: true, hostPID: true, hostIPC: true }),
      expected: [
        {
          reason: 'host namespaces',
          detail: 'hostNetwork=true, hostPID=true, hostIPC=true',
        },
      ],
    },
    {
      name: 'host ports',
      level: 'baseline',
      spec: spec({
        ports: [{ containerPort: 80, hostPort: 8080 }, { hostPort: 443 }],
      }),
      expected: [
        {
          reason: 'hostPort',
          detail: 'container "app" uses hostPorts 443, 8080',
        },
      ],
    },
    {
      name: 'hostPath volumes (baseline)',
      level: 'baseline',
      spec: spec(
        {},
        { volumes: [{ name: 'models', hostPath: { path: '/m' } }] },
      ),
      expected: [{ reason: 'hostPath volumes', detail: 'volume "models"' }],
    },
    {
      name: 'hostPath volumes (restricted: a restricted type)',
      level: 'restricted',
      spec: spec(
        {},
        {
          volumes: [
            { name: 'models', hostPath: { path: '/m' } },
            { name: 'cache', persistentVolumeClaim: { claimName: 'c' } },
          ],
        },
      ),
      expected: [
        {
          reason: 'restricted volume types',
          detail: 'volume "models" uses restricted volume type "hostPath"',
        },
      ],
    },
    {
      name: 'non-default capabilities (baseline)',
      level: 'baseline',
      spec: spec({
        securityContext: { capabilities: { add: ['SYS_ADMIN', 'CHOWN'] } },
      }),
      expected: [
        {
          reason: 'non-default capabilities',
          detail:
            'container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add',
        },
      ],
    },
    {
      name: 'unrestricted capabilities (restricted)',
      level: 'restricted',
      spec: spec({
        securityContext: {
          capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] },
        },
      }),
      expected: [
        {
          reason: 'unrestricted capabilities',
          detail:
            'container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN" in securityContext.capabilities.add',
        },
      ],
    },
    {
      name: 'runAsUser=0 and runAsNonRoot=false',
      level: 'restricted',
      spec: spec(
        { securityContext: { runAsUser: 0, runAsNonRoot: false } },
        { securityContext: { runAsUser: 0 } },
      ),
      expected: [
        {
          reason: 'runAsNonRoot != true',
          detail:
            'container "app" must not set securityContext.runAsNonRoot=false',
        },
        {
          reason: 'runAsUser=0',
          detail: 'pod and container "app" must not set runAsUser=0',
        },
      ],
    },
    {
      name: 'a pod-level runAsNonRoot and seccompProfile cover the containers',
      level: 'restricted',
      spec: {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
        },
        containers: [
          {
            name: 'app',
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
      expected: [],
    },
    {
      name: 'an Unconfined seccomp profile',
      level: 'baseline',
      spec: spec({
        securityContext: { seccompProfile: { type: 'Unconfined' } },
      }),
      expected: [
        {
          reason: 'seccompProfile',
          detail:
            'container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
        },
      ],
    },
  ];

  it.each(cases)('$name', ({ level, spec: s, expected }) => {
    expect(podSecurityViolations(level, s)).toEqual(expected);
  });

  it('words the admission error of a plain pod as kube does', () => {
    const plain = {
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [{ name: 'server', image: 'vllm' }],
    };
    expect(
      podSecurityError(
        { 'pod-security.kubernetes.io/enforce': 'restricted' },
        plain,
      ),
    ).toBe(
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers "init", "server" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (containers "init", "server" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or containers "init", "server" must set securityContext.runAsNonRoot=true), seccompProfile (pod or containers "init", "server" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(
      podSecurityError(
        {
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': 'v1.31',
        },
        { ...plain, hostNetwork: true },
      ),
    ).toBe(
      'violates PodSecurity "baseline:v1.31": host namespaces (hostNetwork=true)',
    );
    expect(podSecurityError({}, { ...plain, hostNetwork: true })).toBe(
      undefined,
    );
  });

  it('enforces only baseline and restricted; warn and audit labels are ignored', () => {
    expect(
      enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'privileged' }),
    ).toBeUndefined();
    expect(
      enforcedLevel({ 'pod-security.kubernetes.io/warn': 'restricted' }),
    ).toBeUndefined();
    expect(
      enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'restricted' }),
    ).toEqual({ level: 'restricted', version: 'latest' });
  });
});
