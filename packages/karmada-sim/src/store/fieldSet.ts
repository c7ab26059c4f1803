/**
 * Field sets of server-side apply (structured-merge-diff's `fieldpath.Set`), as
 * `metadata.managedFields[].fieldsV1` encodes them: path elements `f:<field>`,
 * `k:{"name":"web"}` (an item of a list of type `map`, by its keys), `v:"x"` (a value of a
 * list of type `set`). Lists of other types are atomic: the list is one field.
 *
 * Only built-in types have keyed lists here, chosen by field name (the Go types'
 * `+listType=map` / `+listMapKey`): containers, initContainers, ephemeralContainers, env,
 * volumes by `name`; volumeMounts by `mountPath`; ports by `containerPort`+`protocol` (in a
 * Service by `port`+`protocol`), `protocol` defaulting to `TCP`; ownerReferences by `uid`;
 * conditions by `type`; hostAliases by `ip`; finalizers are a set. Every list of the
 * Karmada CRDs is atomic (`x-kubernetes-list-type: atomic` or unset).
 */

import { isDeepStrictEqual } from 'node:util';

/** One path element: `f:name`, `k:{...}` or `v:...`. @public */
export type PathElement = string;
/** A field path. @public */
export type FieldPath = PathElement[];
/** A set of field paths, each encoded with {@link pathKey}. @public */
export type FieldSet = Set<string>;

type Json = any;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The key of a path in a {@link FieldSet}. @public */
export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** The path of a {@link FieldSet} key. @public */
export function keyPath(key: string): FieldPath {
  return JSON.parse(key);
}

/** How a list field merges. @public */
export type ListType =
  | { type: 'atomic' }
  | { type: 'set' }
  | { type: 'map'; keys: string[]; defaults?: Record<string, Json> };

const PROTOCOL_DEFAULT = { protocol: 'TCP' };

/**
 * The list type of field `name` of a built-in type (`sample` is an item, to tell a
 * container port from a service port); every list of a custom resource is atomic.
 * @public
 */
export function listTypeOf(
  name: string,
  sample: Json,
  builtin: boolean,
): ListType {
  if (!builtin) return { type: 'atomic' };
  switch (name) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
      return { type: 'map', keys: ['name'] };
    case 'volumeMounts':
      return { type: 'map', keys: ['mountPath'] };
    case 'ownerReferences':
      return { type: 'map', keys: ['uid'] };
    case 'conditions':
      return { type: 'map', keys: ['type'] };
    case 'hostAliases':
      return { type: 'map', keys: ['ip'] };
    case 'ports':
      if (isObject(sample) && 'containerPort' in sample) {
        return {
          type: 'map',
          keys: ['containerPort', 'protocol'],
          defaults: PROTOCOL_DEFAULT,
        };
      }
      if (isObject(sample) && 'port' in sample) {
        return {
          type: 'map',
          keys: ['port', 'protocol'],
          defaults: PROTOCOL_DEFAULT,
        };
      }
      return { type: 'atomic' };
    case 'finalizers':
      return { type: 'set' };
    default:
      return { type: 'atomic' };
  }
}

function keyOfItem(
  item: Json,
  lt: Extract<ListType, { type: 'map' }>,
): Record<string, Json> | undefined {
  if (!isObject(item)) return undefined;
  const key: Record<string, Json> = {};
  for (const k of lt.keys) {
    const v = item[k] ?? lt.defaults?.[k];
    if (v !== undefined) key[k] = v;
  }
  return key;
}

/** `k:{"containerPort":80,"protocol":"TCP"}`. */
function keyElement(key: Record<string, Json>): PathElement {
  return `k:${JSON.stringify(key)}`;
}

function sampleOf(list: Json[]): Json {
  return list.find(isObject);
}

/**
 * The field set of a value: every leaf (scalar, atomic list, empty object), every keyed
 * list item (`k:`) and set value (`v:`).
 * @public
 */
export function fieldSetOf(value: Json, builtin: boolean): FieldSet {
  const out: FieldSet = new Set();
  const walk = (v: Json, path: FieldPath, field: string | undefined) => {
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (!keys.length) {
        if (path.length) out.add(pathKey(path));
        return;
      }
      for (const k of keys) {
        if (v[k] === undefined) continue;
        walk(v[k], [...path, `f:${k}`], k);
      }
      return;
    }
    if (Array.isArray(v) && field !== undefined) {
      const lt = listTypeOf(field, sampleOf(v), builtin);
      if (lt.type === 'map') {
        for (const item of v) {
          const key = keyOfItem(item, lt);
          if (!key) continue;
          const itemPath = [...path, keyElement(key)];
          out.add(pathKey(itemPath));
          for (const k of Object.keys(item)) {
            if (item[k] === undefined) continue;
            walk(item[k], [...itemPath, `f:${k}`], k);
          }
        }
        return;
      }
      if (lt.type === 'set') {
        for (const item of v)
          out.add(pathKey([...path, `v:${JSON.stringify(item)}`]));
        return;
      }
    }
    if (path.length) out.add(pathKey(path));
  };
  walk(value, [], undefined);
  return out;
}

