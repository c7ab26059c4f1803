/**
 * Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` turns a
 * get, list or watch response into a `meta.k8s.io` Table, as kube-apiserver does for
 * kubectl. Pure functions.
 */

import type { KubeObject } from '../types';
import { StatusError } from '../store/errors';
import { printerFor } from './printers';

/** The Table version a request asked for. @internal */
export type TableVersion = 'v1' | 'v1beta1';

/** What a request's `Accept` header asks for. @internal */
export type AcceptedRepresentation =
  | { as: 'Table'; version: TableVersion }
  | { as: 'Object' }
  | { as: 'NotAcceptable' };

function parseMediaRange(range: string) {
  const [type, ...rest] = range.split(';').map(s => s.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i > 0)
      params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { type: type.toLowerCase(), params };
}

/**
 * Picks the first representation of the `Accept` list the server can send: a Table
 * (`as=Table;g=meta.k8s.io;v=v1|v1beta1`) or plain JSON (`application/json`, `*\/*`,
 * or no header). A list of only unsupported `as=` JSON types is NotAcceptable (406).
 * @internal
 */
export function acceptedRepresentation(
  accept: string | undefined,
): AcceptedRepresentation {
  if (!accept || !accept.trim()) return { as: 'Object' };
  let askedAs = false;
  for (const range of accept.split(',')) {
    const { type, params } = parseMediaRange(range);
    if (
      type !== 'application/json' &&
      type !== 'application/*' &&
      type !== '*/*'
    ) {
      continue;
    }
    if (!params.as) return { as: 'Object' };
    askedAs = true;
    if (
      params.as === 'Table' &&
      params.g === 'meta.k8s.io' &&
      (params.v === 'v1' || params.v === 'v1beta1')
    ) {
      return { as: 'Table', version: params.v };
    }
  }
  // Only unknown `as=` types: 406, as a real server. Anything else (protobuf, YAML): the
  // simulator answers JSON, which clients of those types also accept.
  return askedAs ? { as: 'NotAcceptable' } : { as: 'Object' };
}

/** `includeObject` of a Table request. @internal */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** `?includeObject=`; Metadata by default. @internal */
export function includeObjectOf(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

/** The `object` of a row: PartialObjectMetadata, the object itself, or nothing. */
function rowObject(
  obj: KubeObject,
  include: IncludeObject,
  version: TableVersion,
): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata,
  };
}

/** Options of {@link toTable}. @internal */
export interface TableOptions {
  version: TableVersion;
  includeObject: IncludeObject;
  now: Date;
  /** The list metadata (resourceVersion, continue) of a list; a get sends the object's. */
  metadata?: Record<string, unknown>;
  /** Leaves out `columnDefinitions`, as a watch does after its first event. */
  omitColumns?: boolean;
}

/**
 * A `meta.k8s.io` Table of objects of one resource.
 * @internal
 */
export function toTable(
  resource: { group: string; version: string; kind: string },
  objects: KubeObject[],
  options: TableOptions,
): KubeObject {
  const printer = printerFor(resource);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.metadata ?? {},
    columnDefinitions: options.omitColumns ? null : printer.columns,
    rows: objects.map(obj => {
      const object = rowObject(obj, options.includeObject, options.version);
      return {
        cells: printer.cells(obj, options.now),
        ...(object ? { object } : {}),
      };
    }),
  } as KubeObject;
}

/** What a get, list or watch should send as a Table; undefined for plain objects. @internal */
export interface TableRequest {
  version: TableVersion;
  includeObject: IncludeObject;
}

/**
 * The Table a request asks for (from `Accept` and `?includeObject=`), undefined when it
 * asks for plain JSON; throws 406 NotAcceptable for only unknown `as=` types.
 * @internal
 */
export function tableRequestOf(
  accept: string | undefined,
  query: URLSearchParams,
): TableRequest | undefined {
  const repr = acceptedRepresentation(accept);
  if (repr.as === 'NotAcceptable') {
    throw new StatusError(
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io',
    );
  }
  if (repr.as === 'Object') return undefined;
  return {
    version: repr.version,
    includeObject: includeObjectOf(query.get('includeObject')),
  };
}
