import type { DeploymentUsage } from '@h-mas/plugin-hmas-common';

/**
 * The inference gateway's counts of one deployment, caller and UTC minute, to add to what is
 * stored.
 *
 * @internal
 */
export interface UsageSample {
  deploymentId: string;
  /** Entity ref of the user, or `service:<subject>` for a service principal. */
  caller: string;
  /** Start of the UTC minute the calls were made in. */
  periodStart: Date;
  requests: number;
  errors: number;
  latencyMsTotal: number;
  latencyMsMax: number;
  /** Reported tokens only. */
  promptTokens: number;
  completionTokens: number;
  /** When the latest of the calls ended. */
  lastCallAt: Date;
}

/**
 * Persistence of the inference gateway's metering: counts per deployment, caller and UTC
 * minute.
 *
 * @internal
 */
export interface InferenceUsageStore {
  /**
   * Adds the samples to the stored counts, all or none (one transaction). Samples of a
   * deployment that no longer exists are dropped.
   */
  record(samples: UsageSample[]): Promise<void>;
  /**
   * The counts of a deployment from the start of the UTC minute of `since` to now, in total
   * and per caller (the most requests first).
   */
  summary(
    deploymentId: string,
    options: { since: Date },
  ): Promise<DeploymentUsage>;
}
