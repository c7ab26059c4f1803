/**
 * kube-apiserver's validation of the built-in kinds the portal writes (Kubernetes 1.31,
 * `pkg/apis/apps/validation`, `pkg/apis/core/validation` and `pkg/apis/policy/validation`):
 * Deployment, Service, PersistentVolumeClaim, Secret, ConfigMap, ResourceQuota, Namespace
 * and PodDisruptionBudget. Only the rules
 * a real cluster enforces and a client of the simulator could hit; absent fields are read
 * as their API defaults (`replicas: 1`, `protocol: TCP`, `type: ClusterIP`, ...), because
 * the real server defaults before it validates.
 */
import type { FieldCause, KubeObject } from '../types';
import { StatusError } from '../store/errors';
import { formatQuantity, isQuantity, parseQuantity } from '../karmada/quantity';
import {
  byteLength,
  fieldDuplicate,
  goValue,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
  goLabelSelector,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
} from './objectMeta';

/** The largest Secret or ConfigMap payload: 1 MiB. @public */
export const MAX_SECRET_SIZE = 1024 * 1024;

const QUANTITY_REGEX = "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** The 400 a real server answers when a quantity does not decode. */
function undecodable(kind: string): StatusError {
  return new StatusError(
    400,
    'BadRequest',
    `${kind} in version "v1" cannot be handled as a ${kind}: quantities must match the regular expression ${QUANTITY_REGEX}`,
  );
}

/** A quantity as a number, or throws the decode error of `kind`. */
function quantityOf(value: unknown, kind: string): number {
  if (!isQuantity(value)) throw undecodable(kind);
  return parseQuantity(value);
}

/** `Quantity.String()`: the canonical form, binary when the input was. */
function quantityString(value: unknown): string {
  const n = parseQuantity(value as string | number);
  const binary = typeof value === 'string' && /i$/.test(value.trim());
  return formatQuantity(n, binary ? 'BinarySI' : 'DecimalSI');
}

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function nonNegative(
  value: unknown,
  field: string,
  causes: FieldCause[],
): void {
  if (typeof value === 'number' && value < 0)
    causes.push(
      fieldInvalid(field, value, 'must be greater than or equal to 0'),
    );
}

/** `field.NotFound`: `Not found: <value>`. */
function fieldNotFound(field: string, value: unknown): FieldCause {
  return {
    reason: 'FieldValueNotFound',
    message: `Not found: ${goValue(value)}`,
    field,
  };
}

/**
 * The 400 of a value the JSON decoder cannot put into an `int64` field (sigs.k8s.io/json,
 * `UnmarshalTypeError`): `<Kind> in version "v1" cannot be handled as a <Kind>: json: cannot
 * unmarshal string into Go struct field PodSecurityContext.spec.template.spec.securityContext.runAsUser of type int64`.
 */
function requireInt64(
  value: unknown,
  goStruct: string,
  jsonPath: string,
  kind: string,
): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number' && Number.isInteger(value)) return;
  let what: string;
  if (typeof value === 'number') what = `number ${value}`;
  else if (typeof value === 'string') what = 'string';
  else if (typeof value === 'boolean') what = 'bool';
  else if (Array.isArray(value)) what = 'array';
  else what = 'object';
  throw new StatusError(
    400,
    'BadRequest',
    `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${what} into Go struct field ${goStruct}.${jsonPath} of type int64`,
  );
}

/** `validation.IsValidPercent` (apimachinery/pkg/util/validation). */
function isValidPercent(value: string): string[] {
  return /^[0-9]+%$/.test(value)
    ? []
    : [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ];
}

/** An `intstr.IntOrString` as `String()` prints it: the number, or the string unquoted. */
function intOrStringShown(value: number | string): string {
  return String(value);
}

/**
 * `ValidatePositiveIntOrPercent` (pkg/apis/apps/validation): a string must be a percent, a
 * number must not be negative.
 */
function positiveIntOrPercent(
  value: number | string,
  field: string,
): FieldCause[] {
  if (typeof value === 'string')
    return isValidPercent(value).map(m =>
      fieldInvalid(field, value, m, intOrStringShown(value)),
    );
  return value < 0
    ? [fieldInvalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** `getIntOrPercentValue`: a percent's number, else `IntValue()` (`Atoi`, 0 on error). */
function intOrPercentValue(value: number | string): number {
  if (typeof value === 'number') return value;
  if (/^[0-9]+%$/.test(value)) return Number(value.slice(0, -1));
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : 0;
}

/** `IsNotMoreThan100Percent`. */
function notMoreThan100Percent(
  value: number | string,
  field: string,
): FieldCause[] {
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value)) return [];
  return Number(value.slice(0, -1)) > 100
    ? [
        fieldInvalid(
          field,
          value,
          'must not be greater than 100%',
          intOrStringShown(value),
        ),
      ]
    : [];
}

/** An IntOrString field as decoded: a number or a string; anything else is not one. */
function asIntOrString(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string'
    ? value
    : undefined;
}

// ---------------------------------------------------------------- resources

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

const STANDARD_QUOTA_RESOURCES = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
];

const INTEGER_QUOTA_RESOURCES = [
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
];

function isHugePages(name: string): boolean {
  return (
    name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')
  );
}

/** `helper.IsNativeResource`: no domain, or a `kubernetes.io` one. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** `helper.IsExtendedResourceName`. */
function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** `helper.IsOvercommitAllowed`: native resources except hugepages. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

/** `helper.IsIntegerResourceName`: extended resources, object counts. */
function isIntegerResource(name: string): boolean {
  return (
    INTEGER_QUOTA_RESOURCES.includes(name) ||
    name.startsWith('count/') ||
    isExtended(name) ||
    (name.startsWith('requests.') && isExtended(name.slice(9)))
  );
}

/** `ValidateResourceQuantityValue`: non-negative, an integer where the resource counts. */
function quantityValue(
  name: string,
  value: unknown,
  field: string,
  kind: string,
): FieldCause[] {
  const n = quantityOf(value, kind);
  const causes: FieldCause[] = [];
  if (n < 0)
    causes.push(
      fieldInvalid(
        field,
        quantityString(value),
        'must be greater than or equal to 0',
      ),
    );
  if (isIntegerResource(name) && Math.round(n * 1000) % 1000 !== 0)
    causes.push(
      fieldInvalid(field, quantityString(value), 'must be an integer'),
    );
  return causes;
}

