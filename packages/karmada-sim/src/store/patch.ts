/**
 * The four PATCH content types of the Kubernetes API: JSON patch (RFC 6902), JSON merge
 * patch (RFC 7386), strategic merge patch (built-in types only) and server-side apply.
 */

import { applyPatch, JsonPatchError, type Operation } from 'fast-json-patch';
import type { KubeObject } from '../types';
import { errors } from './errors';

/** A PATCH content type. @public */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Maps a request `Content-Type` to a patch type. @public */
export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** RFC 6902. A non-array body is 400; a failing operation or `test` is 422. @public */
export function applyJsonPatch(target: KubeObject, patch: Json): KubeObject {
  if (!Array.isArray(patch)) {
    throw errors.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  try {
    return applyPatch(clone(target), patch as Operation[], true, false)
      .newDocument as KubeObject;
  } catch (e) {
    const message =
      e instanceof JsonPatchError
        ? `${e.name}: ${e.message.split('\n')[0]}`
        : String(e);
    throw errors.invalid(
      { kind: target.kind, group: groupOf(target) },
      target.metadata?.name ?? '',
      [{ reason: 'FieldValueInvalid', message, field: '' }],
    );
  }
}

function groupOf(obj: KubeObject): string {
  const i = obj.apiVersion?.indexOf('/') ?? -1;
  return i < 0 ? '' : obj.apiVersion.slice(0, i);
}

/** RFC 7386: `null` deletes a key, arrays and scalars replace. @public */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

/**
 * Merge keys of the built-in types' lists (`patchMergeKey` in the Go types), by field name.
 * `ports` is keyed by `containerPort` in containers and by `port` in services.
 */
const MERGE_KEYS: Record<
  string,
  string | ((item: Record<string, Json>) => string)
> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ports: item => ('containerPort' in item ? 'containerPort' : 'port'),
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Lists of scalars that merge as sets (`patchStrategy:"merge"` on a `[]string`). */
const SET_LISTS = new Set(['finalizers']);

const DIRECTIVE_PREFIXES = [
  '$setElementOrder/',
  '$deleteFromPrimitiveList/',
  '$retainKeys',
];

function mergeKeyFor(field: string, sample: Json): string | undefined {
  const k = MERGE_KEYS[field];
  if (!k) return undefined;
  if (typeof k === 'string') return k;
  return isObject(sample) ? k(sample) : undefined;
}

function mergeList(field: string, live: Json, patch: Json[]): Json[] {
  const current = Array.isArray(live) ? live : [];
  if (SET_LISTS.has(field)) {
    const out = [...current];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const key = mergeKeyFor(
    field,
    patch.find(isObject) ?? current.find(isObject),
  );
  if (!key) {
    // Lists without a merge key (tolerations, args, ...) are replaced, minus directives.
    return patch
      .filter(v => !(isObject(v) && v.$patch !== undefined))
      .map(clone);
  }
  // `$patch: replace` as a list element replaces the whole list with the other elements.
  if (patch.some(v => isObject(v) && v.$patch === 'replace')) {
    return patch
      .filter(v => !(isObject(v) && v.$patch === 'replace'))
      .map(clone);
  }
  const out = current.map(clone);
  for (const item of patch) {
    if (!isObject(item)) continue;
    const idx = out.findIndex(o => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      out[idx] = strategicMerge(out[idx], item);
    } else {
      out.push(strategicMerge({}, item));
    }
  }
  return out;
}

/**
 * Strategic merge patch for built-in types: lists with a merge key merge element-wise,
 * `$patch: delete|replace` and `$retainKeys` are honoured, `$setElementOrder` is accepted
 * and ignored (order stays the live order), `$deleteFromPrimitiveList` removes values.
 * @public
 */
export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'delete') return undefined;
  const base: Record<string, Json> =
    isObject(target) && patch.$patch !== 'replace' ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys)
    ? new Set(patch.$retainKeys as string[])
    : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(value) ? value : [];
      if (Array.isArray(base[field])) {
        base[field] = (base[field] as Json[]).filter(v => !drop.includes(v));
      }
      continue;
    }
    if (DIRECTIVE_PREFIXES.some(p => key.startsWith(p))) continue;
    if (value === null) {
      delete base[key];
    } else if (Array.isArray(value)) {
      base[key] = mergeList(key, base[key], value);
    } else if (isObject(value)) {
      const merged = strategicMerge(base[key], value);
      if (merged === undefined) delete base[key];
      else base[key] = merged;
    } else {
      base[key] = value;
    }
  }
  if (retain) {
    for (const key of Object.keys(base)) {
      if (!retain.has(key)) delete base[key];
    }
  }
  return base;
}
