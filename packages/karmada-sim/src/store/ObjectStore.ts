/**
 * The in-memory object store behind every simulated API server: the control plane and one
 * per member cluster, sharing one resourceVersion counter as etcd does in a real server.
 */

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { CONTROL_PLANE, type FieldCause, type KubeObject } from '../types';
import {
  findResource,
  groupVersion,
  resourceKey,
  resourcesFor,
  type ResourceDef,
} from '../resources';
import { errors, StatusError } from './errors';
import {
  PLATFORM_PRIORITY_CLASSES,
  SYSTEM_PRIORITY_CLASSES,
  defaultPriorityClass,
  validatePriorityClass,
} from '../kube/priority';
import {
  applyJsonPatch,
  mergePatch,
  strategicMerge,
  type PatchType,
} from './patch';
import type { ObjectPredicate } from './selectors';
import {
  applyConfiguration,
  managedFieldsAfterUpdate,
  type ManagedContext,
} from './apply';

/** A change to a stored object. @public */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What `onChange` listeners receive, after the change is stored. @public */
export interface ChangeEvent {
  type: ChangeType;
  cluster: string;
  resource: ResourceDef;
  /** The new state; for DELETED, the last state with the deletion's resourceVersion. */
  object: KubeObject;
  /** The previous state, for MODIFIED and DELETED. */
  oldObject?: KubeObject;
}

/** A resource reference: `pods`, `deployments.apps`, a kind (`Deployment`), or a def. @public */
export type ResourceRef = string | ResourceDef;

/** Selects the writes an admission hook sees. @public */
export type ResourceMatcher =
  | {
      /** A cluster name, or `'member'` for every member cluster. */
      cluster?: string;
      group?: string;
      /** Plural, e.g. `propagationpolicies`. */
      resource?: string;
      kind?: string;
    }
  | ((target: { cluster: string; resource: ResourceDef }) => boolean);

/** What an admission hook receives. It may mutate `object` (defaulting). @public */
export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  cluster: string;
  resource: ResourceDef;
  /** Set for writes through a subresource, e.g. `status`. */
  subresource?: 'status';
  object: KubeObject;
  oldObject?: KubeObject;
  /**
   * On a CREATE whose name the server generated, the `metadata.generateName` it came from:
   * kube's admission errors name such an object by it (`pods "web-7d9c-" is forbidden`).
   */
  generateName?: string;
}

/** An admission hook: return causes to reject the write with 422 Invalid. @public */
export type AdmissionHook = (ctx: AdmissionContext) => FieldCause[] | void;

/** Options of the store. @public */
export interface ObjectStoreOptions {
  /** Source of creation and deletion timestamps. */
  clock?: () => Date;
  /** Watch events kept per (cluster, resource); older resourceVersions get 410 Expired. */
  historyLimit?: number;
  /** Generates `metadata.uid`. */
  uid?: () => string;
  /** Source of randomness for `generateName` suffixes. */
  random?: () => number;
}

/** Options of a list. @public */
export interface ListOptions {
  /** Restricts a namespaced resource to one namespace; all namespaces when absent. */
  namespace?: string;
  /** Compiled label/field selectors (see `parseLabelSelector`, `parseFieldSelector`). */
  predicate?: ObjectPredicate;
  limit?: number;
  continue?: string;
}

/** The result of a list. @public */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Options of create/update/patch. @public */
export interface WriteOptions {
  /** Namespace of a namespaced object; falls back to `metadata.namespace`, then `default`. */
  namespace?: string;
  /** Validate and return the result without storing it (`dryRun=All`). */
  dryRun?: boolean;
  /**
   * Keep `status` on create of a resource with a `/status` subresource (the wire drops it,
   * as a real server does). For in-process seeding and controllers.
   */
  withStatus?: boolean;
  /**
   * The field manager of the write, recorded in `metadata.managedFields` (an `Update`
   * entry; for server-side apply the `Apply` entry). Without it (in-process writes) no
   * manager gains fields.
   */
  fieldManager?: string;
}

/** Options of a patch. @public */
export interface PatchOptions extends WriteOptions {
  subresource?: 'status';
  /** Server-side apply: take over conflicting fields. */
  force?: boolean;
  /**
   * The patch is to the object at another version than the stored one: it applies to
   * `toServed(stored)` and the result is stored as `toStored(patched)` (a CRD conversion
   * webhook's two directions, e.g. work.karmada.io/v1alpha1 bindings).
   */
  conversion?: ObjectConversion;
}

