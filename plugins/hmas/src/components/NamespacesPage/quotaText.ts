import { ClusterQuotaUse, quotaUseText } from '@h-mas/plugin-hmas-common';

/** A cluster's quota use, or why it could not be read. @internal */
export interface ReportedUse {
  cluster: string;
  text?: string;
  error?: string;
}

/**
 * The quota use of the clusters that report one (or could not be read), each as
 * `cluster`, and `text` (its use) or `error`.
 *
 * @internal
 */
export function reportedUse(
  usage: ClusterQuotaUse[] | undefined,
): ReportedUse[] {
  return (usage ?? []).flatMap((u): ReportedUse[] => {
    if (u.error) return [{ cluster: u.cluster, error: u.error }];
    if (Object.keys(u.hard).length === 0) return [];
    return [{ cluster: u.cluster, text: quotaUseText(u) }];
  });
}

/**
 * One line per cluster of `reportedUse`: `gpu-a: GPU 1/4 · pods 2/20`, or
 * `gpu-a: use unavailable (why)`.
 *
 * @internal
 */
export function clusterUseLines(
  usage: ClusterQuotaUse[] | undefined,
): string[] {
  return reportedUse(usage).map(u =>
    u.error
      ? `${u.cluster}: use unavailable (${u.error})`
      : `${u.cluster}: ${u.text}`,
  );
}
