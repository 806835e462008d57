/**
 * What every `bench/*.bench.ts` module returns from `export async function run()`. Each figure is measured
 * beside a baseline in the same run, so the ratio means something on any machine; absolute times do not.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baselineValue: number;
  /** value / baselineValue */
  ratio: number;
  /** Printed beside the figures: a verdict (e.g. whether exceljs is in the initial chunks) or why a figure is missing. */
  note?: string;
}

export function row(name: string, value: number, unit: string, baselineName: string, baselineValue: number, note?: string): BenchRow {
  return { name, value, unit, baselineName, baselineValue, ratio: baselineValue > 0 ? value / baselineValue : Number.NaN, ...(note ? { note } : {}) };
}

/** A figure this machine cannot measure (no Chromium, no build …): the table says why instead of failing. */
export function unmeasured(name: string, unit: string, baselineName: string, why: string): BenchRow {
  return { name, value: Number.NaN, unit, baselineName, baselineValue: Number.NaN, ratio: Number.NaN, note: `not measured: ${why}` };
}

/** The median of a sample (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-th percentile (0–1) of a sample, nearest-rank, so p95 of 40 runs is a real run, not an interpolation. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** Milliseconds spent in `fn`, with the high-resolution clock. */
export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