/** `validateResourceName` then `validateContainerResourceName`. */
function containerResourceName(name: string, field: string): FieldCause[] {
  const causes = isQualifiedName(name).map(m => fieldInvalid(field, name, m));
  if (causes.length) return causes;
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name))
      return [
        fieldInvalid(field, name, 'must be a standard resource for containers'),
      ];
  } else if (!isNative(name) && !isExtended(name)) {
    return [
      fieldInvalid(
        field,
        name,
        "doesn't follow extended resource name standard",
      ),
    ];
  }
  return [];
}

/** `ValidateResourceRequirements` of a container. */
function resourceRequirements(
  resources: any,
  field: string,
  kind: string,
): FieldCause[] {
  if (!isObject(resources)) return [];
  const causes: FieldCause[] = [];
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  for (const [name, q] of Object.entries(limits)) {
    const path = `${field}.limits[${name}]`;
    causes.push(...containerResourceName(name, path));
    causes.push(...quantityValue(name, q, path, kind));
  }
  for (const [name, q] of Object.entries(requests)) {
    const path = `${field}.requests[${name}]`;
    causes.push(...containerResourceName(name, path));
    causes.push(...quantityValue(name, q, path, kind));
    if (name in limits) {
      const req = quantityOf(q, kind);
      const lim = quantityOf(limits[name], kind);
      if (req !== lim && !overcommitAllowed(name))
        causes.push(
          fieldInvalid(
            `${field}.requests`,
            quantityString(q),
            `must be equal to ${name} limit of ${quantityString(limits[name])}`,
          ),
        );
      else if (req > lim)
        causes.push(
          fieldInvalid(
            `${field}.requests`,
            quantityString(q),
            `must be less than or equal to ${name} limit of ${quantityString(
              limits[name],
            )}`,
          ),
        );
    } else if (!overcommitAllowed(name)) {
      causes.push(
        fieldRequired(
          `${field}.limits`,
          'Limit must be set for non overcommitable resources',
        ),
      );
    }
  }
  return causes;
}

// ---------------------------------------------------------------- pods

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

function containerPorts(ports: unknown, field: string): FieldCause[] {
  if (!Array.isArray(ports)) return [];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const path = `${field}[${i}]`;
    if (typeof p?.name === 'string' && p.name.length > 0) {
      const msgs = isValidPortName(p.name);
      if (msgs.length)
        for (const m of msgs)
          causes.push(fieldInvalid(`${path}.name`, p.name, m));
      else if (names.has(p.name))
        causes.push(fieldDuplicate(`${path}.name`, p.name));
      else names.add(p.name);
    }
    if (!p?.containerPort) causes.push(fieldRequired(`${path}.containerPort`));
    else
      for (const m of isValidPortNum(p.containerPort))
        causes.push(fieldInvalid(`${path}.containerPort`, p.containerPort, m));
    if (p?.hostPort)
      for (const m of isValidPortNum(p.hostPort))
        causes.push(fieldInvalid(`${path}.hostPort`, p.hostPort, m));
    const protocol = p?.protocol ?? 'TCP';
    if (protocol === '') causes.push(fieldRequired(`${path}.protocol`));
    else if (!PROTOCOLS.includes(protocol))
      causes.push(fieldNotSupported(`${path}.protocol`, protocol, PROTOCOLS));
  });
  return causes;
}

function containerEnv(env: unknown, field: string): FieldCause[] {
  if (!Array.isArray(env)) return [];
  const causes: FieldCause[] = [];
  env.forEach((e: any, i: number) => {
    const path = `${field}[${i}].name`;
    const name = typeof e?.name === 'string' ? e.name : '';
    if (!name) causes.push(fieldRequired(path));
    else
      for (const m of isEnvVarName(name))
        causes.push(fieldInvalid(path, name, m));
  });
  return causes;
}

/**
 * The volume sources of `validateVolumeSource` (pkg/apis/core/validation/validation.go), in
 * its order: the JSON key, and the path its "may not specify more than 1 volume type"
 * names (upstream spells two of them its own way: `cephFS`, `downwarAPI`).
 */
const VOLUME_SOURCES: ReadonlyArray<[string, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
];

/** The checks of the sources the portal's templates use (`validate<Source>VolumeSource`). */
function volumeSource(key: string, source: any, path: string): FieldCause[] {
  const src = isObject(source) ? source : {};
  switch (key) {
    case 'emptyDir':
      if (
        src.sizeLimit !== undefined &&
        src.sizeLimit !== null &&
        isQuantity(src.sizeLimit) &&
        parseQuantity(src.sizeLimit) < 0
      )
        return [
          fieldForbidden(
            `${path}.sizeLimit`,
            'SizeLimit field must be a valid resource quantity',
          ),
        ];
      return [];
    case 'hostPath':
      return src.path ? [] : [fieldRequired(`${path}.path`)];
    case 'secret':
      return src.secretName ? [] : [fieldRequired(`${path}.secretName`)];
    case 'configMap':
      return src.name ? [] : [fieldRequired(`${path}.name`)];
    case 'persistentVolumeClaim':
      return src.claimName ? [] : [fieldRequired(`${path}.claimName`)];
    default:
      return [];
  }
}

/**
 * `ValidateVolumes`: each volume has exactly one source, a DNS-1123 label name, unique. Only
 * a volume without errors can be mounted (the names it returns).
 */
function volumes(
  list: unknown,
  field: string,
): { causes: FieldCause[]; names: Set<string> } {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  if (!Array.isArray(list)) return { causes, names };
  list.forEach((vol: any, i: number) => {
    const path = `${field}[${i}]`;
    const el: FieldCause[] = [];
    let count = 0;
    for (const [key, forbiddenPath] of VOLUME_SOURCES) {
      const source = vol?.[key];
      if (source === undefined || source === null) continue;
      if (count > 0 && key !== 'emptyDir') {
        el.push(
          fieldForbidden(
            `${path}.${forbiddenPath}`,
            'may not specify more than 1 volume type',
          ),
        );
        continue;
      }
      count++;
      el.push(...volumeSource(key, source, `${path}.${key}`));
    }
    if (count === 0) el.push(fieldRequired(path, 'must specify a volume type'));
    const name = typeof vol?.name === 'string' ? vol.name : '';
    if (!name) el.push(fieldRequired(`${path}.name`));
    else
      for (const m of isDNS1123Label(name))
        el.push(fieldInvalid(`${path}.name`, name, m));
    if (names.has(name)) el.push(fieldDuplicate(`${path}.name`, name));
    if (el.length === 0) names.add(name);
    else causes.push(...el);
  });
  return { causes, names };
}

