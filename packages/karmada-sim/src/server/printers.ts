/**
 * Table printers: the columns kube-apiserver prints for the kinds kubectl lists (the kube
 * printers of `pkg/printers/internalversion` for built-ins, `additionalPrinterColumns` for
 * Karmada CRDs, Karmada's own printer for the aggregated `Cluster`). Pure functions.
 */

import type { KubeObject } from '../types';

/** A `meta.k8s.io/v1` TableColumnDefinition. @internal */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A CRD `additionalPrinterColumns` entry. @internal */
export interface CrdPrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
  format?: string;
  description?: string;
}

/** A printer: column definitions and the cells of one object. @internal */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: Date): unknown[];
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const DESCRIPTIONS: Record<string, string> = {
  Name: NAME_DESCRIPTION,
  Age: AGE_DESCRIPTION,
};

function col(
  name: string,
  type = 'string',
  opts: { format?: string; priority?: number; description?: string } = {},
): ColumnDefinition {
  return {
    name,
    type,
    format: opts.format ?? '',
    description: opts.description ?? DESCRIPTIONS[name] ?? name,
    priority: opts.priority ?? 0,
  };
}

const NAME = col('Name', 'string', { format: 'name' });
const AGE = col('Age');

/** Go's `duration.HumanDuration`, as kubectl and the server print ages. @internal */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.floor(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const y = Math.floor(hours / 24 / 365);
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${y}y` : `${y}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** `translateTimestampSince`: the age of a timestamp, `<unknown>` without one. @internal */
export function age(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

const created = (o: KubeObject, now: Date) =>
  age(o.metadata?.creationTimestamp, now);
const name = (o: KubeObject) => o.metadata?.name ?? '';
const count = (m: unknown) =>
  m && typeof m === 'object' ? Object.keys(m).length : 0;
const orNone = (s: string | undefined) => (s ? s : '<none>');

function podStatus(pod: KubeObject): { status: string; ready: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers: any[] = spec.containers ?? [];
  const statuses: any[] = status.containerStatuses ?? [];
  let reason: string = status.reason || status.phase || 'Pending';
  let readyCount = 0;
  for (const cs of statuses) {
    if (cs.ready) readyCount++;
  }
  for (const cs of [...statuses].reverse()) {
    const st = cs.state ?? {};
    if (st.waiting?.reason) reason = st.waiting.reason;
    else if (st.terminated?.reason) reason = st.terminated.reason;
    else if (st.terminated)
      reason = st.terminated.signal
        ? `Signal:${st.terminated.signal}`
        : `ExitCode:${st.terminated.exitCode}`;
  }
  if (pod.metadata?.deletionTimestamp) reason = 'Terminating';
  return { status: reason, ready: `${readyCount}/${containers.length}` };
}

function podRestarts(pod: KubeObject, now: Date): string {
  let restarts = 0;
  let last: number | undefined;
  for (const cs of (pod.status?.containerStatuses ?? []) as any[]) {
    restarts += cs.restartCount ?? 0;
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished) {
      const t = Date.parse(finished);
      if (!Number.isNaN(t) && (last === undefined || t > last)) last = t;
    }
  }
  return last !== undefined && restarts > 0
    ? `${restarts} (${humanDuration(now.getTime() - last)} ago)`
    : String(restarts);
}

function servicePorts(svc: KubeObject): string {
  const ports: any[] = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports
    .map(
      p =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function serviceExternalIp(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'LoadBalancer': {
      const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
      const ips = [
        ...ingress.map(i => i.ip || i.hostname).filter(Boolean),
        ...external,
      ];
      return ips.length ? ips.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return external.length ? external.join(',') : '<none>';
  }
}

function nodeStatus(node: KubeObject): string {
  const ready = ((node.status?.conditions ?? []) as any[]).find(
    c => c.type === 'Ready',
  );
  const readiness: Record<string, string> = {
    True: 'Ready',
    False: 'NotReady',
  };
  const states = [readiness[ready?.status] ?? 'Unknown'];
  if (node.spec?.unschedulable) states.push('SchedulingDisabled');
  return states.join(',');
}

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v as string);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

function quotaColumns(q: KubeObject): { request: string; limit: string } {
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const pair = `${resource}: ${used[resource] ?? '0'}/${hard[resource]}`;
    (resource.startsWith('limits.') ? limit : request).push(pair);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

function eventObject(ev: Record<string, any>): string {
  const ref = ev.involvedObject ?? ev.regarding ?? {};
  return `${String(ref.kind ?? '').toLowerCase()}/${ref.name ?? ''}`;
}

function eventLastSeen(ev: Record<string, any>, now: Date): string {
  const t =
    ev.series?.lastObservedTime ??
    ev.lastTimestamp ??
    ev.eventTime ??
    ev.metadata?.creationTimestamp;
  return age(t, now);
}

/** The kube printers, by `group/Kind` (`Kind` for the core group). @internal */
export const BUILTIN_PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      NAME,
      col('Ready', 'string', {
        description:
          'The aggregate readiness state of this pod for accepting traffic.',
      }),
      col('Status', 'string', {
        description: 'The aggregate status of the containers in this pod.',
      }),
      col('Restarts', 'string', {
        description:
          'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      }),
      AGE,
      col('IP', 'string', { priority: 1 }),
      col('Node', 'string', { priority: 1 }),
      col('Nominated Node', 'string', { priority: 1 }),
      col('Readiness Gates', 'string', { priority: 1 }),
    ],
    cells: (o, now) => {
      const { status, ready } = podStatus(o);
      const gates: any[] = o.spec?.readinessGates ?? [];
      return [
        name(o),
        ready,
        status,
        podRestarts(o, now),
        created(o, now),
        orNone(o.status?.podIP),
        orNone(o.spec?.nodeName),
        orNone(o.status?.nominatedNodeName),
        gates.length ? `0/${gates.length}` : '<none>',
      ];
    },
  },
  'apps/Deployment': {
    columns: [
      NAME,
      col('Ready', 'string', {
        description: 'Number of the pod with ready state',
      }),
      col('Up-to-date', 'string', {
        description:
          'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      }),
      col('Available', 'string', {
        description:
          'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      }),
      AGE,
      col('Containers', 'string', { priority: 1 }),
      col('Images', 'string', { priority: 1 }),
      col('Selector', 'string', { priority: 1 }),
    ],
    cells: (o, now) => {
      const containers: any[] = o.spec?.template?.spec?.containers ?? [];
      const labels = o.spec?.selector?.matchLabels ?? {};
      return [
        name(o),
        `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
        o.status?.updatedReplicas ?? 0,
        o.status?.availableReplicas ?? 0,
        created(o, now),
        containers.map(c => c.name).join(','),
        containers.map(c => c.image).join(','),
        Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
      ];
    },
  },
  Service: {
    columns: [
      NAME,
      col('Type', 'string', {
        description:
          'type determines how the Service is exposed. Defaults to ClusterIP.',
      }),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      AGE,
      col('Selector', 'string', { priority: 1 }),
    ],
    cells: (o, now) => [
      name(o),
      o.spec?.type ?? 'ClusterIP',
      orNone(o.spec?.clusterIP),
      serviceExternalIp(o),
      servicePorts(o),
      created(o, now),
      Object.entries(o.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
    ],
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    cells: (o, now) => [name(o), o.status?.phase ?? 'Active', created(o, now)],
  },
  Node: {
    columns: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', 'string', { priority: 1 }),
      col('External-IP', 'string', { priority: 1 }),
      col('OS-Image', 'string', { priority: 1 }),
      col('Kernel-Version', 'string', { priority: 1 }),
      col('Container-Runtime', 'string', { priority: 1 }),
    ],
    cells: (o, now) => {
      const addr = (type: string) =>
        ((o.status?.addresses ?? []) as any[]).find(a => a.type === type)
          ?.address ?? '<none>';
      const info = o.status?.nodeInfo ?? {};
      return [
        name(o),
        nodeStatus(o),
        nodeRoles(o),
        created(o, now),
        info.kubeletVersion ?? '',
        addr('InternalIP'),
        addr('ExternalIP'),
        info.osImage ?? '<unknown>',
        info.kernelVersion ?? '<unknown>',
        info.containerRuntimeVersion ?? '<unknown>',
      ];
    },
  },
  ConfigMap: {
    columns: [NAME, col('Data', 'integer'), AGE],
    cells: (o, now) => [
      name(o),
      count(o.data) + count(o.binaryData),
      created(o, now),
    ],
  },
  Secret: {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    cells: (o, now) => [
      name(o),
      o.type ?? 'Opaque',
      count(o.data),
      created(o, now),
    ],
  },
  PersistentVolumeClaim: {
    columns: [
      NAME,
      col('Status'),
      col('Volume'),
      col('Capacity'),
      col('Access Modes'),
      col('StorageClass'),
      col('VolumeAttributesClass'),
      AGE,
      col('VolumeMode', 'string', { priority: 1 }),
    ],
    cells: (o, now) => [
      name(o),
      o.metadata?.deletionTimestamp
        ? 'Terminating'
        : o.status?.phase ?? 'Pending',
      o.spec?.volumeName ?? '',
      o.status?.capacity?.storage ?? '',
      ((o.status?.accessModes ?? []) as string[])
        .map(m => ACCESS_MODES[m] ?? m)
        .join(','),
      o.spec?.storageClassName ?? '',
      o.spec?.volumeAttributesClassName ?? '<unset>',
      created(o, now),
      o.spec?.volumeMode ?? '<unset>',
    ],
  },
  Event: {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Subobject', 'string', { priority: 1 }),
      col('Source', 'string', { priority: 1 }),
      col('Message'),
      col('First Seen', 'string', { priority: 1 }),
      col('Count', 'string', { priority: 1 }),
      col('Name', 'string', { priority: 1 }),
    ],
    cells: (event, now) => {
      const o: Record<string, any> = event;
      return [
        eventLastSeen(o, now),
        o.type ?? '',
        o.reason ?? '',
        eventObject(o),
        o.involvedObject?.fieldPath ?? '',
        [o.source?.component, o.source?.host].filter(Boolean).join(', '),
        String(o.message ?? '').trim(),
        age(o.firstTimestamp ?? o.eventTime, now),
        String(o.count ?? 1),
        name(event),
      ];
    },
  },
  ResourceQuota: {
    columns: [NAME, AGE, col('Request'), col('Limit')],
    cells: (o, now) => {
      const { request, limit } = quotaColumns(o);
      return [name(o), created(o, now), request, limit];
    },
  },
  'scheduling.k8s.io/PriorityClass': {
    columns: [
      NAME,
      col('Value', 'integer'),
      col('Global-Default', 'boolean'),
      AGE,
      col('PreemptionPolicy'),
    ],
    cells: (o, now) => [
      name(o),
      o.value ?? 0,
      o.globalDefault ?? false,
      created(o, now),
      o.preemptionPolicy ?? 'PreemptLowerPriority',
    ],
  },
  // Karmada's aggregated apiserver prints Clusters itself (pkg/printers).
  'cluster.karmada.io/Cluster': {
    columns: [
      NAME,
      col('Version', 'string', {
        description:
          'KubernetesVersion represents version of the member cluster.',
      }),
      col('Mode', 'string', {
        description:
          'SyncMode describes how a cluster sync resources from karmada control plane.',
      }),
      col('Ready', 'string', {
        description:
          'The aggregate readiness state of this cluster for accepting workloads.',
      }),
      AGE,
      col('APIEndpoint', 'string', {
        priority: 1,
        description: 'The API endpoint of the member cluster.',
      }),
    ],
    cells: (o, now) => {
      const ready = ((o.status?.conditions ?? []) as any[]).find(
        c => c.type === 'Ready',
      );
      return [
        name(o),
        o.status?.kubernetesVersion ?? '',
        o.spec?.syncMode ?? '',
        ready?.status ?? 'Unknown',
        created(o, now),
        o.spec?.apiEndpoint ?? '',
      ];
    },
  },
};

/**
 * `additionalPrinterColumns` of the Karmada CRDs, by `group/version/Kind`, as the vendored
 * CRDs define them (ClusterResourceBinding as Karmada's CRD does; it is not vendored).
 * @internal
 */
export const CRD_PRINTER_COLUMNS: Record<string, CrdPrinterColumn[]> = (() => {
  const policy: CrdPrinterColumn[] = [
    {
      name: 'CONFLICT-RESOLUTION',
      type: 'string',
      jsonPath: '.spec.conflictResolution',
    },
    { name: 'PRIORITY', type: 'string', jsonPath: '.spec.priority' },
    { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
  const binding: CrdPrinterColumn[] = [
    {
      name: 'SCHEDULED',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Scheduled")].status',
    },
    {
      name: 'FULLYAPPLIED',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="FullyApplied")].status',
    },
    { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
  return {
    'policy.karmada.io/v1alpha1/PropagationPolicy': policy,
    'policy.karmada.io/v1alpha1/ClusterPropagationPolicy': policy,
    'work.karmada.io/v1alpha2/ResourceBinding': binding,
    'work.karmada.io/v1alpha2/ClusterResourceBinding': binding,
    'work.karmada.io/v1alpha1/Work': [
      {
        name: 'WORKLOAD-KIND',
        type: 'string',
        jsonPath: '.spec.workload.manifests[*].kind',
      },
      {
        name: 'APPLIED',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="Applied")].status',
      },
      { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  };
})();

/**
 * Evaluates the JSONPath subset printer columns use: `.a.b`, `[*]`, `[n]` and
 * `[?(@.k=="v")]`. Returns every match.
 * @internal
 */
export function evalJsonPath(obj: unknown, path: string): unknown[] {
  const tokens =
    path.match(/\.[A-Za-z0-9_-]+|\[\*\]|\[\d+\]|\[\?\(@\.[^)]*\)\]/g) ?? [];
  let current: unknown[] = [obj];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (token.startsWith('.')) {
        if (typeof value === 'object' && !Array.isArray(value)) {
          const v = (value as Record<string, unknown>)[token.slice(1)];
          if (v !== undefined) next.push(v);
        }
      } else if (token === '[*]') {
        if (Array.isArray(value)) next.push(...value);
        else if (typeof value === 'object') next.push(...Object.values(value));
      } else if (/^\[\d+\]$/.test(token)) {
        if (Array.isArray(value)) {
          const v = value[Number(token.slice(1, -1))];
          if (v !== undefined) next.push(v);
        }
      } else {
        const m = token.match(
          /^\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*"([^"]*)"\)\]$/,
        );
        if (m && Array.isArray(value)) {
          for (const item of value) {
            const got = evalJsonPath(item, `.${m[1]}`)[0];
            if (got === m[2]) next.push(item);
          }
        }
      }
    }
    current = next;
  }
  return current;
}

/** The printer of a CRD's `additionalPrinterColumns`, as apiextensions' table convertor. @internal */
export function crdPrinter(columns: CrdPrinterColumn[]): Printer {
  return {
    columns: [
      NAME,
      ...columns.map(c =>
        col(c.name, c.type === 'date' ? 'date' : c.type, {
          format: c.format ?? '',
          priority: c.priority ?? 0,
          description: c.description ?? 'Custom resource definition column',
        }),
      ),
    ],
    cells: (o, now) => [
      name(o),
      ...columns.map(c => {
        const values = evalJsonPath(o, c.jsonPath);
        if (!values.length) return null;
        if (c.type === 'date') {
          return typeof values[0] === 'string' ? age(values[0], now) : null;
        }
        if (values.length === 1) {
          const v = values[0];
          return typeof v === 'object' ? JSON.stringify(v) : v;
        }
        return values
          .map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join(',');
      }),
    ],
  };
}

/**
 * NAME and AGE, for the built-in kinds the simulator has no printer for (a real server
 * prints more columns for most of them; NAME and AGE are always among them).
 * @internal
 */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [name(o), created(o, now)],
};

/** The printer for a kind. @internal */
export function printerFor(r: {
  group: string;
  version: string;
  kind: string;
}): Printer {
  const builtin = BUILTIN_PRINTERS[r.group ? `${r.group}/${r.kind}` : r.kind];
  if (builtin) return builtin;
  const crd = CRD_PRINTER_COLUMNS[`${r.group}/${r.version}/${r.kind}`];
  if (crd) return crdPrinter(crd);
  if (r.group.endsWith('karmada.io'))
    return crdPrinter([
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
  return DEFAULT_PRINTER;
}
