/** Sample statistics and timing shared by the benchmarks. */

/** p50, p95 and mean of a set of samples (milliseconds). */
export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    p50: at(0.5),
    p95: at(0.95),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** Milliseconds, one decimal. */
export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** One line of a stats summary. */
export const line = (s: ReturnType<typeof stats>) =>
  `p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  mean ${fmt(s.mean)}`;

/** How long one call takes, in milliseconds. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
