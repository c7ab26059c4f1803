import { z } from 'zod';
import {
  labelKeyError,
  labelKeySchema,
  labelValueError,
  labelValueSchema,
} from '../kubernetes/names';

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