/** Conversion between the stored version of an object and the served one. @public */
export interface ObjectConversion {
  toServed(obj: KubeObject): KubeObject;
  toStored(obj: KubeObject): KubeObject;
}

/** Options of a delete. @public */
export interface DeleteOptions {
  namespace?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** `Orphan` keeps dependents; `Background`/`Foreground` delete them (in the background). */
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  dryRun?: boolean;
}

/** Options of a watch. @public */
export interface WatchOptions {
  namespace?: string;
  /** Unset or `"0"`: ADDED for every current match first. `N`: changes after N. */
  resourceVersion?: string;
  predicate?: ObjectPredicate;
}

/** A watch event as it goes on the wire. @public */
export interface WatchEvent {
  type: ChangeType;
  object: KubeObject;
}

interface HistoryEntry {
  rv: number;
  type: ChangeType;
  object: KubeObject;
  oldObject?: KubeObject;
}

interface Table {
  resource: ResourceDef;
  objects: Map<string, KubeObject>;
  history: HistoryEntry[];
  /** resourceVersion of the newest event dropped from history: watches must start at or after it. */
  compactedRv: number;
  watchers: Set<(e: HistoryEntry) => void>;
}

interface Cluster {
  name: string;
  tables: Map<string, Table>;
}

/** Namespaces every simulated cluster starts with. @public */
export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'karmada-system'];

function clone<T>(v: T): T {
  return structuredClone(v);
}

function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Everything outside metadata and status: what `generation` tracks. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** Equality that ignores the resourceVersion, to skip no-op writes as a real server does. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return isDeepStrictEqual(
    JSON.parse(JSON.stringify(strip(a))),
    JSON.parse(JSON.stringify(strip(b))),
  );
}

/**
 * One store for many API servers. Methods throw {@link StatusError} with the exact `Status`
 * the wire returns.
 * @public
 */
export class ObjectStore {
  private readonly clock: () => Date;
  private readonly historyLimit: number;
  private readonly newUid: () => string;
  private readonly random: () => number;
  private readonly clusterMap = new Map<string, Cluster>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly clusterListeners = new Set<
    (e: { type: 'ADDED' | 'REMOVED'; cluster: string }) => void
  >();
  private readonly admission: Array<{
    matcher: ResourceMatcher;
    hook: AdmissionHook;
  }> = [];
  private readonly pending: ChangeEvent[] = [];
  private delivering = false;
  private rv = 0;

  constructor(options: ObjectStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.historyLimit = Math.max(1, options.historyLimit ?? 1000);
    this.newUid = options.uid ?? randomUUID;
    this.random = options.random ?? Math.random;
    this.addCluster(CONTROL_PLANE);
  }

