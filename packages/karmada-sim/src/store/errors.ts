import type { FieldCause } from '../types';
import type { ResourceDef } from '../resources';

/** A `Status` object, as the API server returns it for errors. @public */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: FieldCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/**
 * An API error with its wire `Status`. The store throws these; the server sends `status` with
 * `code` as the HTTP status.
 * @public
 */
export class StatusError extends Error {
  readonly status: StatusBody;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusBody['details'],
  ) {
    super(message);
    this.name = 'StatusError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }
}

/** `deployments.apps`, or `pods` for the core group: the resource as errors name it. */
function qualified(r: Pick<ResourceDef, 'plural' | 'group'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Constructors for the Status errors of `k8s.io/apimachinery/pkg/api/errors`. @public */
export const errors = {
  notFound(r: Pick<ResourceDef, 'plural' | 'group'>, name: string) {
    return new StatusError(
      404,
      'NotFound',
      `${qualified(r)} "${name}" not found`,
      { name, group: r.group, kind: r.plural },
    );
  },
  notFoundPath() {
    return new StatusError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    );
  },
  alreadyExists(r: Pick<ResourceDef, 'plural' | 'group'>, name: string) {
    return new StatusError(
      409,
      'AlreadyExists',
      `${qualified(r)} "${name}" already exists`,
      { name, group: r.group, kind: r.plural },
    );
  },
  conflict(
    r: Pick<ResourceDef, 'plural' | 'group'>,
    name: string,
    why?: string,
  ) {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${
        why ??
        'the object has been modified; please apply your changes to the latest version and try again'
      }`,
      { name, group: r.group, kind: r.plural },
    );
  },
  invalid(
    r: Pick<ResourceDef, 'kind' | 'group'>,
    name: string,
    causes: FieldCause[],
  ) {
    const kind = r.group ? `${r.kind}.${r.group}` : r.kind;
    const parts = causes.map(c =>
      c.field ? `${c.field}: ${c.message}` : c.message,
    );
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    return new StatusError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${joined}`,
      {
        name,
        group: r.group,
        kind: r.kind,
        causes,
      },
    );
  },
  /** 403 as admission plugins answer: `pods "web-" is forbidden: <why>`. */
  forbidden(
    r: Pick<ResourceDef, 'plural' | 'group'>,
    name: string,
    why: string,
  ) {
    return new StatusError(
      403,
      'Forbidden',
      `${qualified(r)} "${name}" is forbidden: ${why}`,
      { name, group: r.group, kind: r.plural },
    );
  },
  badRequest(message: string) {
    return new StatusError(400, 'BadRequest', message);
  },
  expired(message: string) {
    return new StatusError(410, 'Expired', message);
  },
  gone(message: string) {
    return new StatusError(410, 'Gone', message);
  },
  methodNotAllowed(
    message = 'the server does not allow this method on the requested resource',
  ) {
    return new StatusError(405, 'MethodNotAllowed', message);
  },
  unsupportedMediaType(accepted: string[]) {
    return new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
    );
  },
  unauthorized() {
    return new StatusError(401, 'Unauthorized', 'Unauthorized');
  },
  internal(message: string) {
    return new StatusError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
      { causes: [{ reason: '', message, field: '' }] },
    );
  },
  serviceUnavailable(message: string) {
    return new StatusError(503, 'ServiceUnavailable', message);
  },
};

/** The reason a real server gives for an HTTP status code, for injected faults. @internal */
export function reasonForCode(code: number): string {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}
