/**
 * Structural pruning of custom resources, as kube-apiserver's CR decoder does
 * (`apiextensions-apiserver/pkg/apiserver/schema/pruning`): fields a CRD's
 * `openAPIV3Schema` does not declare are dropped, except under
 * `x-kubernetes-preserve-unknown-fields: true`; `x-kubernetes-embedded-resource` keeps
 * `apiVersion`, `kind` and `metadata`. `metadata` at the root is pruned to ObjectMeta.
 */

/** The fields of `metav1.ObjectMeta`. @public */
export const OBJECT_META_FIELDS: readonly string[] = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Drops `metadata` fields that are not ObjectMeta's; returns their paths. Mutates. */
export function pruneObjectMeta(meta: unknown, path = 'metadata'): string[] {
  if (!isPlainObject(meta)) return [];
  const pruned: string[] = [];
  for (const key of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.includes(key)) {
      pruned.push(child(path, key));
      delete meta[key];
    }
  }
  return pruned;
}

function pruneValue(schema: any, value: any, path: string, out: string[]) {
  if (!isPlainObject(schema)) return;
  if (Array.isArray(value)) {
    if (isPlainObject(schema.items)) {
      value.forEach((item, i) =>
        pruneValue(schema.items, item, `${path}[${i}]`, out),
      );
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const properties: Record<string, any> = schema.properties ?? {};
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const additional = schema.additionalProperties;
  for (const key of Object.keys(value)) {
    const p = child(path, key);
    if (properties[key]) {
      pruneValue(properties[key], value[key], p, out);
    } else if (embedded && (key === 'apiVersion' || key === 'kind')) {
      continue;
    } else if (embedded && key === 'metadata') {
      out.push(...pruneObjectMeta(value[key], p));
    } else if (isPlainObject(additional)) {
      pruneValue(additional, value[key], p, out);
    } else if (additional === true || preserve) {
      continue;
    } else {
      out.push(p);
      delete value[key];
    }
  }
}

/**
 * Prunes `obj` (mutated) against a CRD version's `openAPIV3Schema`, as the CR decoder
 * does. Returns the dropped fields' paths (`spec.bogus`, `spec.items[0].bogus`,
 * `metadata.bogus`) in document order.
 * @public
 */
export function pruneBySchema(
  schema: Record<string, any>,
  obj: Record<string, any>,
): string[] {
  const out: string[] = [];
  for (const key of Object.keys(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata') {
      out.push(...pruneObjectMeta(obj.metadata));
      continue;
    }
    const sub = schema.properties?.[key];
    if (sub) pruneValue(sub, obj[key], key, out);
    else if (schema['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.push(key);
      delete obj[key];
    }
  }
  return out;
}