  /** The current value of the global resourceVersion counter. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  // ---------------------------------------------------------------- clusters

  /**
   * Adds an API surface for a cluster (idempotent), with the default namespaces and the
   * built-in PriorityClasses; a member also gets the platform's PriorityClasses.
   */
  addCluster(name: string): void {
    if (this.clusterMap.has(name)) return;
    const cluster: Cluster = { name, tables: new Map() };
    for (const r of resourcesFor(name)) {
      // A resource served at a second version shares the stored version's table.
      if (cluster.tables.has(resourceKey(r))) continue;
      cluster.tables.set(resourceKey(r), {
        resource: r,
        objects: new Map(),
        history: [],
        compactedRv: this.rv,
        watchers: new Set(),
      });
    }
    this.clusterMap.set(name, cluster);
    for (const ns of DEFAULT_NAMESPACES) {
      this.create(name, 'namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
    }
    for (const pc of [
      ...SYSTEM_PRIORITY_CLASSES,
      ...(name === CONTROL_PLANE ? [] : PLATFORM_PRIORITY_CLASSES),
    ]) {
      this.create(name, 'priorityclasses.scheduling.k8s.io', pc);
    }
    for (const l of this.clusterListeners) l({ type: 'ADDED', cluster: name });
  }

  /** Removes a member cluster's API surface and everything stored in it. */
  removeCluster(name: string): void {
    if (name === CONTROL_PLANE) {
      throw new Error('the control plane cannot be removed');
    }
    if (!this.clusterMap.delete(name)) return;
    for (const l of this.clusterListeners)
      l({ type: 'REMOVED', cluster: name });
  }

  /** Whether a cluster has an API surface. */
  hasCluster(name: string): boolean {
    return this.clusterMap.has(name);
  }

  /** Names of every cluster with an API surface, the control plane first. */
  clusters(): string[] {
    return [...this.clusterMap.keys()];
  }

  /** Names of the member clusters with an API surface. */
  members(): string[] {
    return this.clusters().filter(c => c !== CONTROL_PLANE);
  }

  /** Subscribes to clusters being added and removed; returns the unsubscribe function. */
  onClusterChange(
    listener: (e: { type: 'ADDED' | 'REMOVED'; cluster: string }) => void,
  ): () => void {
    this.clusterListeners.add(listener);
    return () => this.clusterListeners.delete(listener);
  }

  // ---------------------------------------------------------------- hooks

  /**
   * Subscribes to every stored change in every cluster, in commit order. Listeners may write
   * to the store; those changes are delivered after the current one.
   */
  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers a validating (and optionally defaulting) admission hook for CREATE and UPDATE.
   * Returned causes reject the write with 422 Invalid carrying them in `details.causes`.
   */
  registerAdmission(matcher: ResourceMatcher, hook: AdmissionHook): () => void {
    const entry = { matcher, hook };
    this.admission.push(entry);
    return () => {
      const i = this.admission.indexOf(entry);
      if (i >= 0) this.admission.splice(i, 1);
    };
  }

  // ---------------------------------------------------------------- reads

  /** Resolves a resource reference for a cluster; 404 if the cluster does not serve it. */
  resource(cluster: string, ref: ResourceRef): ResourceDef {
    return this.table(cluster, ref).resource;
  }

  /** Reads one object; 404 `NotFound` if missing. */
  get(
    cluster: string,
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): KubeObject {
    const table = this.table(cluster, ref);
    const obj = table.objects.get(this.objectKey(table, name, namespace));
    if (!obj) throw errors.notFound(table.resource, name);
    return clone(obj);
  }

  /** Reads one object, or `undefined`. */
  tryGet(
    cluster: string,
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): KubeObject | undefined {
    const table = this.table(cluster, ref);
    const obj = table.objects.get(this.objectKey(table, name, namespace));
    return obj ? clone(obj) : undefined;
  }

  /** Lists objects sorted by namespace and name, with optional paging. */
  list(
    cluster: string,
    ref: ResourceRef,
    options: ListOptions = {},
  ): ListResult {
    const table = this.table(cluster, ref);
    const resourceVersion = this.resourceVersion;
    let entries = [...table.objects.entries()]
      .filter(
        ([, o]) =>
          !options.namespace ||
          !table.resource.namespaced ||
          o.metadata.namespace === options.namespace,
      )
      .filter(([, o]) => !options.predicate || options.predicate(o))
      .sort(([a], [b]) => compareKeys(a, b));
    if (options.continue) {
      const after = decodeContinue(options.continue);
      entries = entries.filter(([k]) => k > after);
    }
    if (options.limit && options.limit > 0 && entries.length > options.limit) {
      const page = entries.slice(0, options.limit);
      return {
        items: page.map(([, o]) => clone(o)),
        resourceVersion,
        continue: encodeContinue(page[page.length - 1][0], resourceVersion),
        remainingItemCount: entries.length - page.length,
      };
    }
    return { items: entries.map(([, o]) => clone(o)), resourceVersion };
  }

  // ---------------------------------------------------------------- writes

  /** Creates an object: 409 AlreadyExists, 404 for a missing namespace, 422 from admission. */
  create(
    cluster: string,
    ref: ResourceRef,
    input: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    return this.createObject(cluster, ref, input, options, false);
  }

  private createObject(
    cluster: string,
    ref: ResourceRef,
    input: KubeObject,
    options: WriteOptions,
    applied: boolean,
  ): KubeObject {
    const table = this.table(cluster, ref);
    const r = table.resource;
    const obj = clone(input);
    obj.apiVersion = groupVersion(r);
    obj.kind = r.kind;
    obj.metadata = obj.metadata ?? {};
    const meta = obj.metadata;
    if (meta.resourceVersion) {
      throw errors.internal(
        'resourceVersion should not be set on objects to be created',
      );
    }
    const namespace = this.namespaceFor(r, options.namespace ?? meta.namespace);
    if (namespace) meta.namespace = namespace;
    else delete meta.namespace;
    const generated = !meta.name && meta.generateName;
    if (generated) {
      // apiserver's SimpleNameGenerator keeps at most 58 characters of the prefix, so a
      // generated name fits in 63.
      meta.name = `${String(meta.generateName).slice(0, 58)}${this.suffix()}`;
    }
    if (!meta.name) {
      throw errors.invalid(r, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    }
    const name = meta.name;
    if (namespace) this.requireNamespace(cluster, namespace, 'create');
    const key = keyOf(namespace, name);
    if (table.objects.has(key)) throw errors.alreadyExists(r, name);

    meta.uid = this.newUid();
    meta.creationTimestamp = this.timestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (r.subresources.includes('status') && !options.withStatus) {
      delete obj.status;
    }
    this.prepare(r, obj);
    this.admit(
      'CREATE',
      cluster,
      r,
      obj,
      undefined,
      undefined,
      generated ? meta.generateName : undefined,
    );
    if (!applied) {
      setManagedFields(
        obj,
        managedFieldsAfterUpdate(
          withManagedFields({} as KubeObject, clientManagedFields(input)),
          obj,
          options.fieldManager,
          managedContext(r, undefined, this.timestamp()),
        ),
      );
    }
    if (options.dryRun) return obj;
    // Admission may replace `metadata` (schema pruning), so not through `meta`.
    obj.metadata.resourceVersion = String(++this.rv);
    table.objects.set(key, obj);
    this.record(cluster, table, 'ADDED', obj);
    return clone(obj);
  }

  /**
   * Replaces an object (PUT): 404 if missing, 409 Conflict on a stale `resourceVersion`.
   * `status` is kept from the stored object when the resource has a `/status` subresource.
   */
  update(
    cluster: string,
    ref: ResourceRef,
    input: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    return this.write(cluster, ref, input, options, undefined);
  }

  /** Writes only `status` (the `/status` subresource); everything else is kept. */
  updateStatus(
    cluster: string,
    ref: ResourceRef,
    input: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    return this.write(cluster, ref, input, options, 'status');
  }

  /**
   * Patches an object. `apply` creates a missing object (`created: true`); strategic merge on
   * a custom resource is 415.
   */
  patch(
    cluster: string,
    ref: ResourceRef,
    name: string,
    type: PatchType,
    body: unknown,
    options: PatchOptions = {},
  ): { object: KubeObject; created: boolean } {
    const table = this.table(cluster, ref);
    const r = table.resource;
    if (type === 'strategic' && !r.builtin) {
      throw errors.unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]);
    }
    const namespace = this.namespaceFor(r, options.namespace);
    const current = table.objects.get(keyOf(namespace, name));
    const conversion = options.conversion;
    const toStored = (obj: KubeObject) =>
      conversion ? conversion.toStored(obj) : obj;
    // What the patch applies to: the stored object, or its served version.
    const base =
      current && conversion ? conversion.toServed(clone(current)) : current;
    if (type === 'apply') {
      if (!isPlainObject(body)) {
        throw errors.badRequest(
          'error decoding apply patch: expected an object',
        );
      }
      const applied = body as KubeObject;
      const ctx = managedContext(r, options.subresource, this.timestamp());
      const manager = options.fieldManager ?? '';
      if (!current) {
        if (options.subresource) throw errors.notFound(r, name);
        const obj = toStored(
          applyConfiguration(
            undefined,
            { ...applied, metadata: { ...applied.metadata, name, namespace } },
            manager,
            !!options.force,
            ctx,
          ),
        );
        const created = this.createObject(
          cluster,
          r,
          obj,
          { ...options, namespace },
          true,
        );
        return { object: created, created: true };
      }
      const merged = toStored(
        applyConfiguration(base!, applied, manager, !!options.force, ctx),
      );
      return {
        object: this.writePatched(cluster, r, current, merged, options, true),
        created: false,
      };
    }
    if (!current || !base) throw errors.notFound(r, name);
    let patched: KubeObject;
    if (type === 'json') {
      patched = applyJsonPatch(base, body);
    } else if (!isPlainObject(body)) {
      throw errors.badRequest(
        'the body of a merge patch must be a JSON object',
      );
    } else if (type === 'merge') {
      patched = mergePatch(clone(base), body) as KubeObject;
    } else {
      patched = strategicMerge(clone(base), body) as KubeObject;
    }
    if (conversion && isPlainObject(patched)) patched = toStored(patched);
    return {
      object: this.writePatched(cluster, r, current, patched, options),
      created: false,
    };
  }

