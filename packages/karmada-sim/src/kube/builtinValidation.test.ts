import type { KubeObject } from '../types';
import { validateBuiltinObject } from './builtinValidation';

function deployment(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ml' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080 }],
              resources: {
                requests: { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': '1' },
                limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' },
              },
            },
          ],
        },
      },
      ...spec,
    },
  };
}

function withContainer(c: Record<string, unknown>): KubeObject {
  const d = deployment();
  d.spec.template.spec.containers = [
    { name: 'server', image: 'nginx:1.27', ...c },
  ];
  return d;
}

/** `field: message` of each cause. */
function messages(group: string, obj: KubeObject, old?: KubeObject) {
  return validateBuiltinObject(group, obj, old).map(c =>
    c.field ? `${c.field}: ${c.message}` : c.message,
  );
}

describe('Deployment', () => {
  it('accepts a valid deployment', () => {
    expect(messages('apps', deployment())).toEqual([]);
  });

  it.each<[string, KubeObject, string[]]>([
    [
      'negative replicas',
      deployment({ replicas: -1 }),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'a missing selector',
      deployment({ selector: undefined }),
      [
        'spec.selector: Required value',
        // A nil selector matches nothing, so a real server reports both.
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'an empty selector',
      deployment({ selector: {} }),
      [
        'spec.selector: Invalid value: &v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'a selector that does not match the template',
      deployment({ selector: { matchLabels: { app: 'other' } } }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'no containers',
      deployment({
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [] },
        },
      }),
      ['spec.template.spec.containers: Required value'],
    ],
    [
      'a non-Always restartPolicy',
      deployment({
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'a', image: 'b' }],
          },
        },
      }),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    ],
    [
      'a rollingUpdate on a Recreate strategy',
      deployment({ strategy: { type: 'Recreate', rollingUpdate: {} } }),
      [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    ],
    [
      'a progress deadline not above minReadySeconds',
      deployment({ minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      [
        'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
      ],
    ],
  ])('rejects %s', (_, obj, expected) => {
    expect(messages('apps', obj)).toEqual(expected);
  });

  it('reports an unparsable selector instead of checking the template', () => {
    expect(
      messages(
        'apps',
        deployment({
          selector: { matchExpressions: [{ key: 'app', operator: 'Is' }] },
          template: { spec: { containers: [] } },
        }),
      ),
    ).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
      'spec.selector: Invalid value: &v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Is", Values:[]string(nil)}}}: invalid label selector',
    ]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a bad name',
      { name: 'Server_1' },
      [
        "spec.template.spec.containers[0].name: Invalid value: \"Server_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'no name',
      { name: '' },
      ['spec.template.spec.containers[0].name: Required value'],
    ],
    [
      'no image',
      { image: '' },
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'a port out of range',
      { ports: [{ containerPort: 70000 }] },
      [
        'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'a port without containerPort',
      { ports: [{ name: 'http' }] },
      [
        'spec.template.spec.containers[0].ports[0].containerPort: Required value',
      ],
    ],
    [
      'a bad protocol',
      { ports: [{ containerPort: 80, protocol: 'HTTP' }] },
      [
        'spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      'duplicate port names',
      {
        ports: [
          { name: 'http', containerPort: 80 },
          { name: 'http', containerPort: 81 },
        ],
      },
      [
        'spec.template.spec.containers[0].ports[1].name: Duplicate value: "http"',
      ],
    ],
    [
      'a request above its limit',
      { resources: { requests: { cpu: '2' }, limits: { cpu: '1000m' } } },
      [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    [
      'a GPU request without a limit',
      { resources: { requests: { 'nvidia.com/gpu': '1' } } },
      [
        'spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
      ],
    ],
    [
      'a GPU request unequal to its limit',
      {
        resources: {
          requests: { 'nvidia.com/gpu': '1' },
          limits: { 'nvidia.com/gpu': '2' },
        },
      },
      [
        'spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
      ],
    ],
    [
      'a fractional GPU',
      {
        resources: {
          requests: { 'nvidia.com/gpu': '500m' },
          limits: { 'nvidia.com/gpu': '500m' },
        },
      },
      [
        'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
        'spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
      ],
    ],
    [
      'a negative memory request',
      { resources: { requests: { memory: '-1Gi' } } },
      [
        'spec.template.spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      ],
    ],
    [
      'an unknown resource',
      { resources: { requests: { gpu: '1' } } },
      [
        'spec.template.spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      ],
    ],
    [
      'a bad env name',
      { env: [{ name: 'MY VAR', value: 'x' }] },
      [
        "spec.template.spec.containers[0].env[0].name: Invalid value: \"MY VAR\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      ],
    ],
  ])('rejects a container with %s', (_, container, expected) => {
    expect(messages('apps', withContainer(container))).toEqual(expected);
  });

  it('rejects duplicate container names', () => {
    const d = deployment();
    d.spec.template.spec.containers = [
      { name: 'a', image: 'x' },
      { name: 'a', image: 'y' },
    ];
    expect(messages('apps', d)).toEqual([
      'spec.template.spec.containers[1].name: Duplicate value: "a"',
    ]);
  });

  const RU = 'spec.strategy.rollingUpdate';
  it.each<[string, Record<string, unknown>, string[]]>([
    ['the defaults (25% and 25%)', { strategy: { type: 'RollingUpdate' } }, []],
    [
      'maxSurge 0 with the default maxUnavailable',
      { strategy: { rollingUpdate: { maxSurge: 0 } } },
      [],
    ],
    [
      'both 0',
      { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      [
        `${RU}.maxUnavailable: Invalid value: 0: may not be 0 when \`maxSurge\` is 0`,
      ],
    ],
    [
      'both 0, as 0% and 0',
      { strategy: { rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } } },
      [
        `${RU}.maxUnavailable: Invalid value: 0: may not be 0 when \`maxSurge\` is 0`,
      ],
    ],
    [
      'a percent that does not parse',
      { strategy: { rollingUpdate: { maxSurge: '20Percent' } } },
      [
        `${RU}.maxSurge: Invalid value: 20Percent: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      ],
    ],
    [
      'a negative int',
      { strategy: { rollingUpdate: { maxUnavailable: -1 } } },
      [
        `${RU}.maxUnavailable: Invalid value: -1: must be greater than or equal to 0`,
      ],
    ],
    [
      'maxUnavailable over 100%',
      { strategy: { rollingUpdate: { maxUnavailable: '110%' } } },
      [
        `${RU}.maxUnavailable: Invalid value: 110%: must not be greater than 100%`,
      ],
    ],
    [
      'rollingUpdate with Recreate',
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    ],
    ['Recreate alone', { strategy: { type: 'Recreate' } }, []],
  ])('checks a rolling update: %s', (_, spec, expected) => {
    expect(messages('apps', deployment(spec))).toEqual(expected);
  });

  /** The deployment with its pod spec extended. */
  const withPodSpec = (podSpec: Record<string, unknown>) => {
    const d = deployment();
    Object.assign(d.spec.template.spec, podSpec);
    return d;
  };
  const POD = 'spec.template.spec';
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a valid pod spec beyond containers',
      {
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'cache', emptyDir: {} },
        ],
        initContainers: [
          {
            name: 'init',
            image: 'busybox',
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          {
            name: 'sidecar',
            image: 'envoy',
            restartPolicy: 'Always',
            readinessProbe: { tcpSocket: { port: 9901 } },
          },
        ],
        containers: [
          {
            name: 'server',
            image: 'nginx',
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'cache', mountPath: '/cache' },
            ],
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
            readinessProbe: { exec: { command: ['true'] } },
            securityContext: { runAsUser: 1000, runAsGroup: 1000 },
          },
        ],
        securityContext: { runAsNonRoot: true, fsGroup: 2000 },
        priorityClassName: 'team-high',
        runtimeClassName: 'nvidia',
      },
      [],
    ],
    [
      'a volume with a bad name',
      { volumes: [{ name: 'Data', emptyDir: {} }] },
      [
        `${POD}.volumes[0].name: Invalid value: "Data": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    [
      'a duplicate volume name',
      {
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'a', configMap: { name: 'cfg' } },
        ],
      },
      [`${POD}.volumes[1].name: Duplicate value: "a"`],
    ],
    [
      'a volume with no source',
      { volumes: [{ name: 'a' }] },
      [`${POD}.volumes[0]: Required value: must specify a volume type`],
    ],
    [
      'a volume with two sources',
      {
        volumes: [
          { name: 'a', secret: { secretName: 's' }, configMap: { name: 'c' } },
        ],
      },
      [
        `${POD}.volumes[0].configMap: Forbidden: may not specify more than 1 volume type`,
      ],
    ],
    [
      'a volume source without its name',
      { volumes: [{ name: 'a', persistentVolumeClaim: {} }] },
      [`${POD}.volumes[0].persistentVolumeClaim.claimName: Required value`],
    ],
    [
      'a mount of an unknown volume',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            volumeMounts: [{ name: 'nope', mountPath: '/x' }],
          },
        ],
      },
      [`${POD}.containers[0].volumeMounts[0].name: Not found: "nope"`],
    ],
    [
      'a mount of an invalid volume (also not found)',
      {
        volumes: [{ name: 'a' }],
        containers: [
          {
            name: 'server',
            image: 'nginx',
            volumeMounts: [{ name: 'a', mountPath: '/x' }],
          },
        ],
      },
      [
        `${POD}.volumes[0]: Required value: must specify a volume type`,
        `${POD}.containers[0].volumeMounts[0].name: Not found: "a"`,
      ],
    ],
    [
      'two mounts at one path',
      {
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', emptyDir: {} },
        ],
        containers: [
          {
            name: 'server',
            image: 'nginx',
            volumeMounts: [
              { name: 'a', mountPath: '/x' },
              { name: 'b', mountPath: '/x' },
            ],
          },
        ],
      },
      [
        `${POD}.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique`,
      ],
    ],
    [
      'an init container named like a container',
      { initContainers: [{ name: 'server', image: 'busybox' }] },
      [`${POD}.initContainers[0].name: Duplicate value: "server"`],
    ],
    [
      'an init container without an image',
      { initContainers: [{ name: 'init' }] },
      [`${POD}.initContainers[0].image: Required value`],
    ],
    [
      'a probe on a plain init container',
      {
        initContainers: [
          {
            name: 'init',
            image: 'busybox',
            livenessProbe: { exec: { command: ['true'] } },
          },
        ],
      },
      [
        `${POD}.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
      ],
    ],
    [
      'an init container restartPolicy other than Always',
      {
        initContainers: [
          { name: 'init', image: 'busybox', restartPolicy: 'OnFailure' },
        ],
      },
      [
        `${POD}.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
      ],
    ],
    [
      'a restartPolicy on a regular container',
      {
        containers: [
          { name: 'server', image: 'nginx', restartPolicy: 'Always' },
        ],
      },
      [
        `${POD}.containers[0].restartPolicy: Forbidden: may not be set for non-init containers`,
      ],
    ],
    [
      'a probe with no handler',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            readinessProbe: { periodSeconds: 5 },
          },
        ],
      },
      [
        `${POD}.containers[0].readinessProbe: Required value: must specify a handler type`,
      ],
    ],
    [
      'a probe with two handlers',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            livenessProbe: {
              exec: { command: ['true'] },
              tcpSocket: { port: 80 },
            },
          },
        ],
      },
      [
        `${POD}.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
      ],
    ],
    [
      'a liveness probe successThreshold other than 1',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 },
          },
        ],
      },
      [
        `${POD}.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1`,
      ],
    ],
    [
      'a probe with a bad port and a negative period',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            readinessProbe: { httpGet: { port: 0 }, periodSeconds: -1 },
          },
        ],
      },
      [
        `${POD}.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
        `${POD}.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`,
      ],
    ],
    [
      'an exec probe without a command',
      {
        containers: [
          { name: 'server', image: 'nginx', startupProbe: { exec: {} } },
        ],
      },
      [`${POD}.containers[0].startupProbe.exec.command: Required value`],
    ],
    [
      'an invalid restartPolicy (first-order, then Always only)',
      { restartPolicy: 'Sometimes' },
      [
        `${POD}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`,
        `${POD}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"`,
      ],
    ],
    [
      'a negative runAsUser (pod and container)',
      {
        securityContext: { runAsUser: -1, supplementalGroups: [5, -2] },
        containers: [
          {
            name: 'server',
            image: 'nginx',
            securityContext: { runAsGroup: 4294967296 },
          },
        ],
      },
      [
        `${POD}.containers[0].securityContext.runAsGroup: Invalid value: 4294967296: must be between 0 and 2147483647, inclusive`,
        `${POD}.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
        `${POD}.securityContext.supplementalGroups[1]: Invalid value: -2: must be between 0 and 2147483647, inclusive`,
      ],
    ],
    [
      'a priorityClassName and runtimeClassName that are not DNS subdomains',
      { priorityClassName: 'High_Priority', runtimeClassName: 'Nvidia' },
      [
        `${POD}.priorityClassName: Invalid value: "High_Priority": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        `${POD}.runtimeClassName: Invalid value: "Nvidia": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    ],
  ])('checks the pod template: %s', (_, podSpec, expected) => {
    expect(messages('apps', withPodSpec(podSpec))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a string runAsUser',
      { securityContext: { runAsUser: '1000' } },
      'json: cannot unmarshal string into Go struct field PodSecurityContext.spec.template.spec.securityContext.runAsUser of type int64',
    ],
    [
      'a fractional container runAsGroup',
      {
        containers: [
          {
            name: 'server',
            image: 'nginx',
            securityContext: { runAsGroup: 1.5 },
          },
        ],
      },
      'json: cannot unmarshal number 1.5 into Go struct field SecurityContext.spec.template.spec.containers.securityContext.runAsGroup of type int64',
    ],
  ])('answers 400 for %s (it does not decode)', (_, podSpec, message) => {
    expect(() => validateBuiltinObject('apps', withPodSpec(podSpec))).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({
          code: 400,
          reason: 'BadRequest',
          message: `Deployment in version "v1" cannot be handled as a Deployment: ${message}`,
        }),
      }),
    );
  });

  it('answers 400 for a quantity that does not decode', () => {
    expect(() =>
      validateBuiltinObject(
        'apps',
        withContainer({ resources: { requests: { cpu: 'lots' } } }),
      ),
    ).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({
          code: 400,
          reason: 'BadRequest',
          message:
            'Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
        }),
      }),
    );
  });
});

function service(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'ml' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  };
}

describe('Service', () => {
  it.each([
    [{}],
    [{ ports: [], clusterIP: 'None' }],
    [{ type: 'ExternalName', externalName: 'db.example.com', ports: [] }],
    [{ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }],
    [
      {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'grpc', port: 9000 },
        ],
      },
    ],
  ])('accepts %j', spec => {
    expect(messages('', service(spec))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no ports', { ports: [] }, ['spec.ports: Required value']],
    [
      'a port out of range',
      { ports: [{ port: 0 }] },
      [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        // targetPort defaults to port, so it is out of range too, as on a real server.
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'an unnamed port among several',
      { ports: [{ port: 80 }, { name: 'b', port: 81 }] },
      ['spec.ports[0].name: Required value'],
    ],
    [
      'a bad protocol',
      { ports: [{ port: 80, protocol: 'tcp' }] },
      [
        'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      'a bad type',
      { type: 'Internal' },
      [
        'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      'a nodePort on a ClusterIP service',
      { ports: [{ port: 80, nodePort: 30080 }] },
      [
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
      ],
    ],
    [
      'a nodePort out of range',
      { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
      [
        'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
      ],
    ],
    [
      'a bad selector',
      { selector: { 'bad key!': 'web' } },
      [
        "spec.selector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      'an ExternalName service without a name',
      { type: 'ExternalName', ports: [] },
      ['spec.externalName: Required value'],
    ],
    [
      'a bad clusterIP',
      { clusterIP: '10.0.0.300' },
      [
        'spec.clusterIP: Invalid value: "10.0.0.300": must be empty, \'None\', or a valid IP address',
      ],
    ],
  ])('rejects %s', (_, spec, expected) => {
    expect(messages('', service(spec))).toEqual(expected);
  });

  it('keeps clusterIP immutable on update', () => {
    expect(
      messages(
        '',
        service({ clusterIP: '10.0.0.2' }),
        service({ clusterIP: '10.0.0.1' }),
      ),
    ).toEqual([
      'spec.clusterIP: Invalid value: "10.0.0.2": field is immutable',
    ]);
    expect(
      messages('', service({}), service({ clusterIP: '10.0.0.1' })),
    ).toEqual([]);
  });
});

function pvc(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'ml' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      ...spec,
    },
  };
}

describe('PersistentVolumeClaim', () => {
  it('accepts a valid claim', () => {
    expect(messages('', pvc({}))).toEqual([]);
  });
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'no access modes',
      { accessModes: [] },
      ['spec.accessModes: Required value: at least 1 access mode is required'],
    ],
    [
      'a bad access mode',
      { accessModes: ['ReadWriteAll'] },
      [
        'spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      ],
    ],
    [
      'no storage request',
      { resources: {} },
      ['spec.resources[storage]: Required value'],
    ],
    [
      'a zero storage request',
      { resources: { requests: { storage: '0' } } },
      [
        'spec.resources[storage]: Invalid value: "0": must be greater than zero',
      ],
    ],
  ])('rejects %s', (_, spec, expected) => {
    expect(messages('', pvc(spec))).toEqual(expected);
  });
});

describe('PersistentVolumeClaim updates', () => {
  const bound = (spec: Record<string, unknown> = {}) => ({
    ...pvc({ volumeName: 'pv-1', storageClassName: 'fast', ...spec }),
    status: { phase: 'Bound', capacity: { storage: '10Gi' } },
  });
  const pending = (spec: Record<string, unknown> = {}) => ({
    ...pvc({ storageClassName: 'fast', ...spec }),
    status: { phase: 'Pending' },
  });
  const IMMUTABLE =
    'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
  it.each<[string, KubeObject, KubeObject, string[]]>([
    ['no change', bound(), bound(), []],
    [
      'a bound claim grows',
      bound({ resources: { requests: { storage: '20Gi' } } }),
      bound(),
      [],
    ],
    [
      'the same size in other units',
      bound({ resources: { requests: { storage: '10240Mi' } } }),
      bound(),
      [],
    ],
    [
      'a bound claim shrinks',
      bound({ resources: { requests: { storage: '5Gi' } } }),
      bound(),
      [
        'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
      ],
    ],
    [
      'a claim that is not bound changes its size',
      pending({ resources: { requests: { storage: '20Gi' } } }),
      pending(),
      [IMMUTABLE],
    ],
    [
      'the access modes change',
      bound({ accessModes: ['ReadWriteMany'] }),
      bound(),
      [IMMUTABLE],
    ],
    [
      'the storage class changes',
      bound({ storageClassName: 'slow' }),
      bound(),
      [IMMUTABLE],
    ],
    [
      'the storage class is set where it was not',
      pvc({ storageClassName: 'fast' }),
      pvc({}),
      [],
    ],
    [
      'the volume name is set once',
      pending({ volumeName: 'pv-1' }),
      pending(),
      [],
    ],
    [
      'the volume name changes',
      bound({ volumeName: 'pv-2' }),
      bound(),
      [IMMUTABLE],
    ],
    [
      'the volume mode changes',
      bound({ volumeMode: 'Block' }),
      bound(),
      [IMMUTABLE, 'volumeMode: Invalid value: "Block": field is immutable'],
    ],
    [
      'the volume attributes class is set (gate off in 1.31)',
      bound({ volumeAttributesClassName: 'gold' }),
      bound(),
      [
        'spec.volumeAttributesClassName: Forbidden: update is forbidden when the VolumeAttributesClass feature gate is disabled',
      ],
    ],
  ])('%s', (_, next, old, expected) => {
    expect(messages('', next, old)).toEqual(expected);
  });
});

function pdb(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'ml' },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  };
}

describe('PodDisruptionBudget', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['minAvailable', { minAvailable: 1 }, []],
    ['maxUnavailable as a percent', { maxUnavailable: '50%' }, []],
    [
      'both set',
      { minAvailable: 1, maxUnavailable: 1 },
      [
        'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(0xc000000000), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
      ],
    ],
    [
      'a negative minAvailable',
      { minAvailable: -1 },
      [
        'spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    [
      'a maxUnavailable over 100%',
      { maxUnavailable: '150%' },
      [
        'spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
      ],
    ],
    [
      'a bad percent',
      { minAvailable: 'half' },
      [
        "spec.minAvailable: Invalid value: half: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'an invalid selector',
      {
        minAvailable: 1,
        selector: { matchExpressions: [{ key: 'app', operator: 'Near' }] },
      },
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
      ],
    ],
    [
      'an unknown unhealthyPodEvictionPolicy',
      { minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' },
      [
        'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
      ],
    ],
  ])('%s', (_, spec, expected) => {
    expect(messages('policy', pdb(spec))).toEqual(expected);
  });
});

describe('Secret and ConfigMap', () => {
  const secret = (extra: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'ml' },
    ...extra,
  });
  const configMap = (extra: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'ml' },
    ...extra,
  });

  it('checks data keys', () => {
    expect(messages('', secret({ data: { 'good.key_1': 'eA==' } }))).toEqual(
      [],
    );
    expect(messages('', secret({ data: { 'bad key': 'eA==' } }))).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(messages('', configMap({ data: { '..x': 'v' } }))).toEqual([
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
    ]);
  });

  it('limits the payload to 1 MiB', () => {
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(messages('', secret({ data: { a: big } }))).toEqual([
      'data: Too long: must have at most 1048576 bytes',
    ]);
    expect(
      messages('', configMap({ data: { a: 'x'.repeat(1024 * 1024 + 1) } })),
    ).toEqual(['[]: Too long: must have at most 1048576 bytes']);
  });

  it('requires the keys of typed secrets', () => {
    expect(
      messages('', secret({ type: 'kubernetes.io/tls', data: {} })),
    ).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });

  it('keeps the type, and immutable data, on update', () => {
    expect(
      messages(
        '',
        secret({
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': '', 'tls.key': '' },
        }),
        secret({ type: 'Opaque' }),
      ),
    ).toEqual(['type: Invalid value: "kubernetes.io/tls": field is immutable']);
    expect(messages('', secret({}), secret({ type: 'Opaque' }))).toEqual([]);
    expect(
      messages(
        '',
        configMap({ immutable: true, data: { a: '2' } }),
        configMap({ immutable: true, data: { a: '1' } }),
      ),
    ).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });
});

describe('ResourceQuota', () => {
  const quota = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'ml' },
    spec,
  });

  it('accepts standard and qualified resources', () => {
    expect(
      messages(
        '',
        quota({
          hard: {
            'requests.cpu': '16',
            'limits.memory': '64Gi',
            'requests.nvidia.com/gpu': '4',
            pods: '20',
            'count/deployments.apps': '5',
          },
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a negative value',
      { hard: { 'requests.cpu': '-1' } },
      [
        'spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
      ],
    ],
    [
      'a fractional count',
      { hard: { pods: '1500m' } },
      ['spec.hard[pods]: Invalid value: "1500m": must be an integer'],
    ],
    [
      'an unknown resource',
      { hard: { gpus: '4' } },
      [
        'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified',
        'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota',
      ],
    ],
    [
      'conflicting scopes',
      { hard: { pods: '1' }, scopes: ['BestEffort', 'NotBestEffort'] },
      [
        'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: conflicting scopes',
      ],
    ],
  ])('rejects %s', (_, spec, expected) => {
    expect(messages('', quota(spec))).toEqual(expected);
  });

  it('answers 400 for a hard value that is not a quantity', () => {
    expect(() => messages('', quota({ hard: { pods: 'ten' } }))).toThrow(
      /ResourceQuota in version "v1" cannot be handled as a ResourceQuota/,
    );
  });
});

describe('Namespace', () => {
  it('checks spec.finalizers', () => {
    const ns = (finalizers: string[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ml' },
      spec: { finalizers },
    });
    expect(messages('', ns(['kubernetes', 'example.com/cleanup']))).toEqual([]);
    expect(messages('', ns(['cleanup']))).toEqual([
      'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});
