import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { KARMADA_CRD_FILES, VENDORED_CRD_DIR } from '../karmada/crds';
import { RESOURCES } from '../resources';
import {
  CRD_PRINTER_COLUMNS,
  age,
  evalJsonPath,
  humanDuration,
  printerFor,
} from './printers';

const NOW = new Date('2026-01-01T12:00:00Z');
const AGO = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

/** The headers kubectl prints: the priority-0 columns, upper-cased. */
function headers(group: string, version: string, kind: string): string[] {
  return printerFor({ group, version, kind })
    .columns.filter(c => c.priority === 0)
    .map(c => c.name.toUpperCase());
}

function cells(
  group: string,
  version: string,
  kind: string,
  obj: Record<string, any>,
) {
  const printer = printerFor({ group, version, kind });
  const all = printer.cells({ apiVersion: '', kind, ...obj } as any, NOW);
  return Object.fromEntries(
    printer.columns.map((c, i) => [c.name.toUpperCase(), all[i]]),
  );
}

describe('humanDuration', () => {
  it.each([
    [-5, '<invalid>'],
    [-0.5, '0s'],
    [0, '0s'],
    [119, '119s'],
    [120, '2m'],
    [150, '2m30s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 60 * 5, '3h5m'],
    [47 * 3600, '47h'],
    [50 * 3600, '2d2h'],
    [48 * 3600, '2d'],
    [30 * 86400, '30d'],
    [3 * 365 * 86400, '3y'],
    [3 * 365 * 86400 + 5 * 86400, '3y5d'],
    [10 * 365 * 86400, '10y'],
  ])('%s s is %s', (seconds, expected) => {
    expect(humanDuration(seconds * 1000)).toBe(expected);
  });

  it('has <unknown> for a missing timestamp', () => {
    expect(age(undefined, NOW)).toBe('<unknown>');
    expect(age(AGO(30), NOW)).toBe('30s');
  });
});

describe('printer columns, as kubectl prints the headers', () => {
  it.each([
    ['', 'v1', 'Pod', ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']],
    [
      'apps',
      'v1',
      'Deployment',
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    ],
    [
      '',
      'v1',
      'Service',
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    ],
    ['', 'v1', 'Namespace', ['NAME', 'STATUS', 'AGE']],
    ['', 'v1', 'Node', ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']],
    ['', 'v1', 'ConfigMap', ['NAME', 'DATA', 'AGE']],
    ['', 'v1', 'Secret', ['NAME', 'TYPE', 'DATA', 'AGE']],
    [
      '',
      'v1',
      'PersistentVolumeClaim',
      [
        'NAME',
        'STATUS',
        'VOLUME',
        'CAPACITY',
        'ACCESS MODES',
        'STORAGECLASS',
        'VOLUMEATTRIBUTESCLASS',
        'AGE',
      ],
    ],
    ['', 'v1', 'Event', ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']],
    ['', 'v1', 'ResourceQuota', ['NAME', 'AGE', 'REQUEST', 'LIMIT']],
    [
      'scheduling.k8s.io',
      'v1',
      'PriorityClass',
      ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
    ],
    [
      'cluster.karmada.io',
      'v1alpha1',
      'Cluster',
      ['NAME', 'VERSION', 'MODE', 'READY', 'AGE'],
    ],
    [
      'policy.karmada.io',
      'v1alpha1',
      'PropagationPolicy',
      ['NAME', 'CONFLICT-RESOLUTION', 'PRIORITY', 'AGE'],
    ],
    [
      'policy.karmada.io',
      'v1alpha1',
      'ClusterPropagationPolicy',
      ['NAME', 'CONFLICT-RESOLUTION', 'PRIORITY', 'AGE'],
    ],
    ['policy.karmada.io', 'v1alpha1', 'OverridePolicy', ['NAME', 'AGE']],
    [
      'work.karmada.io',
      'v1alpha2',
      'ResourceBinding',
      ['NAME', 'SCHEDULED', 'FULLYAPPLIED', 'AGE'],
    ],
    ['work.karmada.io', 'v1alpha1', 'ResourceBinding', ['NAME', 'AGE']],
    [
      'work.karmada.io',
      'v1alpha1',
      'Work',
      ['NAME', 'WORKLOAD-KIND', 'APPLIED', 'AGE'],
    ],
    ['apps', 'v1', 'StatefulSet', ['NAME', 'AGE']],
  ])('%s/%s %s', (group, version, kind, expected) => {
    expect(headers(group, version, kind)).toEqual(expected);
  });

  it('has a column definition of each kind with a name column first, format name', () => {
    for (const r of RESOURCES) {
      const { columns } = printerFor(r);
      expect(columns.every(c => typeof c.description === 'string')).toBe(true);
    }
    const firstFormats = RESOURCES.filter(r => r.kind !== 'Event').map(
      r => printerFor(r).columns[0].format,
    );
    expect(new Set(firstFormats)).toEqual(new Set(['name']));
  });

  it('matches the additionalPrinterColumns of the vendored CRDs', () => {
    for (const file of KARMADA_CRD_FILES) {
      const doc = YAML.parse(
        fs.readFileSync(path.join(VENDORED_CRD_DIR, file), 'utf8'),
      );
      for (const v of doc.spec.versions) {
        const key = `${doc.spec.group}/${v.name}/${doc.spec.names.kind}`;
        expect([key, CRD_PRINTER_COLUMNS[key] ?? []]).toEqual([
          key,
          v.additionalPrinterColumns ?? [],
        ]);
      }
    }
  });
});

describe('printer cells', () => {
  it('prints a pod: ready containers, waiting reason, restarts with the last one', () => {
    expect(
      cells('', 'v1', 'Pod', {
        metadata: { name: 'p', creationTimestamp: AGO(90) },
        spec: {
          containers: [{ name: 'a' }, { name: 'b' }],
          nodeName: 'n1',
        },
        status: {
          phase: 'Running',
          podIP: '10.0.0.1',
          containerStatuses: [
            { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
            {
              name: 'b',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { finishedAt: AGO(65) } },
            },
          ],
        },
      }),
    ).toEqual({
      NAME: 'p',
      READY: '1/2',
      STATUS: 'CrashLoopBackOff',
      RESTARTS: '3 (65s ago)',
      AGE: '90s',
      IP: '10.0.0.1',
      NODE: 'n1',
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    });
  });

  it.each([
    [{ phase: 'Pending' }, {}, 'Pending'],
    [{ phase: 'Running' }, { deletionTimestamp: AGO(1) }, 'Terminating'],
    [{ phase: 'Failed', reason: 'Evicted' }, {}, 'Evicted'],
    [
      {
        phase: 'Failed',
        containerStatuses: [{ state: { terminated: { exitCode: 2 } } }],
      },
      {},
      'ExitCode:2',
    ],
  ])('pod status %j %j is %s', (status, meta, expected) => {
    expect(
      cells('', 'v1', 'Pod', {
        metadata: { name: 'p', ...meta },
        spec: { containers: [{ name: 'a' }] },
        status,
      }).STATUS,
    ).toBe(expected);
  });

  it('prints a deployment', () => {
    expect(
      cells('apps', 'v1', 'Deployment', {
        metadata: { name: 'web', creationTimestamp: AGO(3600 * 5) },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { spec: { containers: [{ name: 'w', image: 'nginx' }] } },
        },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      }),
    ).toEqual({
      NAME: 'web',
      READY: '2/3',
      'UP-TO-DATE': 3,
      AVAILABLE: 2,
      AGE: '5h',
      CONTAINERS: 'w',
      IMAGES: 'nginx',
      SELECTOR: 'app=web',
    });
  });

  it.each([
    [
      { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ port: 443 }] },
      {},
      ['ClusterIP', '10.96.0.1', '<none>', '443/TCP'],
    ],
    [
      {
        type: 'NodePort',
        clusterIP: '10.96.0.2',
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
      {},
      ['NodePort', '10.96.0.2', '<none>', '80:30080/TCP,53/UDP'],
    ],
    [
      { type: 'LoadBalancer', clusterIP: '10.96.0.3', ports: [{ port: 80 }] },
      {},
      ['LoadBalancer', '10.96.0.3', '<pending>', '80/TCP'],
    ],
    [
      { type: 'LoadBalancer', clusterIP: '10.96.0.3', ports: [{ port: 80 }] },
      { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
      ['LoadBalancer', '10.96.0.3', '1.2.3.4', '80/TCP'],
    ],
    [
      { type: 'ExternalName', externalName: 'db.example.com' },
      {},
      ['ExternalName', '<none>', 'db.example.com', '<none>'],
    ],
  ])('prints service %j', (spec, status, expected) => {
    const c = cells('', 'v1', 'Service', {
      metadata: { name: 's' },
      spec,
      status,
    });
    expect([c.TYPE, c['CLUSTER-IP'], c['EXTERNAL-IP'], c['PORT(S)']]).toEqual(
      expected,
    );
  });

  it('prints a node: readiness, cordon, roles, version', () => {
    expect(
      cells('', 'v1', 'Node', {
        metadata: {
          name: 'n',
          labels: {
            'node-role.kubernetes.io/control-plane': '',
            'node-role.kubernetes.io/worker': '',
          },
        },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          nodeInfo: { kubeletVersion: 'v1.31.0' },
          addresses: [{ type: 'InternalIP', address: '10.0.0.9' }],
        },
      }),
    ).toMatchObject({
      STATUS: 'NotReady,SchedulingDisabled',
      ROLES: 'control-plane,worker',
      VERSION: 'v1.31.0',
      'INTERNAL-IP': '10.0.0.9',
      'EXTERNAL-IP': '<none>',
    });
  });

  it('prints configmaps, secrets, namespaces', () => {
    expect(
      cells('', 'v1', 'ConfigMap', {
        metadata: { name: 'c' },
        data: { a: '1', b: '2' },
        binaryData: { c: 'AA==' },
      }).DATA,
    ).toBe(3);
    expect(
      cells('', 'v1', 'Secret', {
        metadata: { name: 's' },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': 'x', 'tls.key': 'y' },
      }),
    ).toMatchObject({ TYPE: 'kubernetes.io/tls', DATA: 2 });
    expect(
      cells('', 'v1', 'Namespace', {
        metadata: { name: 'ns' },
        status: { phase: 'Terminating' },
      }).STATUS,
    ).toBe('Terminating');
  });

  it('prints a pvc', () => {
    expect(
      cells('', 'v1', 'PersistentVolumeClaim', {
        metadata: { name: 'data', creationTimestamp: AGO(10) },
        spec: { volumeName: 'pv-1', storageClassName: 'standard' },
        status: {
          phase: 'Bound',
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
        },
      }),
    ).toEqual({
      NAME: 'data',
      STATUS: 'Bound',
      VOLUME: 'pv-1',
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO,ROX',
      STORAGECLASS: 'standard',
      VOLUMEATTRIBUTESCLASS: '<unset>',
      AGE: '10s',
      VOLUMEMODE: '<unset>',
    });
  });

  it('prints an event', () => {
    expect(
      cells('', 'v1', 'Event', {
        metadata: { name: 'web.1' },
        type: 'Warning',
        reason: 'FailedScheduling',
        message: ' no nodes ',
        involvedObject: { kind: 'Pod', name: 'web-1' },
        lastTimestamp: AGO(200),
        count: 4,
      }),
    ).toMatchObject({
      'LAST SEEN': '3m20s',
      TYPE: 'Warning',
      REASON: 'FailedScheduling',
      OBJECT: 'pod/web-1',
      MESSAGE: 'no nodes',
      COUNT: '4',
      NAME: 'web.1',
    });
  });

  it('prints a quota: requests and limits, used of hard, sorted', () => {
    expect(
      cells('', 'v1', 'ResourceQuota', {
        metadata: { name: 'q' },
        status: {
          hard: { 'limits.cpu': '4', pods: '10', 'requests.cpu': '2' },
          used: { 'requests.cpu': '500m', pods: '3' },
        },
      }),
    ).toMatchObject({
      REQUEST: 'pods: 3/10, requests.cpu: 500m/2',
      LIMIT: 'limits.cpu: 0/4',
    });
  });

  it('prints a priority class', () => {
    expect(
      cells('scheduling.k8s.io', 'v1', 'PriorityClass', {
        metadata: { name: 'high' },
        value: 1000,
        globalDefault: true,
      }),
    ).toMatchObject({
      VALUE: 1000,
      'GLOBAL-DEFAULT': true,
      PREEMPTIONPOLICY: 'PreemptLowerPriority',
    });
  });

  it('prints a Karmada cluster', () => {
    expect(
      cells('cluster.karmada.io', 'v1alpha1', 'Cluster', {
        metadata: { name: 'm1', creationTimestamp: AGO(60) },
        spec: { syncMode: 'Pull', apiEndpoint: 'https://m1' },
        status: {
          kubernetesVersion: 'v1.31.4',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
    ).toEqual({
      NAME: 'm1',
      VERSION: 'v1.31.4',
      MODE: 'Pull',
      READY: 'True',
      AGE: '60s',
      APIENDPOINT: 'https://m1',
    });
  });

  it('prints CRD columns through their JSONPath; missing values are null', () => {
    expect(
      cells('work.karmada.io', 'v1alpha2', 'ResourceBinding', {
        metadata: { name: 'rb', creationTimestamp: AGO(5) },
        status: { conditions: [{ type: 'Scheduled', status: 'True' }] },
      }),
    ).toEqual({ NAME: 'rb', SCHEDULED: 'True', FULLYAPPLIED: null, AGE: '5s' });
    expect(
      cells('work.karmada.io', 'v1alpha1', 'Work', {
        metadata: { name: 'w' },
        spec: {
          workload: {
            manifests: [{ kind: 'Deployment' }, { kind: 'Service' }],
          },
        },
      }),
    ).toMatchObject({ 'WORKLOAD-KIND': 'Deployment,Service', APPLIED: null });
    expect(
      cells('policy.karmada.io', 'v1alpha1', 'PropagationPolicy', {
        metadata: { name: 'pp' },
        spec: { conflictResolution: 'Abort', priority: 0 },
      }),
    ).toMatchObject({ 'CONFLICT-RESOLUTION': 'Abort', PRIORITY: 0 });
  });
});

describe('evalJsonPath', () => {
  const obj = {
    a: {
      b: 1,
      list: [
        { k: 'x', v: 1 },
        { k: 'y', v: 2 },
      ],
    },
  };
  it.each([
    ['.a.b', [1]],
    ['.a.missing', []],
    ['.a.list[*].k', ['x', 'y']],
    ['.a.list[1].v', [2]],
    ['.a.list[?(@.k=="y")].v', [2]],
    ['.a.list[?(@.k=="z")].v', []],
    ['.a.b.c', []],
  ])('%s', (p, expected) => {
    expect(evalJsonPath(obj, p)).toEqual(expected);
  });
});
