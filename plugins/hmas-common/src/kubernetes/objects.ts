/**
 * The shape of the Kubernetes and Karmada objects H-MAS writes: enough typing that the
 * objects a plan returns can be handed to a Kubernetes client and read back without casts.
 */

/** A status condition of a Kubernetes or Karmada object. @public */
export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
}

/**
 * A Kubernetes or Karmada object as H-MAS builds it.
 *
 * @public
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
}

/** One container of a pod template, as H-MAS builds it. @public */
export interface ContainerLike {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<Record<string, unknown>>;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  [key: string]: unknown;
}

/** An `apps/v1` Deployment as H-MAS builds it. @public */
export interface DeploymentObject extends KubeObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    strategy: Record<string, unknown>;
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: ContainerLike[]; [key: string]: unknown };
    };
  };
}

/** Identifies one object: apiVersion, kind, name and (if namespaced) namespace. @public */
export interface KubeObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** The reference of an object. @public */
export function refOf(object: KubeObjectRef): KubeObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      ...(object.metadata.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    },
  };
}

/** `Kind namespace/name`, for messages and the audit log. @public */
export function describeRef(ref: KubeObjectRef): string {
  const ns = ref.metadata.namespace ? `${ref.metadata.namespace}/` : '';
  return `${ref.kind} ${ns}${ref.metadata.name}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after`, or `undefined` when they
 * are equal: changed and new keys with their new values (objects recursively), removed keys as
 * `null`, lists replaced whole.
 *
 * @public
 */
export function mergePatch(before: unknown, after: unknown): unknown {
  if (!isPlainObject(before) || !isPlainObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? undefined : after;
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const inner = key in before ? mergePatch(before[key], value) : value;
    if (inner !== undefined) patch[key] = inner;
  }
  for (const key of Object.keys(before)) {
    if (!(key in after)) patch[key] = null;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Equality of JSON values, whatever the order of object keys. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(k => k in b && jsonEqual(a[k], b[k]))
    );
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  return a === b;
}

/**
 * Whether applying the JSON merge patch `patch` to `object` would change nothing: every key it
 * sets has that value already (objects recursively, lists whole) and every key it removes
 * (`null`) is absent. How a writer whose reply was lost learns, by reading back, that its
 * patch took effect. `metadata.resourceVersion` in the patch (a precondition) is ignored.
 *
 * @public
 */
export function isMergePatchApplied(object: unknown, patch: unknown): boolean {
  const applied = (current: unknown, p: unknown, path: string[]): boolean => {
    if (!isPlainObject(p)) return jsonEqual(current, p);
    const here = isPlainObject(current) ? current : undefined;
    return Object.entries(p).every(([key, value]) => {
      if (
        path.length === 1 &&
        path[0] === 'metadata' &&
        key === 'resourceVersion'
      ) {
        return true;
      }
      if (value === null) return here === undefined || !(key in here);
      if (here === undefined) return false;
      return applied(here[key], value, [...path, key]);
    });
  };
  return applied(object, patch, []);
}