/** `ValidateVolumeMounts`: a mount names a (valid) volume of the pod, at a unique path. */
function volumeMounts(
  mounts: unknown,
  field: string,
  volumeNames: Set<string>,
): FieldCause[] {
  if (!Array.isArray(mounts)) return [];
  const causes: FieldCause[] = [];
  const paths = new Set<string>();
  mounts.forEach((m: any, i: number) => {
    const path = `${field}[${i}]`;
    const name = typeof m?.name === 'string' ? m.name : '';
    const mountPath = typeof m?.mountPath === 'string' ? m.mountPath : '';
    if (!name) causes.push(fieldRequired(`${path}.name`));
    if (!volumeNames.has(name))
      causes.push(fieldNotFound(`${path}.name`, name));
    if (!mountPath) causes.push(fieldRequired(`${path}.mountPath`));
    if (paths.has(mountPath))
      causes.push(
        fieldInvalid(`${path}.mountPath`, mountPath, 'must be unique'),
      );
    paths.add(mountPath);
  });
  return causes;
}

/** `ValidatePortNumOrName` of an action's `port`. */
function portNumOrName(port: unknown, field: string): FieldCause[] {
  if (typeof port === 'string')
    return isValidPortName(port).map(m => fieldInvalid(field, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map(m => fieldInvalid(field, n, m));
}

const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

/**
 * `validateHandler`: exactly one of `exec`, `httpGet`, `tcpSocket`, `grpc` (probes) or `exec`,
 * `httpGet`, `tcpSocket`, `sleep` (lifecycle hooks), each checked; defaults (`path: /`,
 * `scheme: HTTP`) applied first, as the server does.
 */
function handler(
  h: any,
  field: string,
  types: readonly string[],
  gracePeriod: number,
): FieldCause[] {
  const causes: FieldCause[] = [];
  let count = 0;
  for (const type of types) {
    const action = h?.[type];
    if (action === undefined || action === null) continue;
    if (count > 0) {
      causes.push(
        fieldForbidden(
          `${field}.${type}`,
          'may not specify more than 1 handler type',
        ),
      );
      continue;
    }
    count++;
    const path = `${field}.${type}`;
    const a = isObject(action) ? action : {};
    switch (type) {
      case 'exec':
        if (!Array.isArray(a.command) || a.command.length === 0)
          causes.push(fieldRequired(`${path}.command`));
        break;
      case 'httpGet': {
        causes.push(...portNumOrName(a.port, `${path}.port`));
        const scheme = a.scheme ?? 'HTTP';
        if (!HTTP_SCHEMES.includes(scheme))
          causes.push(
            fieldNotSupported(`${path}.scheme`, scheme, HTTP_SCHEMES),
          );
        break;
      }
      case 'tcpSocket':
        causes.push(...portNumOrName(a.port, `${path}.port`));
        break;
      case 'grpc':
        causes.push(
          ...portNumOrName(
            typeof a.port === 'number' ? a.port : 0,
            `${path}.port`,
          ),
        );
        break;
      case 'sleep': {
        const seconds = typeof a.seconds === 'number' ? a.seconds : 0;
        if (seconds <= 0 || seconds > gracePeriod)
          causes.push(
            fieldInvalid(
              path,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          );
        break;
      }
      default:
    }
  }
  if (count === 0)
    causes.push(fieldRequired(field, 'must specify a handler type'));
  return causes;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROBE_FIELDS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
];

/**
 * `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe` and their
 * `validateProbe`; `successThreshold` defaults to 1 (`SetDefaults_Probe`).
 */
function probe(
  p: unknown,
  field: string,
  which: 'livenessProbe' | 'readinessProbe' | 'startupProbe',
  gracePeriod: number,
): FieldCause[] {
  if (p === undefined || p === null) return [];
  const pr: Record<string, any> = isObject(p) ? p : {};
  const causes = handler(pr, field, PROBE_HANDLERS, gracePeriod);
  for (const f of PROBE_FIELDS) nonNegative(pr[f], `${field}.${f}`, causes);
  const grace = pr.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0)
    causes.push(
      fieldInvalid(
        `${field}.terminationGracePeriodSeconds`,
        grace,
        'must be greater than 0',
      ),
    );
  const success = pr.successThreshold || 1;
  if (which !== 'readinessProbe' && success !== 1)
    causes.push(
      fieldInvalid(`${field}.successThreshold`, success, 'must be 1'),
    );
  if (which === 'readinessProbe' && grace !== undefined && grace !== null)
    causes.push(
      fieldInvalid(
        `${field}.terminationGracePeriodSeconds`,
        grace,
        'must not be set for readinessProbes',
      ),
    );
  return causes;
}

/** `validateLifecycle`: `postStart` and `preStop` are handlers. */
function lifecycle(
  l: unknown,
  field: string,
  gracePeriod: number,
): FieldCause[] {
  if (!isObject(l)) return [];
  const causes: FieldCause[] = [];
  for (const hook of ['postStart', 'preStop'])
    if (l[hook] !== undefined && l[hook] !== null)
      causes.push(
        ...handler(
          l[hook],
          `${field}.${hook}`,
          LIFECYCLE_HANDLERS,
          gracePeriod,
        ),
      );
  return causes;
}

/** `validation.IsValidUserID` / `IsValidGroupID`: 0 to MaxInt32. */
function unixId(value: unknown, field: string): FieldCause[] {
  if (typeof value !== 'number') return [];
  return value >= 0 && value <= 2147483647
    ? []
    : [
        fieldInvalid(
          field,
          value,
          'must be between 0 and 2147483647, inclusive',
        ),
      ];
}

/** `ValidateSecurityContext` of a container: the user and group ids. */
function containerSecurityContext(
  sc: unknown,
  field: string,
  jsonPath: string,
  kind: string,
): FieldCause[] {
  if (!isObject(sc)) return [];
  requireInt64(sc.runAsUser, 'SecurityContext', `${jsonPath}.runAsUser`, kind);
  requireInt64(
    sc.runAsGroup,
    'SecurityContext',
    `${jsonPath}.runAsGroup`,
    kind,
  );
  return [
    ...unixId(sc.runAsUser, `${field}.runAsUser`),
    ...unixId(sc.runAsGroup, `${field}.runAsGroup`),
  ];
}

/** `validatePodSpecSecurityContext`: `fsGroup`, `runAsUser`, `runAsGroup`, `supplementalGroups`. */
function podSecurityContext(
  sc: unknown,
  field: string,
  jsonPath: string,
  kind: string,
): FieldCause[] {
  if (!isObject(sc)) return [];
  for (const f of ['fsGroup', 'runAsUser', 'runAsGroup'])
    requireInt64(sc[f], 'PodSecurityContext', `${jsonPath}.${f}`, kind);
  const groups: unknown[] = Array.isArray(sc.supplementalGroups)
    ? sc.supplementalGroups
    : [];
  return [
    ...unixId(sc.fsGroup, `${field}.fsGroup`),
    ...unixId(sc.runAsUser, `${field}.runAsUser`),
    ...unixId(sc.runAsGroup, `${field}.runAsGroup`),
    ...groups.flatMap((g, i) => unixId(g, `${field}.supplementalGroups[${i}]`)),
  ];
}

/** `validateContainerCommon`: what regular and init containers share. */
function containerCommon(
  c: any,
  path: string,
  jsonPath: string,
  kind: string,
  volumeNames: Set<string>,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = typeof c?.name === 'string' ? c.name : '';
  if (!name) causes.push(fieldRequired(`${path}.name`));
  else
    for (const m of isDNS1123Label(name))
      causes.push(fieldInvalid(`${path}.name`, name, m));
  if (typeof c?.image !== 'string' || c.image.length === 0)
    causes.push(fieldRequired(`${path}.image`));
  causes.push(...containerPorts(c?.ports, `${path}.ports`));
  causes.push(...containerEnv(c?.env, `${path}.env`));
  causes.push(
    ...volumeMounts(c?.volumeMounts, `${path}.volumeMounts`, volumeNames),
  );
  if (
    c?.imagePullPolicy !== undefined &&
    !PULL_POLICIES.includes(c.imagePullPolicy)
  )
    causes.push(
      fieldNotSupported(
        `${path}.imagePullPolicy`,
        c.imagePullPolicy,
        PULL_POLICIES,
      ),
    );
  causes.push(...resourceRequirements(c?.resources, `${path}.resources`, kind));
  causes.push(
    ...containerSecurityContext(
      c?.securityContext,
      `${path}.securityContext`,
      `${jsonPath}.securityContext`,
      kind,
    ),
  );
  return causes;
}

/** `validateContainers` for a pod spec's `containers`. */
function containers(
  list: unknown,
  field: string,
  kind: string,
  volumeNames: Set<string>,
  gracePeriod: number,
): FieldCause[] {
  if (!Array.isArray(list) || list.length === 0) return [fieldRequired(field)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  list.forEach((c: any, i: number) => {
    const path = `${field}[${i}]`;
    causes.push(...containerCommon(c, path, field, kind, volumeNames));
    const name = typeof c?.name === 'string' ? c.name : '';
    if (names.has(name)) causes.push(fieldDuplicate(`${path}.name`, name));
    else names.add(name);
    if (c?.lifecycle !== undefined && c?.lifecycle !== null)
      causes.push(...lifecycle(c.lifecycle, `${path}.lifecycle`, gracePeriod));
    for (const which of [
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
    ] as const)
      causes.push(...probe(c?.[which], `${path}.${which}`, which, gracePeriod));
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null)
      causes.push(
        fieldForbidden(
          `${path}.restartPolicy`,
          'may not be set for non-init containers',
        ),
      );
  });
  return causes;
}

/**
 * `validateInitContainers`: the common container rules; names unique across `containers`
 * and `initContainers`; `restartPolicy` only `Always` (a sidecar, which may have probes and
 * a lifecycle); a plain init container may not have them.
 */
function initContainers(
  list: unknown,
  regular: unknown,
  field: string,
  kind: string,
  volumeNames: Set<string>,
  gracePeriod: number,
): FieldCause[] {
  if (!Array.isArray(list)) return [];
  const causes: FieldCause[] = [];
  const names = new Set<string>(
    (Array.isArray(regular) ? regular : []).map((c: any) =>
      typeof c?.name === 'string' ? c.name : '',
    ),
  );
  list.forEach((c: any, i: number) => {
    const path = `${field}[${i}]`;
    causes.push(...containerCommon(c, path, field, kind, volumeNames));
    let sidecar = false;
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null) {
      if (c.restartPolicy !== 'Always')
        causes.push(
          fieldNotSupported(`${path}.restartPolicy`, c.restartPolicy, [
            'Always',
          ]),
        );
      sidecar = c.restartPolicy === 'Always';
    }
    const name = typeof c?.name === 'string' ? c.name : '';
    if (names.has(name)) causes.push(fieldDuplicate(`${path}.name`, name));
    else if (name) names.add(name);
    const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
    if (sidecar) {
      if (c?.lifecycle !== undefined && c?.lifecycle !== null)
        causes.push(
          ...lifecycle(c.lifecycle, `${path}.lifecycle`, gracePeriod),
        );
      for (const which of probes)
        causes.push(
          ...probe(c?.[which], `${path}.${which}`, which, gracePeriod),
        );
    } else {
      for (const f of ['lifecycle', ...probes])
        if (c?.[f] !== undefined && c?.[f] !== null)
          causes.push(
            fieldForbidden(
              `${path}.${f}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
    }
  });
  return causes;
}

/**
 * `ValidatePodTemplateSpecForReplicaSet`: the template's metadata and `ValidatePodSpec` (in
 * its order: volumes, containers, init containers, `restartPolicy`, `securityContext`,
 * `priorityClassName`, `runtimeClassName`), then the workload rules (`restartPolicy:
 * Always`, no `activeDeadlineSeconds`).
 */
function podTemplate(template: any, field: string, kind: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const meta = isObject(template?.metadata) ? template.metadata : {};
  causes.push(...validateLabels(meta.labels, `${field}.metadata.labels`));
  causes.push(
    ...validateAnnotations(meta.annotations, `${field}.metadata.annotations`),
  );
  const spec = isObject(template?.spec) ? template.spec : {};
  const specPath = `${field}.spec`;
  // SetDefaults_PodSpec: 30 seconds.
  const gracePeriod =
    typeof spec.terminationGracePeriodSeconds === 'number'
      ? spec.terminationGracePeriodSeconds
      : 30;
  const vols = volumes(spec.volumes, `${specPath}.volumes`);
  causes.push(...vols.causes);
  causes.push(
    ...containers(
      spec.containers,
      `${specPath}.containers`,
      kind,
      vols.names,
      gracePeriod,
    ),
  );
  causes.push(
    ...initContainers(
      spec.initContainers,
      spec.containers,
      `${specPath}.initContainers`,
      kind,
      vols.names,
      gracePeriod,
    ),
  );
  const restart = spec.restartPolicy ?? 'Always';
  if (!RESTART_POLICIES.includes(restart))
    causes.push(
      fieldNotSupported(`${specPath}.restartPolicy`, restart, RESTART_POLICIES),
    );
  causes.push(
    ...podSecurityContext(
      spec.securityContext,
      `${specPath}.securityContext`,
      `${specPath}.securityContext`,
      kind,
    ),
  );
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName)
    for (const m of isDNS1123Subdomain(spec.priorityClassName))
      causes.push(
        fieldInvalid(
          `${specPath}.priorityClassName`,
          spec.priorityClassName,
          m,
        ),
      );
  if (typeof spec.runtimeClassName === 'string')
    for (const m of isDNS1123Subdomain(spec.runtimeClassName))
      causes.push(
        fieldInvalid(`${specPath}.runtimeClassName`, spec.runtimeClassName, m),
      );
  // RestartPolicy has already been first-order validated; only Always is supported.
  if (restart !== 'Always')
    causes.push(
      fieldNotSupported(`${specPath}.restartPolicy`, restart, ['Always']),
    );
  if (
    spec.activeDeadlineSeconds !== undefined &&
    spec.activeDeadlineSeconds !== null
  )
    causes.push(
      fieldForbidden(
        `${specPath}.activeDeadlineSeconds`,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  return causes;
}

// ---------------------------------------------------------------- kinds

function selectorSize(selector: any): number {
  return (
    Object.keys(isObject(selector?.matchLabels) ? selector.matchLabels : {})
      .length +
    (Array.isArray(selector?.matchExpressions)
      ? selector.matchExpressions.length
      : 0)
  );
}

/**
 * `ValidateRollingUpdateDeployment` (pkg/apis/apps/validation/validation.go), after
 * `SetDefaults_Deployment` (pkg/apis/apps/v1/defaults.go) has set a missing `maxUnavailable`
 * or `maxSurge` to `25%`: each an int >= 0 or a percent, not both 0, `maxUnavailable` at
 * most 100%.
 */
function rollingUpdate(value: unknown): FieldCause[] {
  const ru = isObject(value) ? value : {};
  const field = 'spec.strategy.rollingUpdate';
  const maxUnavailable = asIntOrString(ru.maxUnavailable) ?? '25%';
  const maxSurge = asIntOrString(ru.maxSurge) ?? '25%';
  const causes = [
    ...positiveIntOrPercent(maxUnavailable, `${field}.maxUnavailable`),
    ...positiveIntOrPercent(maxSurge, `${field}.maxSurge`),
  ];
  if (
    intOrPercentValue(maxUnavailable) === 0 &&
    intOrPercentValue(maxSurge) === 0
  )
    causes.push(
      fieldInvalid(
        `${field}.maxUnavailable`,
        maxUnavailable,
        'may not be 0 when `maxSurge` is 0',
        intOrStringShown(maxUnavailable),
      ),
    );
  causes.push(
    ...notMoreThan100Percent(maxUnavailable, `${field}.maxUnavailable`),
  );
  return causes;
}

/** `ValidateDeploymentSpec`. */
function validateDeployment(obj: KubeObject): FieldCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  nonNegative(spec.replicas, 'spec.replicas', causes);
  const selector = spec.selector;
  // What `LabelSelectorAsSelector` makes of it: nil matches nothing, {} everything.
  let convertible = true;
  if (!isObject(selector)) causes.push(fieldRequired('spec.selector'));
  else {
    const selCauses = validateLabelSelector(selector, 'spec.selector');
    causes.push(...selCauses);
    if (selectorSize(selector) === 0)
      causes.push(
        fieldInvalid(
          'spec.selector',
          selector,
          'empty selector is invalid for deployment',
          goLabelSelector(selector),
        ),
      );
    convertible = selCauses.length === 0;
  }
  const template = isObject(spec.template) ? spec.template : {};
  if (!convertible) {
    causes.push(
      fieldInvalid(
        'spec.selector',
        selector,
        'invalid label selector',
        goLabelSelector(selector),
      ),
    );
  } else {
    const templateLabels = isObject(template.metadata?.labels)
      ? template.metadata.labels
      : undefined;
    const matchesNothing = !isObject(selector);
    if (
      (matchesNothing || selectorSize(selector) > 0) &&
      (matchesNothing || !selectorMatches(selector, templateLabels))
    )
      causes.push(
        fieldInvalid(
          'spec.template.metadata.labels',
          templateLabels ?? {},
          '`selector` does not match template `labels`',
          templateLabels ? undefined : 'map[string]string(nil)',
        ),
      );
    causes.push(...podTemplate(template, 'spec.template', 'Deployment'));
  }
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    if (strategy.rollingUpdate)
      causes.push(
        fieldForbidden(
          'spec.strategy.rollingUpdate',
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
  } else if (type === 'RollingUpdate') {
    causes.push(...rollingUpdate(strategy.rollingUpdate));
  } else {
    causes.push(
      fieldNotSupported(
        'spec.strategy',
        strategy,
        ['Recreate', 'RollingUpdate'],
        `apps.DeploymentStrategy{Type:${JSON.stringify(type)}}`,
      ),
    );
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', causes);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', causes);
  if (typeof spec.progressDeadlineSeconds === 'number') {
    nonNegative(
      spec.progressDeadlineSeconds,
      'spec.progressDeadlineSeconds',
      causes,
    );
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      causes.push(
        fieldInvalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  return causes;
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const NODE_PORT_RANGE = [30000, 32767] as const;

function isIP(value: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  return (
    v4.test(value) || (value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value))
  );
}

/** `ValidateService` (and, with `old`, `ValidateServiceUpdate`'s `clusterIP` rule). */
function validateService(obj: KubeObject, old?: KubeObject): FieldCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  const type = spec.type ?? 'ClusterIP';
  const clusterIP: string = spec.clusterIP ?? '';
  const headless = clusterIP === 'None';
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    causes.push(fieldRequired('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless)
    causes.push(
      fieldInvalid(
        'spec.clusterIP',
        clusterIP,
        `may not be set to 'None' for ${type} services`,
      ),
    );
  if (type === 'ExternalName') {
    if (clusterIP !== '')
      causes.push(
        fieldForbidden(
          'spec.clusterIP',
          'must be empty for ExternalName services',
        ),
      );
    const ext = typeof spec.externalName === 'string' ? spec.externalName : '';
    if (ext)
      for (const m of isDNS1123Subdomain(ext))
        causes.push(fieldInvalid('spec.externalName', ext, m));
    else causes.push(fieldRequired('spec.externalName'));
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const path = `spec.ports[${i}]`;
    const name = typeof p?.name === 'string' ? p.name : '';
    if (ports.length > 1 && !name) causes.push(fieldRequired(`${path}.name`));
    else if (name) {
      for (const m of isDNS1123Label(name))
        causes.push(fieldInvalid(`${path}.name`, name, m));
      if (names.has(name)) causes.push(fieldDuplicate(`${path}.name`, name));
      else names.add(name);
    }
    const port = p?.port ?? 0;
    for (const m of isValidPortNum(port))
      causes.push(fieldInvalid(`${path}.port`, port, m));
    const protocol = p?.protocol ?? 'TCP';
    if (protocol === '') causes.push(fieldRequired(`${path}.protocol`));
    else if (!PROTOCOLS.includes(protocol))
      causes.push(fieldNotSupported(`${path}.protocol`, protocol, PROTOCOLS));
    const target = p?.targetPort ?? port;
    if (typeof target === 'number') {
      for (const m of isValidPortNum(target))
        causes.push(fieldInvalid(`${path}.targetPort`, target, m));
    } else if (typeof target === 'string') {
      for (const m of isValidPortName(target))
        causes.push(fieldInvalid(`${path}.targetPort`, target, m));
    }
    if (p?.nodePort) {
      if (type === 'ClusterIP')
        causes.push(
          fieldForbidden(
            `${path}.nodePort`,
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
      else if (
        p.nodePort < NODE_PORT_RANGE[0] ||
        p.nodePort > NODE_PORT_RANGE[1]
      )
        causes.push(
          fieldInvalid(
            `${path}.nodePort`,
            p.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]}`,
          ),
        );
      const key = `${protocol}/${p.nodePort}`;
      if (nodePorts.has(key))
        causes.push(fieldDuplicate(`${path}.nodePort`, p.nodePort));
      nodePorts.add(key);
    }
    const key = `${protocol}/${port}`;
    if (seen.has(key))
      causes.push(
        fieldDuplicate(
          path,
          p,
          `core.ServicePort{Name:"", Protocol:${JSON.stringify(
            protocol,
          )}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
        ),
      );
    seen.add(key);
  });
  if (spec.selector !== undefined && spec.selector !== null)
    causes.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = spec.sessionAffinity ?? 'None';
  if (!SESSION_AFFINITIES.includes(affinity))
    causes.push(
      fieldNotSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES),
    );
  if (clusterIP && !headless && !isIP(clusterIP))
    causes.push(
      fieldInvalid(
        'spec.clusterIP',
        clusterIP,
        "must be empty, 'None', or a valid IP address",
      ),
    );
  if (!SERVICE_TYPES.includes(type))
    causes.push(fieldNotSupported('spec.type', type, SERVICE_TYPES));
  if (old) {
    const before: string = old.spec?.clusterIP ?? '';
    if (
      type !== 'ExternalName' &&
      (old.spec?.type ?? 'ClusterIP') !== 'ExternalName' &&
      before &&
      clusterIP &&
      clusterIP !== before
    )
      causes.push(
        fieldInvalid('spec.clusterIP', clusterIP, 'field is immutable'),
      );
  }
  return causes;
}

const ACCESS_MODES = [
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOnce',
  'ReadWriteOncePod',
];

/** Quantities compared as the API server's `Semantic.DeepEqual` does (by value). */
function normalizedPvcSpec(spec: any): unknown {
  const out: Record<string, unknown> = { ...(isObject(spec) ? spec : {}) };
  // SetDefaults_PersistentVolumeClaimSpec.
  out.volumeMode = out.volumeMode ?? 'Filesystem';
  const resources = isObject(out.resources) ? { ...out.resources } : {};
  for (const key of ['requests', 'limits']) {
    if (isObject(resources[key])) {
      resources[key] = Object.fromEntries(
        Object.entries(resources[key] as Record<string, unknown>)
          .map(([k, v]) => [k, isQuantity(v) ? parseQuantity(v) : v])
          .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
      );
    }
  }
  out.resources = resources;
  for (const [k, v] of Object.entries(out))
    if (v === undefined || v === null) delete out[k];
  return sortedDeep(out);
}

function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => [k, sortedDeep(x)]),
  );
}

/**
 * `ValidatePersistentVolumeClaimUpdate` (pkg/apis/core/validation/validation.go) with the
 * 1.31 feature gates (`RecoverVolumeExpansionFailure` and `VolumeAttributesClass` off): the
 * spec is immutable except `volumeName` (settable once), `storageClassName` (settable from
 * unset) and, for a Bound claim, `resources.requests.storage`, which may not shrink. The
 * real message goes on with a `cmp.Diff` of the Go structs, which is not reproduced.
 */
function validatePvcUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const next: Record<string, any> = { ...(isObject(obj.spec) ? obj.spec : {}) };
  const prev: Record<string, any> = { ...(isObject(old.spec) ? old.spec : {}) };
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  const oldAnnotation =
    old.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (
    oldAnnotation === undefined &&
    (prev.storageClassName === undefined || prev.storageClassName === null) &&
    typeof next.storageClassName === 'string' &&
    next.storageClassName !== ''
  )
    prev.storageClassName = next.storageClassName;
  const newStorage = next.resources?.requests?.storage;
  const oldStorage = old.spec?.resources?.requests?.storage;
  // The status a PUT sends is replaced by the stored one (PrepareForUpdate).
  const phase = old.status?.phase;
  if (phase === 'Bound' && isObject(next.resources?.requests)) {
    next.resources = {
      ...next.resources,
      requests: { ...next.resources.requests, storage: oldStorage },
    };
  }
  next.volumeAttributesClassName = prev.volumeAttributesClassName;
  if (
    JSON.stringify(normalizedPvcSpec(next)) !==
    JSON.stringify(normalizedPvcSpec(prev))
  )
    causes.push(
      fieldForbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  if (
    isQuantity(newStorage) &&
    isQuantity(oldStorage) &&
    parseQuantity(newStorage) < parseQuantity(oldStorage)
  )
    causes.push(
      fieldForbidden(
        'spec.resources.requests.storage',
        'field can not be less than previous value',
      ),
    );
  const mode = (s: any) => s?.volumeMode ?? 'Filesystem';
  if (mode(obj.spec) !== mode(old.spec))
    causes.push(
      fieldInvalid('volumeMode', mode(obj.spec), 'field is immutable'),
    );
  if (
    (obj.spec?.volumeAttributesClassName ?? null) !==
    (old.spec?.volumeAttributesClassName ?? null)
  )
    causes.push(
      fieldForbidden(
        'spec.volumeAttributesClassName',
        'update is forbidden when the VolumeAttributesClass feature gate is disabled',
      ),
    );
  return causes;
}

const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/**
 * `ValidatePodDisruptionBudgetSpec` (pkg/apis/policy/validation/validation.go):
 * `minAvailable` and `maxUnavailable` are exclusive, each an int >= 0 or a percent up to
 * 100%; the selector is a valid label selector. The spec of the first message is printed
 * as Go's `%#v` of the internal struct, whose pointers are shown here as `0xc000000000`.
 */
function validatePdb(obj: KubeObject): FieldCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  const minAvailable = asIntOrString(spec.minAvailable);
  const maxUnavailable = asIntOrString(spec.maxUnavailable);
  if (minAvailable !== undefined && maxUnavailable !== undefined) {
    const ptr = (v: unknown, type: string) =>
      v === undefined || v === null
        ? `(*${type})(nil)`
        : `(*${type})(0xc000000000)`;
    causes.push(
      fieldInvalid(
        'spec',
        spec,
        'minAvailable and maxUnavailable cannot be both set',
        `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr(
          minAvailable,
          'intstr.IntOrString',
        )}, Selector:${ptr(
          spec.selector,
          'v1.LabelSelector',
        )}, MaxUnavailable:${ptr(
          maxUnavailable,
          'intstr.IntOrString',
        )}, UnhealthyPodEvictionPolicy:${ptr(
          spec.unhealthyPodEvictionPolicy,
          'policy.UnhealthyPodEvictionPolicyType',
        )}}`,
      ),
    );
  }
  for (const [value, name] of [
    [minAvailable, 'minAvailable'],
    [maxUnavailable, 'maxUnavailable'],
  ] as const) {
    if (value === undefined) continue;
    causes.push(...positiveIntOrPercent(value, `spec.${name}`));
    causes.push(...notMoreThan100Percent(value, `spec.${name}`));
  }
  if (isObject(spec.selector))
    causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (
    policy !== undefined &&
    policy !== null &&
    !UNHEALTHY_POD_EVICTION_POLICIES.includes(policy)
  )
    causes.push(
      fieldNotSupported(
        'spec.unhealthyPodEvictionPolicy',
        policy,
        UNHEALTHY_POD_EVICTION_POLICIES,
      ),
    );
  return causes;
}

/** `ValidatePersistentVolumeClaimSpec`. */
function validatePvc(obj: KubeObject): FieldCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  const modes: unknown[] = Array.isArray(spec.accessModes)
    ? spec.accessModes
    : [];
  if (modes.length === 0)
    causes.push(
      fieldRequired('spec.accessModes', 'at least 1 access mode is required'),
    );
  if (spec.selector)
    causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  for (const mode of modes)
    if (!ACCESS_MODES.includes(mode as string))
      causes.push(fieldNotSupported('spec.accessModes', mode, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    causes.push(
      fieldForbidden(
        'spec.accessModes',
        'may not use ReadWriteOncePod with other access modes',
      ),
    );
  const storage = isObject(spec.resources?.requests)
    ? spec.resources.requests.storage
    : undefined;
  const path = 'spec.resources[storage]';
  if (storage === undefined || storage === null)
    causes.push(fieldRequired(path));
  else {
    causes.push(
      ...quantityValue('storage', storage, path, 'PersistentVolumeClaim'),
    );
    if (parseQuantity(storage) <= 0)
      causes.push(
        fieldInvalid(
          path,
          quantityString(storage),
          'must be greater than zero',
        ),
      );
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName)
    for (const m of isDNS1123Subdomain(spec.storageClassName))
      causes.push(
        fieldInvalid('spec.storageClassName', spec.storageClassName, m),
      );
  return causes;
}

/** Bytes of a Secret's base64 `data` value. */
function decodedLength(value: unknown): number {
  if (typeof value !== 'string') return 0;
  return Buffer.from(value, 'base64').length;
}

/** `ValidateSecret` and, with `old`, `ValidateSecretUpdate`. */
function validateSecret(obj: KubeObject, old?: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const data: Record<string, unknown> = isObject(obj.data) ? obj.data : {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key))
      causes.push(fieldInvalid(`data[${key}]`, key, m));
    total += decodedLength(value);
  }
  if (total > MAX_SECRET_SIZE)
    causes.push(fieldTooLong('data', MAX_SECRET_SIZE));
  const type = obj.type || old?.type || 'Opaque';
  const annotations = isObject(obj.metadata?.annotations)
    ? obj.metadata.annotations
    : {};
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!annotations['kubernetes.io/service-account.name'])
        causes.push(
          fieldRequired(
            'metadata.annotations[kubernetes.io/service-account.name]',
          ),
        );
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key =
        type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!(key in data)) causes.push(fieldRequired(`data[${key}]`));
      else {
        try {
          const parsed = JSON.parse(
            Buffer.from(String(data[key]), 'base64').toString('utf8'),
          );
          if (!isObject(parsed)) throw new Error('not an object');
        } catch {
          causes.push(
            fieldInvalid(
              `data[${key}]`,
              '<secret contents redacted>',
              'unexpected end of JSON input',
            ),
          );
        }
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        causes.push(fieldRequired('data[%s][username]'));
        causes.push(fieldRequired('data[%s][password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!decodedLength(data['ssh-privatekey']))
        causes.push(fieldRequired('data[%s][ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) causes.push(fieldRequired('data[tls.crt]'));
      if (!('tls.key' in data)) causes.push(fieldRequired('data[tls.key]'));
      break;
    default:
  }
  if (old) {
    const before = old.type || 'Opaque';
    if (type !== before)
      causes.push(fieldInvalid('type', type, 'field is immutable'));
    causes.push(...immutableData(obj, old, ['data']));
  }
  return causes;
}

/** The `immutable: true` rule of Secrets and ConfigMaps. */
function immutableData(
  obj: KubeObject,
  old: KubeObject,
  fields: string[],
): FieldCause[] {
  if (old.immutable !== true) return [];
  const causes: FieldCause[] = [];
  if (obj.immutable !== true)
    causes.push(
      fieldForbidden('immutable', 'field is immutable when `immutable` is set'),
    );
  for (const f of fields) {
    if (JSON.stringify(sorted(obj[f])) !== JSON.stringify(sorted(old[f])))
      causes.push(
        fieldForbidden(f, 'field is immutable when `immutable` is set'),
      );
  }
  return causes;
}

function sorted(v: unknown): unknown {
  if (!isObject(v) || Object.keys(v).length === 0) return null;
  return Object.fromEntries(
    Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** `ValidateConfigMap` and, with `old`, the `immutable` rule. */
function validateConfigMap(obj: KubeObject, old?: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const data: Record<string, unknown> = isObject(obj.data) ? obj.data : {};
  const binary: Record<string, unknown> = isObject(obj.binaryData)
    ? obj.binaryData
    : {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key))
      causes.push(fieldInvalid(`data[${key}]`, key, m));
    if (key in binary)
      causes.push(
        fieldInvalid(
          `data[${key}]`,
          key,
          'duplicate of key present in binaryData',
        ),
      );
    total += typeof value === 'string' ? byteLength(value) : 0;
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const m of isConfigMapKey(key))
      causes.push(fieldInvalid(`binaryData[${key}]`, key, m));
    total += decodedLength(value);
  }
  // Upstream passes `field.NewPath("")`, which real servers print as `[]`.
  if (total > MAX_SECRET_SIZE) causes.push(fieldTooLong('[]', MAX_SECRET_SIZE));
  if (old) causes.push(...immutableData(obj, old, ['data', 'binaryData']));
  return causes;
}

const QUOTA_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
];

/** `ValidateResourceQuotaResourceName`. */
function quotaResourceName(name: string, field: string): FieldCause[] {
  const causes = isQualifiedName(name).map(m => fieldInvalid(field, name, m));
  if (causes.length) return causes;
  if (!name.includes('/')) {
    const standard =
      STANDARD_QUOTA_RESOURCES.includes(name) ||
      isHugePages(name) ||
      name.startsWith('requests.') ||
      name.startsWith('limits.');
    if (!standard)
      return [
        fieldInvalid(
          field,
          name,
          'must be a standard resource type or fully qualified',
        ),
        fieldInvalid(field, name, 'must be a standard resource for quota'),
      ];
    if (!STANDARD_QUOTA_RESOURCES.includes(name) && !isHugePages(name))
      return [
        fieldInvalid(field, name, 'must be a standard resource for quota'),
      ];
  }
  return [];
}

/** `ValidateResourceQuota` and, with `old`, the immutable `scopes`. */
function validateResourceQuota(
  obj: KubeObject,
  old?: KubeObject,
): FieldCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  const hard = isObject(spec.hard) ? spec.hard : {};
  for (const [name, value] of Object.entries(hard)) {
    const path = `spec.hard[${name}]`;
    causes.push(...quotaResourceName(name, path));
    causes.push(...quantityValue(name, value, path, 'ResourceQuota'));
  }
  const scopes: unknown[] = Array.isArray(spec.scopes) ? spec.scopes : [];
  const shown = `[]core.ResourceQuotaScope{${scopes
    .map(s => JSON.stringify(s))
    .join(', ')}}`;
  for (const s of scopes)
    if (!QUOTA_SCOPES.includes(s as string))
      causes.push(
        fieldInvalid('spec.scopes', scopes, 'unsupported scope', shown),
      );
  const conflicting = [
    ['BestEffort', 'NotBestEffort'],
    ['Terminating', 'NotTerminating'],
  ];
  for (const pair of conflicting)
    if (pair.every(p => scopes.includes(p)))
      causes.push(
        fieldInvalid('spec.scopes', scopes, 'conflicting scopes', shown),
      );
  if (old) {
    const before = [...(old.spec?.scopes ?? [])].sort();
    const after = [...scopes].sort();
    if (JSON.stringify(before) !== JSON.stringify(after))
      causes.push(
        fieldInvalid('spec.scopes', scopes, 'field is immutable', shown),
      );
  }
  return causes;
}

/** `ValidateNamespace`: `spec.finalizers` are qualified names, standard or with a domain. */
function validateNamespace(obj: KubeObject): FieldCause[] {
  const finalizers: unknown[] = Array.isArray(obj.spec?.finalizers)
    ? obj.spec.finalizers
    : [];
  const causes: FieldCause[] = [];
  for (const f of finalizers) {
    const name = String(f);
    causes.push(
      ...isQualifiedName(name).map(m =>
        fieldInvalid('spec.finalizers', name, m),
      ),
    );
    if (!name.includes('/') && name !== 'kubernetes')
      causes.push(
        fieldInvalid(
          'spec.finalizers',
          name,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
  }
  return causes;
}

/** The kinds {@link validateBuiltinObject} checks beyond metadata, as `group/Kind`. @public */
export const VALIDATED_BUILTIN_KINDS: readonly string[] = [
  'apps/Deployment',
  '/Service',
  '/PersistentVolumeClaim',
  '/Secret',
  '/ConfigMap',
  '/ResourceQuota',
  '/Namespace',
  'policy/PodDisruptionBudget',
];

/**
 * Validates the spec of a built-in object as kube-apiserver's strategy does on create, or
 * on update when `old` (the stored object) is given. Returns the causes of a 422
 * Invalid; throws a 400 StatusError for a quantity that a real server would not even
 * decode. Returns no causes for other kinds.
 * @public
 */
export function validateBuiltinObject(
  group: string,
  obj: KubeObject,
  old?: KubeObject,
): FieldCause[] {
  switch (`${group}/${obj.kind}`) {
    case 'apps/Deployment':
      return validateDeployment(obj);
    case '/Service':
      return validateService(obj, old);
    case '/PersistentVolumeClaim':
      return old
        ? [...validatePvc(obj), ...validatePvcUpdate(obj, old)]
        : validatePvc(obj);
    case 'policy/PodDisruptionBudget':
      return validatePdb(obj);
    case '/Secret':
      return validateSecret(obj, old);
    case '/ConfigMap':
      return validateConfigMap(obj, old);
    case '/ResourceQuota':
      return validateResourceQuota(obj, old);
    case '/Namespace':
      return old ? [] : validateNamespace(obj);
    default:
      return [];
  }
}
