/**
 * Server-side apply and `metadata.managedFields`, after kube-apiserver's field manager
 * (`k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager`, structured-merge-diff v4).
 * Pure functions over plain objects; `ObjectStore` wires them into its writes.
 */

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../types';
import { StatusError } from './errors';
import {
  type FieldPath,
  type FieldSet,
  fieldSetOf,
  fromFieldsV1,
  keyPath,
  listTypeOf,
  pathString,
  removeAt,
  toFieldsV1,
  valueAt,
} from './fieldSet';

/** One `metadata.managedFields` entry. @public */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** What the field manager needs to know about a write. @public */
export interface ManagedContext {
  /** Built-in type (keyed lists by field name) or custom resource (atomic lists). */
  builtin: boolean;
  /** The `apiVersion` of the request, recorded in the entry. */
  apiVersion: string;
  /** The entry's `time`, RFC 3339. */
  time: string;
  /** `status` for a write to `/status`. */
  subresource?: 'status';
  /** The resource has a `/status` subresource: the main resource's writes do not own `status`. */
  statusSubresource: boolean;
}

type Json = any;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Metadata fields no manager owns (structured-merge-diff's `stripMeta`). */
const STRIPPED_META = new Set([
  'f:name',
  'f:namespace',
  'f:uid',
  'f:resourceVersion',
  'f:generation',
  'f:creationTimestamp',
  'f:deletionTimestamp',
  'f:deletionGracePeriodSeconds',
  'f:selfLink',
  'f:managedFields',
]);

/** The fields a write of `obj` owns: no type meta or server-set metadata, `status` only on `/status`. */
export function managedSetOf(obj: Json, ctx: ManagedContext): FieldSet {
  const out: FieldSet = new Set();
  for (const key of fieldSetOf(obj, ctx.builtin)) {
    const path = keyPath(key);
    const [top, second] = path;
    if (top === 'f:apiVersion' || top === 'f:kind') continue;
    if (top === 'f:metadata' && (!second || STRIPPED_META.has(second)))
      continue;
    if (
      ctx.subresource === 'status'
        ? top !== 'f:status'
        : ctx.statusSubresource && top === 'f:status'
    )
      continue;
    out.add(key);
  }
  return out;
}

interface Entry {
  raw: ManagedFieldsEntry;
  set: FieldSet;
  changed: boolean;
}

function entriesOf(obj: KubeObject | undefined): Entry[] {
  const list = obj?.metadata?.managedFields;
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map(raw => ({
    raw: raw as ManagedFieldsEntry,
    set: fromFieldsV1(raw.fieldsV1),
    changed: false,
  }));
}

function sameOwner(
  e: ManagedFieldsEntry,
  manager: string,
  operation: 'Apply' | 'Update',
  subresource: string | undefined,
) {
  return (
    e.manager === manager &&
    e.operation === operation &&
    (e.subresource ?? '') === (subresource ?? '')
  );
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function encode(entries: Entry[]): ManagedFieldsEntry[] | undefined {
  const out = entries
    .filter(e => e.set.size > 0)
    .map(e => (e.changed ? { ...e.raw, fieldsV1: toFieldsV1(e.set) } : e.raw));
  // sortEncodedManagedFields: Apply before Update, then by time, then by manager.
  const rank = (e: ManagedFieldsEntry) => (e.operation === 'Apply' ? 0 : 1);
  out.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareStrings(a.time, b.time) ||
      compareStrings(a.manager, b.manager),
  );
  return out.length ? out : undefined;
}

function setEntry(
  entries: Entry[],
  manager: string,
  operation: 'Apply' | 'Update',
  set: FieldSet,
  ctx: ManagedContext,
) {
  const existing = entries.find(e =>
    sameOwner(e.raw, manager, operation, ctx.subresource),
  );
  if (existing) {
    if (
      isDeepStrictEqual(existing.set, set) &&
      existing.raw.apiVersion === ctx.apiVersion
    )
      return;
    existing.set = set;
    existing.changed = true;
    existing.raw = {
      ...existing.raw,
      apiVersion: ctx.apiVersion,
      time: ctx.time,
    };
    return;
  }
  entries.push({
    raw: {
      manager,
      operation,
      apiVersion: ctx.apiVersion,
      time: ctx.time,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
      ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
    },
    set,
    changed: true,
  });
}

function changedPaths(
  before: Json,
  after: Json,
  set: FieldSet,
  builtin: boolean,
): FieldSet {
  const out: FieldSet = new Set();
  for (const key of set) {
    const path = keyPath(key);
    const old = valueAt(before, path, builtin);
    if (!old) {
      out.add(key);
      continue;
    }
    const last = path[path.length - 1];
    // A keyed item or set value that was there already is unchanged as such.
    if (last.startsWith('k:') || last.startsWith('v:')) continue;
    if (!isDeepStrictEqual(old.value, valueAt(after, path, builtin)?.value))
      out.add(key);
  }
  return out;
}

/**
 * The `managedFields` after a create, update or non-apply patch (`operation: Update`):
 * fields the write changed or added move to `manager`'s Update entry, fields it removed
 * leave every entry. With no manager (an in-process write) nobody gains fields.
 * Entries whose set did not change keep their `time`.
 * @public
 */
export function managedFieldsAfterUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string | undefined,
  ctx: ManagedContext,
): ManagedFieldsEntry[] | undefined {
  const entries = entriesOf(before);
  // An in-process write to an object nobody manages: nothing to track.
  if (manager === undefined && !entries.length) return undefined;
  const changed =
    manager === undefined
      ? new Set<string>()
      : changedPaths(before, after, managedSetOf(after, ctx), ctx.builtin);
  const all = fieldSetOf(after, ctx.builtin);
  for (const e of entries) {
    const kept = new Set(
      [...e.set].filter(
        k => all.has(k) && !(manager !== undefined && changed.has(k)),
      ),
    );
    if (kept.size !== e.set.size) {
      e.set = kept;
      e.changed = true;
    }
  }
  if (manager !== undefined && changed.size) {
    const own = entries.find(e =>
      sameOwner(e.raw, manager, 'Update', ctx.subresource),
    );
    const set = new Set([...(own?.set ?? []), ...changed]);
    setEntry(entries, manager, 'Update', set, ctx);
  }
  return encode(entries);
}