/** `metadata.managedFields[].fieldsV1` of a set: a tree keyed by path element, `.` for an inner member. @public */
export function toFieldsV1(set: FieldSet): Record<string, Json> {
  interface Node {
    member: boolean;
    children: Map<string, Node>;
  }
  const root: Node = { member: false, children: new Map() };
  for (const key of set) {
    let node = root;
    for (const el of keyPath(key)) {
      let next = node.children.get(el);
      if (!next) {
        next = { member: false, children: new Map() };
        node.children.set(el, next);
      }
      node = next;
    }
    node.member = true;
  }
  const encode = (node: Node): Record<string, Json> => {
    const out: Record<string, Json> = {};
    if (node.member && node.children.size) out['.'] = {};
    for (const el of [...node.children.keys()].sort()) {
      out[el] = encode(node.children.get(el)!);
    }
    return out;
  };
  return encode(root);
}

/** The set a `fieldsV1` tree encodes. @public */
export function fromFieldsV1(tree: Json): FieldSet {
  const out: FieldSet = new Set();
  const walk = (node: Json, path: FieldPath) => {
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (!keys.length && path.length) out.add(pathKey(path));
    for (const k of keys) {
      if (k === '.') out.add(pathKey(path));
      else walk(node[k], [...path, k]);
    }
  };
  walk(tree, []);
  return out;
}

function matchesKey(item: Json, key: Record<string, Json>, lt: ListType) {
  if (!isObject(item) || lt.type !== 'map') return false;
  return Object.entries(key).every(([k, v]) =>
    isDeepStrictEqual(item[k] ?? lt.defaults?.[k], v),
  );
}

/** The value at a path, or `undefined` when it is not there. @public */
export function valueAt(
  obj: Json,
  path: FieldPath,
  builtin: boolean,
): { value: Json } | undefined {
  let cur: Json = obj;
  let field: string | undefined;
  for (const el of path) {
    if (el.startsWith('f:')) {
      if (!isObject(cur)) return undefined;
      field = el.slice(2);
      if (!(field in cur) || cur[field] === undefined) return undefined;
      cur = cur[field];
    } else if (el.startsWith('k:')) {
      if (!Array.isArray(cur) || field === undefined) return undefined;
      const key = JSON.parse(el.slice(2));
      const lt = listTypeOf(field, sampleOf(cur), builtin);
      const item = cur.find(i => matchesKey(i, key, lt));
      if (item === undefined) return undefined;
      cur = item;
    } else if (el.startsWith('v:')) {
      if (!Array.isArray(cur)) return undefined;
      const v = JSON.parse(el.slice(2));
      if (!cur.some(i => isDeepStrictEqual(i, v))) return undefined;
      cur = v;
    } else {
      return undefined;
    }
  }
  return { value: cur };
}

/** Removes the value at a path (a field, a keyed item, a set value); mutates `obj`. @public */
export function removeAt(obj: Json, path: FieldPath, builtin: boolean): void {
  if (!path.length) return;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = valueAt(obj, parentPath, builtin)?.value;
  if (last.startsWith('f:')) {
    if (isObject(parent)) delete parent[last.slice(2)];
    return;
  }
  if (!Array.isArray(parent)) return;
  const fieldEl = [...parentPath].reverse().find(e => e.startsWith('f:'));
  const field = fieldEl?.slice(2) ?? '';
  let idx = -1;
  if (last.startsWith('k:')) {
    const key = JSON.parse(last.slice(2));
    const lt = listTypeOf(field, sampleOf(parent), builtin);
    idx = parent.findIndex(i => matchesKey(i, key, lt));
  } else if (last.startsWith('v:')) {
    const v = JSON.parse(last.slice(2));
    idx = parent.findIndex(i => isDeepStrictEqual(i, v));
  }
  if (idx >= 0) parent.splice(idx, 1);
}

/**
 * A path as structured-merge-diff prints it in conflicts: `.spec.replicas`,
 * `.spec.template.spec.containers[name="web"].image`,
 * `.spec.ports[containerPort=80,protocol="TCP"]`, `.metadata.finalizers[="x"]`.
 * @public
 */
export function pathString(path: FieldPath): string {
  return path
    .map(el => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const key = JSON.parse(el.slice(2)) as Record<string, Json>;
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
      return el;
    })
    .join('');
}
