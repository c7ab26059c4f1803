/**
 * kube-apiserver's validation of `metadata` (apimachinery `pkg/api/validation/objectmeta.go`,
 * `pkg/util/validation/validation.go` and `pkg/apis/meta/v1/validation` as of Kubernetes
 * 1.31): names by their kind's rule, `generateName`, namespaces, label and annotation keys
 * and values, finalizers, and label selectors. Messages are upstream's, word for word.
 */
import { matchLabelSelector } from '../karmada/selectors';
import type { FieldCause } from '../types';

// ---------------------------------------------------------------- field errors

/** `%v`/`%q`/`%#v` of a Go value as `field.Error.ErrorBody` prints it, for the JSON we have. */
export function goValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value))
    return `[]interface {}{${value.map(goValue).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(
      ([a], [b]) => Number(a > b) - Number(a < b),
    );
    if (entries.every(([, v]) => typeof v === 'string'))
      return `map[string]string{${entries
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join(', ')}}`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** `field.Invalid`: `Invalid value: <value>: <detail>`. @public */
export function fieldInvalid(
  field: string,
  value: unknown,
  detail: string,
  shown?: string,
): FieldCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${shown ?? goValue(value)}${
      detail ? `: ${detail}` : ''
    }`,
    field,
  };
}

/** `field.Required`: `Required value[: <detail>]`. @public */
export function fieldRequired(field: string, detail = ''): FieldCause {
  return {
    reason: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
    field,
  };
}

/** `field.Forbidden`: `Forbidden: <detail>`. @public */
export function fieldForbidden(field: string, detail: string): FieldCause {
  return {
    reason: 'FieldValueForbidden',
    message: detail ? `Forbidden: ${detail}` : 'Forbidden',
    field,
  };
}

/** `field.Duplicate`: `Duplicate value: <value>`. @public */
export function fieldDuplicate(
  field: string,
  value: unknown,
  shown?: string,
): FieldCause {
  return {
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${shown ?? goValue(value)}`,
    field,
  };
}

/** `field.NotSupported`: `Unsupported value: <value>: supported values: "a", "b"`. @public */
export function fieldNotSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
  shown?: string,
): FieldCause {
  const detail = supported.length
    ? `: supported values: ${supported.map(s => JSON.stringify(s)).join(', ')}`
    : '';
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${shown ?? goValue(value)}${detail}`,
    field,
  };
}

/** `field.TooLong`: `Too long: must have at most <n> bytes`. @public */
export function fieldTooLong(field: string, max: number): FieldCause {
  return {
    reason: 'FieldValueTooLong',
    message: `Too long: must have at most ${max} bytes`,
    field,
  };
}

// ---------------------------------------------------------------- string formats

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_MAP_KEY = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const ENV_VAR_NAME = new RegExp(`^${ENV_VAR_NAME_FMT}$`);