/** Merges an applied configuration onto the live object: keyed lists by key, sets as union, atomic lists replaced. */
export function mergeApplied(
  live: Json,
  applied: Json,
  field: string | undefined,
  builtin: boolean,
): Json {
  if (isObject(applied)) {
    const out: Record<string, Json> = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null || v === undefined) delete out[k];
      else out[k] = mergeApplied(out[k], v, k, builtin);
    }
    return out;
  }
  if (Array.isArray(applied) && field !== undefined) {
    const lt = listTypeOf(
      field,
      applied.find(isObject) ??
        (Array.isArray(live) ? live.find(isObject) : undefined),
      builtin,
    );
    const current = Array.isArray(live) ? live.map(clone) : [];
    if (lt.type === 'set') {
      for (const v of applied)
        if (!current.some(c => isDeepStrictEqual(c, v))) current.push(clone(v));
      return current;
    }
    if (lt.type === 'map') {
      const keyOf = (item: Json) =>
        isObject(item)
          ? lt.keys.map(k => item[k] ?? lt.defaults?.[k])
          : undefined;
      for (const item of applied) {
        const key = keyOf(item);
        const idx = current.findIndex(c => isDeepStrictEqual(keyOf(c), key));
        if (idx >= 0)
          current[idx] = mergeApplied(current[idx], item, undefined, builtin);
        else current.push(mergeApplied(undefined, item, undefined, builtin));
      }
      return current;
    }
  }
  return clone(applied);
}

