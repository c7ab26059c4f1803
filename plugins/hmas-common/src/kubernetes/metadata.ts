import { labelKeyError, labelValueError } from './names';
import { FieldError, fieldOf } from './structural';

/** Fields the API server or controllers own: a caller that sends them is refused. */
const REFUSED: Record<string, string> = {
  finalizers: 'is set by Kubernetes controllers, not by callers',
  ownerReferences: 'is set by Kubernetes controllers, not by callers',
  deletionTimestamp: 'is set by the API server, not by callers',
  deletionGracePeriodSeconds: 'is set by the API server, not by callers',
  selfLink: 'is set by the API server, not by callers',
  generateName: 'is not supported: give metadata.name',
};

/**
 * Read-only fields the API server ignores on a write: allowed so that an object read from the
 * API can be sent back as it is (`resourceVersion` makes a replace conditional). H-MAS does
 * not write `managedFields` (the API server records them for its own writes).
 */
const READ_ONLY = [
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'managedFields',
];

/** Kubernetes' limit on the total size of an object's annotations. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function stringMap(
  value: unknown,
  field: string,
  errors: FieldError[],
  checkKey: (key: string) => string | undefined,
  checkValue?: (value: string) => string | undefined,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field, message: 'must be a map of strings' });
    return {};
  }
  const map = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(map)) {
    const path = fieldOf(field, key);
    const keyError = checkKey(key);
    if (keyError) errors.push({ field: path, message: keyError });
    if (typeof v !== 'string') {
      errors.push({ field: path, message: 'must be a string' });
    } else {
      const valueError = checkValue?.(v);
      if (valueError) errors.push({ field: path, message: valueError });
    }
  }
  return map as Record<string, string>;
}

/**
 * The metadata rules of a write, before any write: only name, namespace, labels and
 * annotations (and read-only fields the server ignores); label and annotation keys and label
 * values by Kubernetes' rules; no finalizers, owner references or managed fields from
 * callers (managed fields are ignored). Name and namespace syntax is the caller's, as it depends on the kind.
 *
 * @public
 */
export function validateWriteMetadata(
  metadata: unknown,
  field = 'metadata',
): FieldError[] {
  const errors: FieldError[] = [];
  if (metadata === undefined || metadata === null) return errors;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [{ field, message: 'must be an object' }];
  }
  const meta = metadata as Record<string, unknown>;
  for (const key of Object.keys(meta)) {
    if (REFUSED[key]) {
      errors.push({ field: `${field}.${key}`, message: REFUSED[key] });
    } else if (
      !['name', 'namespace', 'labels', 'annotations', ...READ_ONLY].includes(
        key,
      )
    ) {
      errors.push({ field: fieldOf(field, key), message: 'unknown field' });
    }
  }
  stringMap(
    meta.labels,
    `${field}.labels`,
    errors,
    labelKeyError,
    labelValueError,
  );
  const annotations = stringMap(
    meta.annotations,
    `${field}.annotations`,
    errors,
    labelKeyError,
  );
  const size = Object.entries(annotations).reduce(
    (n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : 0),
    0,
  );
  if (size > MAX_ANNOTATIONS_BYTES) {
    errors.push({
      field: `${field}.annotations`,
      message: `must have at most ${MAX_ANNOTATIONS_BYTES} bytes in all`,
    });
  }
  return errors;
}
