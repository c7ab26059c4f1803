import { z } from 'zod';

/** ISO 8601: a date, or a date and time (a time without an offset is UTC). */
const ISO_8601 =
  /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)?$/;

/**
 * Query of `GET /deployments/{id}/usage`: `since`, an ISO 8601 timestamp (default 24 hours
 * ago).
 *
 * @public
 */
export const deploymentUsageQuerySchema = z
  .object({
    since: z
      .string()
      .refine(
        v => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)),
        'must be an ISO 8601 timestamp',
      )
      .optional(),
  })
  .strict();

/** @public */
export type DeploymentUsageQuery = z.infer<typeof deploymentUsageQuerySchema>;

/**
 * Counts of inference gateway calls to a deployment over a period. Tokens are those the model
 * server reported (a reply that reports none adds none); latencies are in milliseconds, from
 * the gateway's route start to the end of the reply.
 *
 * @public
 */
export interface InferenceUsageTotals {
  requests: number;
  /** Calls answered with a status of 400 or more, or whose stream broke. */
  errors: number;
  latencyMsAvg: number;
  latencyMsMax: number;
  promptTokens: number;
  completionTokens: number;
  /** ISO 8601 timestamp of the end of the latest call; absent when there was none. */
  lastCallAt?: string;
}

/**
 * {@link InferenceUsageTotals} of one caller.
 *
 * @public
 */
export interface InferenceCallerUsage
  extends Omit<InferenceUsageTotals, 'lastCallAt'> {
  /** Entity ref of the user, or `service:<subject>` for a service principal. */
  caller: string;
  /** ISO 8601 timestamp of the end of the caller's latest call. */
  lastCallAt: string;
}

/**
 * Response of `GET /deployments/{id}/usage`: the gateway's calls to a deployment from `since`
 * (the start of its UTC minute: calls are counted per minute) to `until` (now), in total and
 * per caller, the most requests first. Calls of the last few seconds may not be counted yet
 * (the gateway writes its counts every few seconds).
 *
 * @public
 */
export interface DeploymentUsage {
  /** ISO 8601 timestamp. */
  since: string;
  /** ISO 8601 timestamp. */
  until: string;
  totals: InferenceUsageTotals;
  callers: InferenceCallerUsage[];
}
