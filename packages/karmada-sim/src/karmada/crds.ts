import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { FieldCause, KubeObject } from '../types';

/** One served version of a CRD with its `openAPIV3Schema`. @public */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: Record<string, any>;
}

/** The parts of a CustomResourceDefinition the simulator uses. @public */
export interface KarmadaCrd {
  /** e.g. `propagationpolicies.policy.karmada.io` */
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
  /** The file the CRD was read from. */
  file: string;
}

/** File names of the vendored Karmada CRDs (karmada-io/karmada commit f8fdd02). @public */
export const KARMADA_CRD_FILES = [
  'policy.karmada.io_clusteroverridepolicies.yaml',
  'policy.karmada.io_clusterpropagationpolicies.yaml',
  'policy.karmada.io_overridepolicies.yaml',
  'policy.karmada.io_propagationpolicies.yaml',
  'work.karmada.io_resourcebindings.yaml',
  'work.karmada.io_works.yaml',
] as const;

/**
 * Folder of the vendored CRDs, `crds/` at the package root. Resolved through the package's
 * own `package.json`, as Backstage's `resolvePackagePath` does, because `__dirname` moves
 * in a bundled build; a published package must list `crds` in its `files`.
 * @public
 */
export const VENDORED_CRD_DIR: string = path.join(
  path.dirname(require.resolve('@h-mas/karmada-sim/package.json')),
  'crds',
);

/**
 * Reads the Karmada CRDs (the files of {@link KARMADA_CRD_FILES}) from a folder.
 * @public
 */
export function loadKarmadaCrds(dir: string = VENDORED_CRD_DIR): KarmadaCrd[] {
  return KARMADA_CRD_FILES.map(file => {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    return {
      name: doc.metadata.name,
      group: doc.spec.group,
      kind: doc.spec.names.kind,
      plural: doc.spec.names.plural,
      scope: doc.spec.scope,
      versions: doc.spec.versions.map((v: any) => ({
        name: v.name,
        served: Boolean(v.served),
        storage: Boolean(v.storage),
        schema: v.schema.openAPIV3Schema,
      })),
      file,
    };
  });
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites the Kubernetes extensions ajv does not know into plain JSON Schema:
 * `x-kubernetes-int-or-string` without an explicit `anyOf` becomes `anyOf: [integer, string]`.
 * `x-kubernetes-preserve-unknown-fields` needs nothing: ajv keeps unknown fields anyway,
 * and ajv understands OpenAPI's `nullable` itself.
 */
function toAjvSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (!isPlainObject(schema)) return schema;
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as object).map(([k, v]) => [k, toAjvSchema(v)]),
      );
    } else if (key === 'default' || key === 'enum' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = toAjvSchema(value);
    }
  }
  if (out['x-kubernetes-int-or-string'] && !out.anyOf && !out.type) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addVocabulary([
    'x-kubernetes-int-or-string',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-validations',
  ]);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) =>
      Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  });
  ajv.addFormat('int64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n),
  });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => DATE_TIME.test(s) && !isNaN(Date.parse(s)),
  });
  return ajv;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Turns an ajv JSON pointer into a Kubernetes field path: `spec.resourceSelectors[0].kind`,
 * with `[key]` for map keys that are not plain identifiers (`resourceRequest[nvidia.com/gpu]`).
 */
function pointerToFieldPath(pointer: string, root: unknown): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  let current: any = root;
  for (const segment of segments) {
    if (Array.isArray(current)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment))
      out += out ? `.${segment}` : segment;
    else out += `[${segment}]`;
    current = current?.[segment];
  }
  return out;
}