/** Go's `len(s)`: UTF-8 bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** `validation.MaxLenError`. */
function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** `validation.RegexError`. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0)
    return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples
    .map(e => `'${e}', `)
    .join(' or ')}regex used for validation is '${fmt}')`;
}

/** `validation.IsDNS1123Label`. @public */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** `validation.IsDNS1123Subdomain`. @public */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  return errs;
}

/** `validation.IsDNS1035Label`. @public */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  return errs;
}

/** `validation.IsQualifiedName`: label keys, annotation keys, finalizers, resource names. @public */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  const nameMsg = regexError(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    QUALIFIED_NAME_FMT,
    'MyName',
    'my.name',
    '123-abc',
  );
  switch (parts.length) {
    case 1:
      name = parts[0];
      break;
    case 2: {
      const prefix = parts[0];
      name = parts[1];
      if (prefix.length === 0) errs.push('prefix part must be non-empty');
      else
        errs.push(...isDNS1123Subdomain(prefix).map(m => `prefix part ${m}`));
      break;
    }
    default:
      return [
        `a qualified name ${nameMsg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${nameMsg}`);
  return errs;
}

/** `validation.IsValidLabelValue`. @public */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return [`must not be '.'`];
  if (value === '..') return [`must not be '..'`];
  if (value.startsWith('..')) return [`must not start with '..'`];
  return [];
}

/** `validation.IsConfigMapKey`: keys of ConfigMap and Secret data. @public */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY.test(value))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  errs.push(...hasChDirPrefix(value));
  return errs;
}

/** `validation.IsEnvVarName` (strict: `RelaxedEnvironmentVariableValidation` is off in 1.31). @public */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!ENV_VAR_NAME.test(value))
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_VAR_NAME_FMT,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    );
  errs.push(...hasChDirPrefix(value));
  return errs;
}

/** `validation.IsValidPortNum`. @public */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive'];
}

/** `validation.IsValidPortName` (IANA_SVC_NAME). @public */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push(
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen');
  return errs;
}

/** `path.IsValidPathSegmentName` (`prefix`: `IsValidPathSegmentPrefix`). @public */
export function isValidPathSegmentName(name: string, prefix = false): string[] {
  if (!prefix) {
    for (const bad of ['.', '..'])
      if (name === bad) return [`may not be '${bad}'`];
  }
  const errs: string[] = [];
  for (const bad of ['/', '%'])
    if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

// ---------------------------------------------------------------- names

/** How a kind's names are validated (its `ValidateNameFunc`). @public */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path' | 'none';

/**
 * The name rule of a kind: DNS-1123 labels for Namespaces, DNS-1035 labels for Services,
 * path segments for RBAC objects and HorizontalPodAutoscalers, none for Karmada's
 * Cluster (its aggregated API server checks names itself, see `validateKarmadaObject`),
 * DNS-1123 subdomains for everything else, custom resources included.
 * @public
 */
export function nameRuleFor(group: string, kind: string): NameRule {
  if (group === '' && kind === 'Namespace') return 'label';
  if (group === '' && kind === 'Service') return 'dns1035';
  if (group === 'rbac.authorization.k8s.io') return 'path';
  if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler')
    return 'path';
  if (group === 'cluster.karmada.io' && kind === 'Cluster') return 'none';
  return 'subdomain';
}

/** apimachinery's `maskTrailingDash`, kept byte for byte (it drops two characters). */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-'))
    return `${name.slice(0, name.length - 2)}a`;
  return name;
}

/** A `ValidateNameFunc`: `prefix` for a `generateName`, to which a suffix is appended. @public */
export function validateName(
  rule: NameRule,
  name: string,
  prefix = false,
): string[] {
  switch (rule) {
    case 'none':
      return [];
    case 'path':
      return isValidPathSegmentName(name, prefix);
    case 'label':
      return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
    case 'dns1035':
      return isDNS1035Label(prefix ? maskTrailingDash(name) : name);
    default:
      return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
  }
}

// ---------------------------------------------------------------- labels, annotations

/** `metav1validation.ValidateLabels`: every cause names the map's path, not the key. @public */
export function validateLabels(labels: unknown, field: string): FieldCause[] {
  if (!labels || typeof labels !== 'object') return [];
  const causes: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const msg of isQualifiedName(k))
      causes.push(fieldInvalid(field, k, msg));
    const value = typeof v === 'string' ? v : String(v ?? '');
    for (const msg of isValidLabelValue(value))
      causes.push(fieldInvalid(field, value, msg));
  }
  return causes;
}

/** The most annotations (keys and values together) an object may carry: 256 KiB. @public */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** `ValidateAnnotations`: qualified keys (case does not matter) and a total size limit. @public */
export function validateAnnotations(
  annotations: unknown,
  field: string,
): FieldCause[] {
  if (!annotations || typeof annotations !== 'object') return [];
  const causes: FieldCause[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const msg of isQualifiedName(k.toLowerCase()))
      causes.push(fieldInvalid(field, k, msg));
    total += byteLength(k) + byteLength(typeof v === 'string' ? v : '');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT)
    causes.push(fieldTooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

/** `ValidateFinalizers`: qualified names, and not both `orphan` and `foregroundDeletion`. */
function validateFinalizers(finalizers: unknown, field: string): FieldCause[] {
  if (!Array.isArray(finalizers)) return [];
  const causes: FieldCause[] = [];
  for (const f of finalizers) {
    if (typeof f !== 'string') continue;
    for (const msg of isQualifiedName(f))
      causes.push(fieldInvalid(field, f, msg));
  }
  if (
    finalizers.includes('orphan') &&
    finalizers.includes('foregroundDeletion')
  )
    causes.push(
      fieldInvalid(
        field,
        finalizers,
        'finalizer orphan and foregroundDeletion cannot be both set',
        `[]string{${finalizers.map(f => JSON.stringify(f)).join(', ')}}`,
      ),
    );
  return causes;
}

/** How Go prints a `*metav1.LabelSelector` with `%#v`. */
export function goLabelSelector(selector: any): string {
  const ml = selector?.matchLabels;
  const labels =
    ml && typeof ml === 'object' && Object.keys(ml).length
      ? goValue(ml)
      : 'map[string]string(nil)';
  const exprs = Array.isArray(selector?.matchExpressions)
    ? selector.matchExpressions
    : [];
  const expressions = exprs.length
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map(
          (e: any) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(
              e?.key ?? '',
            )}, Operator:${JSON.stringify(e?.operator ?? '')}, Values:${
              Array.isArray(e?.values) && e.values.length
                ? `[]string{${e.values
                    .map((v: unknown) => JSON.stringify(v))
                    .join(', ')}}`
                : '[]string(nil)'
            }}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `&v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`;
}