  /**
   * Deletes an object. With finalizers it gets `deletionTimestamp` and stays until they are
   * emptied; otherwise it is removed. Returns the last state. Namespaces cascade.
   */
  delete(
    cluster: string,
    ref: ResourceRef,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const table = this.table(cluster, ref);
    const r = table.resource;
    const namespace = this.namespaceFor(r, options.namespace);
    const key = keyOf(namespace, name);
    const current = table.objects.get(key);
    if (!current) throw errors.notFound(r, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw errors.conflict(
        r,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw errors.conflict(
        r,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    if (options.dryRun) return clone(current);
    if (current.metadata.deletionTimestamp) return clone(current);

    const isNamespace = r.group === '' && r.plural === 'namespaces';
    const hasFinalizers = (current.metadata.finalizers ?? []).length > 0;
    if (hasFinalizers || isNamespace) {
      const next = clone(current);
      next.metadata.deletionTimestamp = this.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (isNamespace) next.status = { ...next.status, phase: 'Terminating' };
      next.metadata.resourceVersion = String(++this.rv);
      table.objects.set(key, next);
      this.record(cluster, table, 'MODIFIED', next, current);
      if (isNamespace) {
        this.cascadeNamespace(cluster, name);
        return clone(this.tryFinalizeNamespace(cluster, name) ?? next);
      }
      return clone(next);
    }
    return clone(this.remove(cluster, table, key, options.propagationPolicy));
  }

  // ---------------------------------------------------------------- watch

  /**
   * Streams changes of one resource to `send`. Throws 410 Expired for a resourceVersion older
   * than the retained history. Returns the unsubscribe function.
   */
  watch(
    cluster: string,
    ref: ResourceRef,
    options: WatchOptions,
    send: (e: WatchEvent) => void,
  ): () => void {
    const table = this.table(cluster, ref);
    const inScope = (o: KubeObject) =>
      (!options.namespace ||
        !table.resource.namespaced ||
        o.metadata.namespace === options.namespace) &&
      (!options.predicate || options.predicate(o));
    const deliver = (e: HistoryEntry) => {
      const now = inScope(e.object);
      const before = e.oldObject ? inScope(e.oldObject) : false;
      if (e.type === 'MODIFIED') {
        // Objects that start or stop matching a selector arrive as ADDED / DELETED.
        if (now && before) send({ type: 'MODIFIED', object: clone(e.object) });
        else if (now) send({ type: 'ADDED', object: clone(e.object) });
        else if (before) send({ type: 'DELETED', object: clone(e.object) });
      } else if (now) {
        send({ type: e.type, object: clone(e.object) });
      }
    };
    const rvParam = options.resourceVersion;
    if (!rvParam || rvParam === '0') {
      for (const obj of this.list(cluster, table.resource, {
        namespace: options.namespace,
        predicate: options.predicate,
      }).items) {
        send({ type: 'ADDED', object: obj });
      }
    } else {
      if (!/^\d+$/.test(rvParam)) {
        throw errors.badRequest(`invalid resource version: ${rvParam}`);
      }
      const from = Number(rvParam);
      if (from < table.compactedRv) {
        throw errors.expired(
          `too old resource version: ${from} (${table.compactedRv + 1})`,
        );
      }
      for (const e of table.history) if (e.rv > from) deliver(e);
    }
    table.watchers.add(deliver);
    return () => table.watchers.delete(deliver);
  }

  // ---------------------------------------------------------------- internals

  private table(cluster: string, ref: ResourceRef): Table {
    const c = this.clusterMap.get(cluster);
    if (!c) {
      throw errors.notFound(
        { plural: 'clusters', group: 'cluster.karmada.io' },
        cluster,
      );
    }
    const r = findResource(cluster, ref);
    const table = r && c.tables.get(resourceKey(r));
    if (!table) throw errors.notFoundPath();
    return table;
  }

  private objectKey(table: Table, name: string, namespace?: string): string {
    return keyOf(this.namespaceFor(table.resource, namespace), name);
  }

  private namespaceFor(r: ResourceDef, namespace: string | undefined) {
    if (!r.namespaced) return undefined;
    return namespace || 'default';
  }

  private requireNamespace(cluster: string, namespace: string, verb: 'create') {
    const ns = this.clusterMap
      .get(cluster)!
      .tables.get('namespaces')!
      .objects.get(namespace);
    if (!ns)
      throw errors.notFound({ plural: 'namespaces', group: '' }, namespace);
    if (verb === 'create' && ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        { name: namespace, group: '', kind: 'namespaces' },
      );
    }
  }

  private timestamp(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
  }

  private suffix(): string {
    // The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits.
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < 5; i++) {
      s +=
        alphabet[Math.floor(this.random() * alphabet.length) % alphabet.length];
    }
    return s;
  }

  /** Per-type normalisation a real server's create/update strategies perform. */
  private prepare(r: ResourceDef, obj: KubeObject) {
    if (r.group === '' && r.plural === 'secrets') {
      const stringData = obj.stringData as Record<string, string> | undefined;
      if (stringData) {
        const data = { ...((obj.data as Record<string, string>) ?? {}) };
        for (const [k, v] of Object.entries(stringData)) {
          data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        }
        obj.data = data;
        delete obj.stringData;
      }
      if (!obj.type) obj.type = 'Opaque';
    }
    if (r.group === 'scheduling.k8s.io' && r.plural === 'priorityclasses') {
      defaultPriorityClass(obj);
    }
    if (r.group === '' && r.plural === 'namespaces') {
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      if (!obj.metadata.deletionTimestamp) {
        obj.status = { ...obj.status, phase: 'Active' };
      }
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name!,
      };
    }
  }