function printManager(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.operation === 'Apply') s = `${s} using ${e.apiVersion}`;
  if (e.subresource)
    s = `${s} with subresource ${JSON.stringify(e.subresource)}`;
  return s;
}

/**
 * kube's `NewConflictError`: 409 `Conflict`, message
 * `Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas`
 * (several: `Apply failed with 2 conflicts: conflicts with "a":\n- .x\nconflicts with "b" ...`),
 * one `FieldManagerConflict` cause per field.
 * @public
 */
export function applyConflictError(
  conflicts: Array<{ entry: ManagedFieldsEntry; path: FieldPath }>,
): StatusError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(
      conflicts[0].entry,
    )}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = printManager(c.entry);
      byManager.set(m, [...(byManager.get(m) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${m}:`);
      for (const p of byManager.get(m)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return new StatusError(409, 'Conflict', message, {
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.entry)}`,
      field: pathString(c.path),
    })),
  });
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (undefined: a create). Fields
 * other managers own with a different value are conflicts (409, see
 * {@link applyConflictError}) unless `force`, which takes them over. Fields `manager`
 * applied before, no longer applies and nobody else owns are removed. Returns the merged
 * object with its new `metadata.managedFields`.
 * @public
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force: boolean,
  ctx: ManagedContext,
): KubeObject {
  const config = clone(applied);
  if (config.metadata) delete config.metadata.managedFields;
  const entries = entriesOf(live);
  const appliedSet = managedSetOf(config, ctx);
  const mine = (e: Entry) =>
    sameOwner(e.raw, manager, 'Apply', ctx.subresource);

  const conflicts: Array<{
    entry: ManagedFieldsEntry;
    path: FieldPath;
    key: string;
    owner: Entry;
  }> = [];
  if (live) {
    for (const e of entries) {
      if (mine(e)) continue;
      for (const key of e.set) {
        if (!appliedSet.has(key)) continue;
        const path = keyPath(key);
        const last = path[path.length - 1];
        if (last.startsWith('k:') || last.startsWith('v:')) continue;
        const before = valueAt(live, path, ctx.builtin);
        const wanted = valueAt(config, path, ctx.builtin);
        if (before && isDeepStrictEqual(before.value, wanted?.value)) continue;
        conflicts.push({ entry: e.raw, path, key, owner: e });
      }
    }
  }
  // structured-merge-diff's sets iterate in path order.
  conflicts.sort((x, y) =>
    compareStrings(pathString(x.path), pathString(y.path)),
  );
  if (conflicts.length && !force) throw applyConflictError(conflicts);
  for (const c of conflicts) {
    c.owner.set.delete(c.key);
    c.owner.changed = true;
  }

  let merged = mergeApplied(
    clone(live) ?? {},
    config,
    undefined,
    ctx.builtin,
  ) as KubeObject;
  const previous = entries.find(mine)?.set ?? new Set<string>();
  const ownedByOthers = new Set(
    entries.filter(e => !mine(e)).flatMap(e => [...e.set]),
  );
  const removed = [...previous]
    .filter(k => !appliedSet.has(k) && !ownedByOthers.has(k))
    .map(keyPath)
    // Keyed items before their fields: an item is found by its key fields.
    .sort((a, b) => a.length - b.length);
  for (const path of removed) removeAt(merged, path, ctx.builtin);
  merged = merged ?? ({} as KubeObject);

  setEntry(entries, manager, 'Apply', appliedSet, ctx);
  merged.metadata = merged.metadata ?? {};
  const encoded = encode(entries);
  if (encoded) merged.metadata.managedFields = encoded;
  else delete merged.metadata.managedFields;
  return merged;
}

/** The manager of a non-apply write: `?fieldManager=`, else the user agent up to its first `/` (`prefixFromUserAgent`), at most 128 characters. @public */
export function managerOf(
  fieldManager: string | undefined | null,
  userAgent: string | undefined,
): string {
  if (fieldManager) return fieldManager;
  return (userAgent ?? '').split('/')[0].slice(0, 128);
}