/** `metav1validation.ValidateLabelSelector` (label values in selectors checked strictly). @public */
export function validateLabelSelector(
  selector: any,
  field: string,
): FieldCause[] {
  if (!selector || typeof selector !== 'object') return [];
  const causes = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  const exprs = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  exprs.forEach((expr: any, i: number) => {
    const path = `${field}.matchExpressions[${i}]`;
    const values: unknown[] = Array.isArray(expr?.values) ? expr.values : [];
    switch (expr?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          causes.push(
            fieldRequired(
              `${path}.values`,
              "must be specified when `operator` is 'In' or 'NotIn'",
            ),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          causes.push(
            fieldForbidden(
              `${path}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        causes.push(
          fieldInvalid(
            `${path}.operator`,
            expr?.operator ?? '',
            'not a valid selector operator',
          ),
        );
    }
    const key = typeof expr?.key === 'string' ? expr.key : '';
    for (const msg of isQualifiedName(key))
      causes.push(fieldInvalid(`${path}.key`, key, msg));
    values.forEach((v, j) => {
      const value = String(v ?? '');
      for (const msg of isValidLabelValue(value))
        causes.push(fieldInvalid(`${path}.values[${j}]`, value, msg));
    });
  });
  return causes;
}

/**
 * Whether labels match a (valid) label selector, as `LabelSelectorAsSelector(...).Matches`:
 * the matcher the scheduler's selectors use (`matchLabelSelector`).
 * @public
 */
export function selectorMatches(
  selector: any,
  labels: Record<string, string> | undefined,
): boolean {
  return matchLabelSelector(selector ?? {}, labels);
}

// ---------------------------------------------------------------- object meta

/** What {@link validateObjectMeta} needs to know about the write. @public */
export interface ObjectMetaOptions {
  operation: 'CREATE' | 'UPDATE';
  namespaced: boolean;
  nameRule: NameRule;
  /** The field path of the metadata, `metadata` unless it is a template's. */
  path?: string;
}

/**
 * `ValidateObjectMeta` (create) and `ValidateObjectMetaUpdate` (update) as a
 * kube-apiserver runs them for every kind: on create the `generateName` prefix and the
 * (generated) name by the kind's rule and the namespace as a DNS-1123 label; always the
 * labels, annotations (and, on create, finalizers). Name and namespace cannot change on
 * update, so they are not checked again.
 * @public
 */
export function validateObjectMeta(
  meta: any,
  options: ObjectMetaOptions,
): FieldCause[] {
  const path = options.path ?? 'metadata';
  const m = meta && typeof meta === 'object' ? meta : {};
  const causes: FieldCause[] = [];
  if (options.operation === 'CREATE') {
    if (typeof m.generateName === 'string' && m.generateName.length > 0) {
      for (const msg of validateName(options.nameRule, m.generateName, true))
        causes.push(fieldInvalid(`${path}.generateName`, m.generateName, msg));
    }
    const name = typeof m.name === 'string' ? m.name : '';
    if (!name)
      causes.push(
        fieldRequired(`${path}.name`, 'name or generateName is required'),
      );
    else
      for (const msg of validateName(options.nameRule, name))
        causes.push(fieldInvalid(`${path}.name`, name, msg));
    if (options.namespaced) {
      const ns = typeof m.namespace === 'string' ? m.namespace : '';
      if (!ns) causes.push(fieldRequired(`${path}.namespace`));
      else
        for (const msg of validateName('label', ns))
          causes.push(fieldInvalid(`${path}.namespace`, ns, msg));
    } else if (m.namespace) {
      causes.push(
        fieldForbidden(`${path}.namespace`, 'not allowed on this type'),
      );
    }
  }
  causes.push(...validateLabels(m.labels, `${path}.labels`));
  causes.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  if (options.operation === 'CREATE')
    causes.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  return causes;
}