  private matches(matcher: ResourceMatcher, cluster: string, r: ResourceDef) {
    if (typeof matcher === 'function') return matcher({ cluster, resource: r });
    if (matcher.cluster) {
      if (
        matcher.cluster === 'member'
          ? cluster === CONTROL_PLANE
          : matcher.cluster !== cluster
      ) {
        return false;
      }
    }
    if (matcher.group !== undefined && matcher.group !== r.group) return false;
    if (matcher.resource !== undefined && matcher.resource !== r.plural)
      return false;
    if (matcher.kind !== undefined && matcher.kind !== r.kind) return false;
    return true;
  }

  private admit(
    operation: 'CREATE' | 'UPDATE',
    cluster: string,
    r: ResourceDef,
    object: KubeObject,
    oldObject?: KubeObject,
    subresource?: 'status',
    generateName?: string,
  ) {
    // The type's own validation (kube-apiserver's strategy), before any admission hook.
    if (r.group === 'scheduling.k8s.io' && r.plural === 'priorityclasses') {
      const invalid = validatePriorityClass(object, oldObject);
      if (invalid.length)
        throw errors.invalid(r, object.metadata.name ?? '', invalid);
    }
    const causes: FieldCause[] = [];
    for (const { matcher, hook } of this.admission) {
      if (!this.matches(matcher, cluster, r)) continue;
      const result = hook({
        operation,
        cluster,
        resource: r,
        subresource,
        object,
        oldObject: oldObject ? clone(oldObject) : undefined,
        ...(generateName ? { generateName } : {}),
      });
      if (result && result.length) causes.push(...result);
    }
    if (causes.length)
      throw errors.invalid(r, object.metadata.name ?? '', causes);
  }

