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
