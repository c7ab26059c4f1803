/**
 * A checker of values against a Kubernetes structural schema (a CRD's `openAPIV3Schema`):
 * types, enums, bounds, patterns, required fields, and unknown fields refused, as the API
 * server does with `fieldValidation=Strict`. Errors name the field in Kubernetes' path syntax.
 */

/**
 * The parts of an OpenAPI v3 structural schema the checker reads.
 *
 * @public
 */
export interface StructuralSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, StructuralSchema>;
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema | boolean;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

/**
 * One rule a value breaks: the field (e.g. `spec.placement.spreadConstraints[0].minGroups`)
 * and why.
 *
 * @public
 */
export interface FieldError {
  /** The field's path, e.g. `metadata.labels[a b]`; empty for the whole value. */
  field: string;
  /** Why it is invalid. */
  message: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The path of a key below `base`: `base.key`, or `base[key]` for a key that is not a plain
 * identifier (a label key such as `h-mas.io/zone`).
 *
 * @public
 */
export function fieldOf(base: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    return base ? `${base}.${key}` : key;
  return `${base}[${key}]`;
}

function typeError(
  schema: StructuralSchema,
  value: unknown,
): string | undefined {
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || Number.isInteger(value)
      ? undefined
      : 'must be an integer or a string';
  }
  switch (schema.type) {
    case 'object':
      return isPlainObject(value) ? undefined : 'must be an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    default:
      return undefined;
  }
}

/**
 * Checks `value` against `schema`; every error names its field below `field`. `null` counts as
 * absent (the API server prunes it). Unknown object fields are errors unless the schema
 * preserves them.
 *
 * @public
 */
export function validateStructural(
  value: unknown,
  schema: StructuralSchema,
  field: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (v: unknown, s: StructuralSchema, path: string) => {
    if (v === null || v === undefined) return;
    const wrongType = typeError(s, v);
    if (wrongType) {
      errors.push({ field: path, message: wrongType });
      return;
    }
    if (s.enum && !s.enum.includes(v)) {
      errors.push({
        field: path,
        message: `must be one of ${s.enum
          .map(e => JSON.stringify(e))
          .join(', ')} (got ${JSON.stringify(v)})`,
      });
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) {
        errors.push({ field: path, message: `must be at least ${s.minimum}` });
      }
      if (s.maximum !== undefined && v > s.maximum) {
        errors.push({ field: path, message: `must be at most ${s.maximum}` });
      }
    }
    if (typeof v === 'string') {
      if (s.minLength !== undefined && v.length < s.minLength) {
        errors.push({
          field: path,
          message: `must be at least ${s.minLength} characters`,
        });
      }
      if (s.maxLength !== undefined && v.length > s.maxLength) {
        errors.push({
          field: path,
          message: `must be at most ${s.maxLength} characters`,
        });
      }
      if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) {
        errors.push({ field: path, message: `must match ${s.pattern}` });
      }
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) {
        errors.push({
          field: path,
          message: `must have at least ${s.minItems} item(s)`,
        });
      }
      if (s.maxItems !== undefined && v.length > s.maxItems) {
        errors.push({
          field: path,
          message: `must have at most ${s.maxItems} item(s)`,
        });
      }
      if (s.items) {
        const items = s.items;
        v.forEach((item, i) => visit(item, items, `${path}[${i}]`));
      }
    }
    if (isPlainObject(v)) {
      for (const key of s.required ?? []) {
        if (v[key] === undefined || v[key] === null) {
          errors.push({ field: fieldOf(path, key), message: 'is required' });
        }
      }
      for (const [key, child] of Object.entries(v)) {
        const sub = s.properties?.[key];
        if (sub) {
          visit(child, sub, fieldOf(path, key));
        } else if (isPlainObject(s.additionalProperties)) {
          visit(child, s.additionalProperties, fieldOf(path, key));
        } else if (
          !s['x-kubernetes-preserve-unknown-fields'] &&
          s.additionalProperties !== true &&
          (s.properties || s.additionalProperties === false)
        ) {
          errors.push({ field: fieldOf(path, key), message: 'unknown field' });
        }
      }
    }
  };
  visit(value, schema, field);
  return errors;
}
