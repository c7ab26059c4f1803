import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import Ajv, { ValidateFunction } from 'ajv';

/**
 * Karmada's CRD schemas for conformance tests. The authority is
 * /work/shared/reference/karmada (absent on a fresh clone); otherwise the copies vendored in
 * packages/karmada-sim/crds (read by path: hmas-common must not depend on the simulator).
 */
export const REFERENCE_CRD_DIR = path.resolve(
  __dirname,
  '../../../../../shared/reference/karmada',
);
export const VENDORED_CRD_DIR = path.resolve(
  __dirname,
  '../../../../packages/karmada-sim/crds',
);

export const CRD_FILES: Record<string, string> = {
  PropagationPolicy: 'policy.karmada.io_propagationpolicies.yaml',
  OverridePolicy: 'policy.karmada.io_overridepolicies.yaml',
};

/** The CRD folder to validate against; says loudly when the reference is absent. */
export function crdDir(what: string): string {
  if (fs.existsSync(REFERENCE_CRD_DIR)) return REFERENCE_CRD_DIR;
  // Straight to stderr, so the notice shows even when jest hides console output.
  process.stderr.write(
    `\n*** SKIPPED: Karmada CRD reference not found at ${REFERENCE_CRD_DIR}; validating ${what} against the vendored copies in ${VENDORED_CRD_DIR} ***\n\n`,
  );
  return VENDORED_CRD_DIR;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Kubernetes schema extensions as plain JSON Schema. Objects with declared properties
 * also reject unknown fields: the API server would silently prune them, hiding a typo.
 */
function toJsonSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isObject(schema)) return schema;
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(
        Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (key === 'default' || key === 'enum') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out['x-kubernetes-int-or-string'] && !out.anyOf && !out.type) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** One ajv validator per policy kind, compiled from the CRDs in `dir`. */
export function crdValidators(dir: string): Record<string, ValidateFunction> {
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
  ajv.addFormat('int32', { type: 'number', validate: Number.isInteger });
  ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
  ajv.addFormat('date-time', { type: 'string', validate: () => true });
  return Object.fromEntries(
    Object.entries(CRD_FILES).map(([kind, file]) => {
      const crd = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      if (crd.spec.names.kind !== kind) {
        throw new Error(`${file} defines ${crd.spec.names.kind}, not ${kind}`);
      }
      const version = crd.spec.versions.find((v: any) => v.name === 'v1alpha1');
      return [kind, ajv.compile(toJsonSchema(version.schema.openAPIV3Schema))];
    }),
  );
}
