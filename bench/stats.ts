/** Small numeric and formatting helpers shared by the benchmark's parts. */

/**
 * Milliseconds since the epoch with sub-millisecond resolution. Every process in the benchmark
 * (this one, the reference consumer, the page) reads the same machine clock this way, and the
 * small offsets between them are measured, not assumed (see `measureOffset` callers).
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The p-th percentile (0-100) of `values` by nearest rank; NaN for an empty list. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** 6950.4 → "6,950" */
export function thousands(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

export function fixed(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
}

export const MiB = 1024 * 1024;

/**
 * Clock offset of another process: `theirs - ours`, from the round trip with the smallest
 * delay among `samples` (their reading is assumed to sit in the middle of that round trip).
 */
export async function measureOffset(
  readTheirs: () => Promise<number>,
  samples = 7,
): Promise<{ offsetMs: number; roundTripMs: number }> {
  let best = { offsetMs: 0, roundTripMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < samples; i++) {
    const before = epochNow();
    const theirs = await readTheirs();
    const after = epochNow();
    if (after - before < best.roundTripMs) {
      best = { offsetMs: theirs - (before + after) / 2, roundTripMs: after - before };
    }
  }
  return best;
}

/**
 * A message body of exactly `bytes` ASCII bytes that still says which message it is, as JSON
 * (so the dashboard's body formatting does real work, as it would on real traffic).
 * @example benchBody('a', 7, 100).length // 100
 */
export function benchBody(scenario: string, seq: number, bytes = 100): string {
  const head = `{"bench":"${scenario}","seq":${seq},"pad":"`;
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  return head + 'x'.repeat(padding) + tail;
}
