/** Small helpers shared by the benchmarks. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export type Rate = Readonly<{ perSecond: number; p50Ms: number; p99Ms: number; count: number }>;

/**
 * Runs `work` on `concurrency` lanes for `seconds` (after a short warm-up that is not counted) and
 * reports operations per second and latency percentiles.
 */
export async function saturate(concurrency: number, seconds: number, work: (lane: number) => Promise<void>, warmUpSeconds = 1): Promise<Rate> {
  const latencies: number[] = [];
  let measuring = false;
  const warmUpEnds = performance.now() + warmUpSeconds * 1000;
  const ends = warmUpEnds + seconds * 1000;
  let startedAt = 0;
  const lane = async (index: number) => {
    for (let now = performance.now(); now < ends; now = performance.now()) {
      if (!measuring && now >= warmUpEnds) {
        measuring = true;
        startedAt = now;
      }
      await work(index);
      if (measuring && now >= startedAt) latencies.push(performance.now() - now);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
  const elapsed = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: latencies.length };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const round = (n: number, digits = 0) => Number(n.toFixed(digits));
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