function valueAt(pointer: string, root: unknown): unknown {
  let current: any = root;
  for (const s of pointer.split('/').slice(1)) {
    current = current?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/** Maps ajv errors to causes with the reasons kube-apiserver uses for CRD schema errors. */
function toCauses(errors: ErrorObject[], data: unknown): FieldCause[] {
  const anyOfFailures = errors
    .filter(e => e.keyword === 'anyOf')
    .map(e => `${e.schemaPath}/`);
  const causes: FieldCause[] = [];
  for (const error of errors) {
    // Branch errors of a failed anyOf (int-or-string) are reported once, by the anyOf.
    if (anyOfFailures.some(prefix => error.schemaPath.startsWith(prefix)))
      continue;
    const field = pointerToFieldPath(error.instancePath, data);
    const value = valueAt(error.instancePath, data);
    const params = error.params as Record<string, any>;
    switch (error.keyword) {
      case 'required': {
        const child = params.missingProperty as string;
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: field ? `${field}.${child}` : child,
        });
        break;
      }
      case 'enum':
        causes.push({
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: ${formatValue(
            value,
          )}: supported values: ${(params.allowedValues as unknown[])
            .map(v => JSON.stringify(v))
            .join(', ')}`,
          field,
        });
        break;
      case 'type':
        causes.push({
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: "${jsonType(
            value,
          )}": ${field} in body must be of type ${params.type}: "${jsonType(
            value,
          )}"`,
          field,
        });
        break;
      case 'anyOf':
        causes.push({
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: "${jsonType(
            value,
          )}": ${field} in body must be of type integer or string: "${jsonType(
            value,
          )}"`,
          field,
        });
        break;
      case 'maxLength':
        causes.push({
          reason: 'FieldValueTooLong',
          message: `Too long: may not be more than ${params.limit} bytes`,
          field,
        });
        break;
      case 'maxItems':
      case 'maxProperties':
        causes.push({
          reason: 'FieldValueTooMany',
          message: `Too many: ${
            Array.isArray(value)
              ? value.length
              : Object.keys(value ?? {}).length
          }: must have at most ${params.limit} items`,
          field,
        });
        break;
      case 'minimum':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(
            value,
          )}: ${field} in body should be greater than or equal to ${
            params.limit
          }`,
          field,
        });
        break;
      case 'maximum':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(
            value,
          )}: ${field} in body should be less than or equal to ${params.limit}`,
          field,
        });
        break;
      case 'minItems':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${
            Array.isArray(value) ? value.length : 0
          }: ${field} in body should have at least ${params.limit} items`,
          field,
        });
        break;
      case 'minLength':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(
            value,
          )}: ${field} in body should be at least ${params.limit} chars long`,
          field,
        });
        break;
      case 'pattern':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(
            value,
          )}: ${field} in body should match '${params.pattern}'`,
          field,
        });
        break;
      case 'format':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(
            value,
          )}: ${field} in body must be of type ${params.format}: ${formatValue(
            value,
          )}`,
          field,
        });
        break;
      default:
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${formatValue(value)}: ${field} ${
            error.message ?? 'is invalid'
          }`,
          field,
        });
    }
  }
  return causes;
}

/**
 * Drops `null` where the schema does not allow it and fills in schema defaults, as
 * kube-apiserver does for custom resources before validation. Mutates `value`.
 */
function pruneNullsAndDefault(schema: any, value: any): void {
  if (!isPlainObject(schema)) return;
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach(item => pruneNullsAndDefault(schema.items, item));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) {
    if (value[key] === null && !sub?.nullable) delete value[key];
    if (value[key] === undefined && sub?.default !== undefined) {
      value[key] = structuredClone(sub.default);
    }
    if (value[key] !== undefined) pruneNullsAndDefault(sub, value[key]);
  }
  if (isPlainObject(schema.additionalProperties)) {
    for (const key of Object.keys(value)) {
      if (!schema.properties?.[key]) {
        pruneNullsAndDefault(schema.additionalProperties, value[key]);
      }
    }
  }
}

/**
 * Validation and defaulting for Karmada custom resources against a set of CRDs.
 * @public
 */
export interface CrdSchemaSet {
  /** The CRD serving `apiVersion`/`kind`, if any. */
  find(
    apiVersion: string,
    kind: string,
  ): { crd: KarmadaCrd; version: CrdVersion } | undefined;
  /** Structural causes for `obj` (after null pruning and defaulting); undefined for unknown kinds. */
  validate(obj: KubeObject): FieldCause[] | undefined;
  /** A copy of `obj` with nulls pruned and the schema's defaults applied. */
  applyDefaults(obj: KubeObject): KubeObject;
}

/**
 * Builds a {@link CrdSchemaSet}; schemas compile lazily, once per kind and version.
 * @public
 */
export function createCrdSchemaSet(crds: KarmadaCrd[]): CrdSchemaSet {
  const ajv = createAjv();
  const compiled = new Map<string, ValidateFunction>();

  const find = (apiVersion: string, kind: string) => {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    const crd = crds.find(c => c.group === group && c.kind === kind);
    const v = crd?.versions.find(x => x.name === version && x.served);
    return crd && v ? { crd, version: v } : undefined;
  };

  const applyDefaults = (obj: KubeObject): KubeObject => {
    const copy = structuredClone(obj);
    const found = find(obj.apiVersion, obj.kind);
    if (found) pruneNullsAndDefault(found.version.schema, copy);
    return copy;
  };

  return {
    find,
    applyDefaults,
    validate(obj) {
      const found = find(obj.apiVersion, obj.kind);
      if (!found) return undefined;
      const key = `${found.crd.name}/${found.version.name}`;
      let fn = compiled.get(key);
      if (!fn) {
        fn = ajv.compile(toAjvSchema(found.version.schema));
        compiled.set(key, fn);
      }
      const data = applyDefaults(obj);
      if (fn(data)) return [];
      return toCauses(fn.errors ?? [], data);
    },
  };
}

let vendored: CrdSchemaSet | undefined;

/**
 * The schema set of the vendored CRDs in `packages/karmada-sim/crds`, read on first use.
 * @public
 */
export function vendoredCrdSchemas(): CrdSchemaSet {
  if (!vendored) vendored = createCrdSchemaSet(loadKarmadaCrds());
  return vendored;
}

/**
 * A copy of a Karmada object with the CRD's defaults applied (and disallowed nulls pruned),
 * as kube-apiserver stores it; objects of other kinds are returned as an unchanged copy.
 * @public
 */
export function applyCrdDefaults(obj: KubeObject): KubeObject {
  return vendoredCrdSchemas().applyDefaults(obj);
}
