import { z } from 'zod';

const NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_RE =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why a Kubernetes label key is invalid, or `undefined` when it is valid: an optional
 * DNS-subdomain prefix (≤ 253) and `/`, then a name (≤ 63) of alphanumerics, `-`, `_`, `.`,
 * beginning and ending with an alphanumeric.
 *
 * @public
 */
export function labelKeyError(key: string): string | undefined {
  if (key.length === 0) return 'Key must not be empty';
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'Key prefix must not be empty';
    if (prefix.length > 253) {
      return 'Key prefix must be at most 253 characters';
    }
    if (!DNS_SUBDOMAIN_RE.test(prefix)) {
      return 'Key prefix must be a DNS subdomain: lowercase alphanumerics, - and ., starting and ending with an alphanumeric';
    }
  }
  if (name.length === 0) return 'Key name must not be empty';
  if (name.length > 63) return 'Key name must be at most 63 characters';
  if (!NAME_RE.test(name)) {
    return 'Key name must consist of alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

/**
 * Why a Kubernetes label value is invalid, or `undefined` when it is valid: empty, or at most
 * 63 alphanumerics, `-`, `_`, `.`, beginning and ending with an alphanumeric.
 *
 * @public
 */
export function labelValueError(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return 'Value must be at most 63 characters';
  if (!NAME_RE.test(value)) {
    return 'Value must consist of alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

/** A Kubernetes label key. @public */
export const labelKeySchema = z.string().superRefine((key, ctx) => {
  const error = labelKeyError(key);
  if (error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: error });
});

/** A Kubernetes label value. @public */
export const labelValueSchema = z.string().superRefine((value, ctx) => {
  const error = labelValueError(value);
  if (error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: error });
});

/**
 * Body of `PATCH /clusters/:name/labels`: labels to set and keys to remove, optionally
 * guarded by the Cluster's `resourceVersion` (a stale one gets 409).
 *
 * @public
 */
export const clusterLabelsPatchSchema = z
  .object({
    set: z.record(labelKeySchema, labelValueSchema).default({}),
    remove: z.array(labelKeySchema).default([]),
    resourceVersion: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((patch, ctx) => {
    for (const key of patch.remove) {
      if (key in patch.set) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['remove'],
          message: `Label ${key} is both set and removed`,
        });
      }
    }
    if (Object.keys(patch.set).length === 0 && patch.remove.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'Nothing to change: set or remove at least one label',
      });
    }
  });

/** @public */
export type ClusterLabelsPatch = z.infer<typeof clusterLabelsPatchSchema>;

/**
 * One row of the label editor.
 *
 * @public
 */
export interface LabelRow {
  key: string;
  value: string;
}

/**
 * Errors of the label editor's rows, by row index: empty key, duplicate key, invalid key or
 * value. An empty result means the rows can be saved.
 *
 * @public
 */
export function labelRowErrors(
  rows: LabelRow[],
): Record<number, { key?: string; value?: string }> {
  const errors: Record<number, { key?: string; value?: string }> = {};
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    let keyError: string | undefined;
    if (key.length === 0) keyError = 'Key is required';
    else if (seen.has(key)) {
      keyError = `Duplicate key (also in row ${seen.get(key)! + 1})`;
    } else keyError = labelKeyError(key);
    const valueError = labelValueError(row.value);
    if (!seen.has(key)) seen.set(key, index);
    if (keyError || valueError) {
      errors[index] = {
        ...(keyError ? { key: keyError } : {}),
        ...(valueError ? { value: valueError } : {}),
      };
    }
  });
  return errors;
}