  private writePatched(
    cluster: string,
    r: ResourceDef,
    current: KubeObject,
    patched: KubeObject,
    options: PatchOptions,
    applied = false,
  ): KubeObject {
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) {
      throw errors.badRequest('the patch produced an object without metadata');
    }
    // The patched identity is the stored one: a patch cannot rename or move an object.
    patched.metadata.name = current.metadata.name;
    if (current.metadata.namespace)
      patched.metadata.namespace = current.metadata.namespace;
    return this.write(
      cluster,
      r,
      patched,
      { ...options, namespace: current.metadata.namespace },
      options.subresource,
      applied,
    );
  }

  private write(
    cluster: string,
    ref: ResourceRef,
    input: KubeObject,
    options: WriteOptions,
    subresource: 'status' | undefined,
    applied = false,
  ): KubeObject {
    const table = this.table(cluster, ref);
    const r = table.resource;
    if (subresource && !r.subresources.includes(subresource))
      throw errors.notFoundPath();
    const name = input.metadata?.name;
    if (!name) {
      throw errors.invalid(r, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name is required',
          field: 'metadata.name',
        },
      ]);
    }
    const namespace = this.namespaceFor(
      r,
      options.namespace ?? input.metadata.namespace,
    );
    const key = keyOf(namespace, name);
    const current = table.objects.get(key);
    if (!current) throw errors.notFound(r, name);
    const wanted = input.metadata.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion)
      throw errors.conflict(r, name);

    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...clone(current), status: clone(input.status) };
      if (next.status === undefined) delete next.status;
    } else {
      next = clone(input);
      next.apiVersion = current.apiVersion;
      next.kind = current.kind;
      const keep = current.metadata;
      next.metadata = {
        ...next.metadata,
        name: keep.name,
        uid: keep.uid,
        creationTimestamp: keep.creationTimestamp,
        generation: keep.generation,
        resourceVersion: keep.resourceVersion,
      };
      if (keep.namespace) next.metadata.namespace = keep.namespace;
      else delete next.metadata.namespace;
      // deletionTimestamp is owned by the server: clients cannot set or clear it.
      if (keep.deletionTimestamp) {
        next.metadata.deletionTimestamp = keep.deletionTimestamp;
        next.metadata.deletionGracePeriodSeconds =
          keep.deletionGracePeriodSeconds;
      } else {
        delete next.metadata.deletionTimestamp;
        delete next.metadata.deletionGracePeriodSeconds;
      }
      if (r.subresources.includes('status')) {
        if (current.status === undefined) delete next.status;
        else next.status = clone(current.status);
      }
      this.prepare(r, next);
      if (keep.deletionTimestamp) {
        const added = (next.metadata.finalizers ?? []).filter(
          f => !(keep.finalizers ?? []).includes(f),
        );
        if (added.length) {
          throw errors.invalid(r, name, [
            {
              reason: 'FieldValueForbidden',
              message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(
                added,
              )}`,
              field: 'metadata.finalizers',
            },
          ]);
        }
      }
    }
    this.admit('UPDATE', cluster, r, next, current, subresource);
    if (applied) {
      // Server-side apply computed them (applyConfiguration).
      setManagedFields(next, input.metadata.managedFields);
    } else {
      // A client may send managedFields to replace them (not on a subresource).
      const base =
        (subresource ? undefined : clientManagedFields(input)) ??
        current.metadata.managedFields;
      setManagedFields(
        next,
        managedFieldsAfterUpdate(
          withManagedFields(current, base),
          next,
          options.fieldManager,
          managedContext(r, subresource, this.timestamp()),
        ),
      );
    }
    // After admission, as kube-apiserver defaults before comparing: a write that only
    // omits defaulted fields is not a spec change.
    if (
      subresource !== 'status' &&
      !isDeepStrictEqual(norm(specPart(current)), norm(specPart(next)))
    ) {
      next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    if (options.dryRun) return next;
    if (sameContent(current, next)) return clone(current);
    next.metadata.resourceVersion = String(++this.rv);
    table.objects.set(key, next);
    this.record(cluster, table, 'MODIFIED', next, current);
    if (
      next.metadata.deletionTimestamp &&
      !(next.metadata.finalizers ?? []).length
    ) {
      if (r.group === '' && r.plural === 'namespaces') {
        return clone(this.tryFinalizeNamespace(cluster, name) ?? next);
      }
      return clone(this.remove(cluster, table, key));
    }
    return clone(next);
  }

  /** Removes an object for good, emits DELETED, collects its dependents and namespace. */
  private remove(
    cluster: string,
    table: Table,
    key: string,
    propagation?: DeleteOptions['propagationPolicy'],
  ): KubeObject {
    const current = table.objects.get(key)!;
    const last = clone(current);
    last.metadata.resourceVersion = String(++this.rv);
    table.objects.delete(key);
    this.record(cluster, table, 'DELETED', last, current);
    if (propagation !== 'Orphan')
      this.collectDependents(cluster, current.metadata.uid!);
    const ns = current.metadata.namespace;
    if (ns) this.tryFinalizeNamespace(cluster, ns);
    return last;
  }

  /** A small garbage collector: dependents whose every owner is gone are deleted. */
  private collectDependents(cluster: string, uid: string) {
    const c = this.clusterMap.get(cluster);
    if (!c) return;
    const liveUids = new Set<string>();
    for (const t of c.tables.values()) {
      for (const o of t.objects.values()) liveUids.add(o.metadata.uid!);
    }
    for (const t of c.tables.values()) {
      for (const o of [...t.objects.values()]) {
        const owners = o.metadata.ownerReferences ?? [];
        if (!owners.some(ref => ref.uid === uid)) continue;
        if (owners.some(ref => liveUids.has(ref.uid))) continue;
        if (!t.objects.has(keyOf(o.metadata.namespace, o.metadata.name!)))
          continue;
        this.delete(cluster, t.resource, o.metadata.name!, {
          namespace: o.metadata.namespace,
        });
      }
    }
  }

  private cascadeNamespace(cluster: string, namespace: string) {
    const c = this.clusterMap.get(cluster)!;
    for (const t of c.tables.values()) {
      if (!t.resource.namespaced) continue;
      for (const o of [...t.objects.values()]) {
        if (o.metadata.namespace !== namespace || o.metadata.deletionTimestamp)
          continue;
        if (!t.objects.has(keyOf(namespace, o.metadata.name!))) continue;
        this.delete(cluster, t.resource, o.metadata.name!, { namespace });
      }
    }
  }

  /** Removes a terminating namespace once it is empty and has no finalizers. */
  private tryFinalizeNamespace(
    cluster: string,
    namespace: string,
  ): KubeObject | undefined {
    const c = this.clusterMap.get(cluster);
    const nsTable = c?.tables.get('namespaces');
    const ns = nsTable?.objects.get(namespace);
    if (!c || !nsTable || !ns?.metadata.deletionTimestamp) return undefined;
    if ((ns.metadata.finalizers ?? []).length) return undefined;
    for (const t of c.tables.values()) {
      if (!t.resource.namespaced) continue;
      for (const o of t.objects.values()) {
        if (o.metadata.namespace === namespace) return undefined;
      }
    }
    return this.remove(cluster, nsTable, namespace);
  }

  private record(
    cluster: string,
    table: Table,
    type: ChangeType,
    object: KubeObject,
    oldObject?: KubeObject,
  ) {
    const entry: HistoryEntry = {
      rv: Number(object.metadata.resourceVersion),
      type,
      object: clone(object),
      oldObject: oldObject ? clone(oldObject) : undefined,
    };
    table.history.push(entry);
    while (table.history.length > this.historyLimit) {
      table.compactedRv = table.history.shift()!.rv;
    }
    for (const w of [...table.watchers]) w(entry);
    this.pending.push({
      type,
      cluster,
      resource: table.resource,
      object: clone(object),
      oldObject: oldObject ? clone(oldObject) : undefined,
    });
    this.deliver();
  }

  private deliver() {
    // Listeners may write to the store; queue those events so every listener sees commit order.
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.pending.length) {
        const event = this.pending.shift()!;
        for (const l of [...this.listeners]) {
          try {
            l(event);
          } catch {
            // A failing listener must not break the write that triggered it.
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}

/** Byte-order comparison, as etcd orders keys (localeCompare would not). */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function managedContext(
  r: ResourceDef,
  subresource: 'status' | undefined,
  time: string,
): ManagedContext {
  return {
    builtin: r.builtin,
    apiVersion: groupVersion(r),
    time,
    subresource,
    statusSubresource: r.subresources.includes('status'),
  };
}

/**
 * The managedFields a write's body carries, if they decode (every entry has a manager, an
 * operation and `fieldsType: FieldsV1`); kube then starts from them instead of the live ones.
 */
function clientManagedFields(obj: KubeObject): unknown[] | undefined {
  const list = obj?.metadata?.managedFields;
  if (!Array.isArray(list) || !list.length) return undefined;
  const valid = list.every(
    e =>
      isPlainObject(e) &&
      typeof e.manager === 'string' &&
      (e.operation === 'Apply' || e.operation === 'Update') &&
      e.fieldsType === 'FieldsV1' &&
      isPlainObject(e.fieldsV1),
  );
  if (!valid) return undefined;
  // metav1.Time decodes and encodes with second precision.
  return list.map(e => {
    const time = Date.parse(String(e.time));
    return Number.isNaN(time)
      ? e
      : { ...e, time: new Date(time).toISOString().replace(/\.\d+Z$/, 'Z') };
  });
}

function withManagedFields(obj: KubeObject, managed: unknown): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, managedFields: managed } };
}

function setManagedFields(obj: KubeObject, managed: unknown) {
  if (managed === undefined) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = managed;
}

function norm(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null));
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function encodeContinue(lastKey: string, rv: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey, rv }), 'utf8').toString(
    'base64url',
  );
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed?.k === 'string') return parsed.k;
  } catch {
    // fall through to the 400 below
  }
  throw errors.badRequest('continue key is not valid: illegal base64 data');
}
