/** The HTTP status of a failed request to the backend (a `ResponseError`), if any. @internal */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What the server said about a failed request: the message of the error it sent (which names
 * the field of an invalid policy), not the generic `Request failed with 400 …`.
 *
 * @internal
 */
export function serverMessage(error: unknown): string {
  const e = error as { cause?: { message?: unknown }; message?: unknown };
  if (statusOf(error) !== undefined && typeof e?.cause?.message === 'string') {
    return e.cause.message;
  }
  return typeof e?.message === 'string' ? e.message : String(error);
}
