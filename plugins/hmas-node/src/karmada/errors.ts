import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';

/** A Kubernetes `Status` body, as far as H-MAS reads it. @public */
export interface KubeStatus {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
  details?: {
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/**
 * Reads the `Status` out of a client-node error; `ApiException.body` is the raw text.
 *
 * @public
 */
export function kubeStatusOf(error: unknown): KubeStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return { code: error.code, message: body };
    }
  }
  return (body as KubeStatus) ?? { code: error.code };
}

/**
 * Karmada did not answer within the request deadline. The REST layer answers 504 (the
 * `statusCode` Backstage's error handler reads).
 *
 * @public
 */
export class KarmadaTimeoutError extends CustomErrorBase {
  name = 'KarmadaTimeoutError' as const;
  readonly statusCode = 504;
}

/**
 * Whether a mapped error is transient, so a request that is safe to repeat may be tried
 * again: Karmada unreachable, answering 5xx or 429, or not answering in time.
 *
 * @public
 */
export function isRetryable(error: Error): boolean {
  return (
    error.name === 'ServiceUnavailableError' ||
    error.name === 'KarmadaTimeoutError'
  );
}

/**
 * Maps an error from the Kubernetes API to the `@backstage/errors` type the REST layer turns
 * into the right status: 404 → NotFoundError, 409 (Conflict, AlreadyExists) → ConflictError,
 * 422 Invalid → InputError with the causes, 401/403 → NotAllowedError, 5xx, 429 or no answer
 * → ServiceUnavailableError (503), the request deadline passed → KarmadaTimeoutError (504).
 * Anything else is returned unchanged. Already-mapped errors pass through.
 *
 * @public
 */
export function mapKubeError(
  error: unknown,
  what: string,
  timeoutMs?: number,
): Error {
  if (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  ) {
    return new KarmadaTimeoutError(
      `Karmada did not answer ${what}${
        timeoutMs ? ` within ${timeoutMs} ms` : ' in time'
      }`,
    );
  }
  if (!(error instanceof ApiException)) {
    if (
      error instanceof Error &&
      /ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT|fetch failed/i.test(
        String(error.message),
      )
    ) {
      return new ServiceUnavailableError(
        `Karmada is unreachable while ${what}: ${error.message}`,
      );
    }
    return error as Error;
  }
  const status = kubeStatusOf(error);
  const message = status?.message ?? `HTTP ${error.code}`;
  switch (error.code) {
    case 404:
      return new NotFoundError(`${what}: ${message}`);
    case 409:
      return new ConflictError(`${what}: ${message}`);
    case 400:
    case 422: {
      const causes = status?.details?.causes
        ?.map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
        .join('; ');
      return new InputError(`${what}: ${causes || message}`);
    }
    case 401:
    case 403:
      return new NotAllowedError(`${what}: Karmada refused: ${message}`);
    case 429:
      return new ServiceUnavailableError(
        `${what}: Karmada is throttling requests (429): ${message}`,
      );
    default:
      if (error.code >= 500) {
        return new ServiceUnavailableError(
          `${what}: Karmada answered ${error.code}: ${message}`,
        );
      }
      return new Error(`${what}: Karmada answered ${error.code}: ${message}`);
  }
}
