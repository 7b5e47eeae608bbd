import { err, ok, type Result } from '@/lib/util/result';

/**
 * How fast a capture is replayed:
 * - `original`: with the gaps between messages as they were received;
 * - `speed`: the same gaps divided by `factor` (×10 is ten times faster);
 * - `rate`: a fixed `perSecond`, whatever the capture's timing;
 * - `fastest`: as fast as the broker takes them.
 */
export type Pacing =
  | { kind: 'original' }
  | { kind: 'speed'; factor: number }
  | { kind: 'rate'; perSecond: number }
  | { kind: 'fastest' };

/**
 * When each message is due, in ms after the replay starts, for messages received at `offsetsMs`
 * (non-decreasing, as a valid capture has them); message `i` counts from 1. `undefined` for
 * `fastest`: nothing waits. The first message is due at once whatever its offset.
 *
 * @example
 * const due = dueOffsets([100, 150, 400], { kind: 'speed', factor: 10 });
 * [1, 2, 3].map(due!); // [0, 5, 30]
 */
export function dueOffsets(
  offsetsMs: readonly number[],
  pacing: Pacing,
): ((i: number) => number) | undefined {
  const first = offsetsMs[0] ?? 0;
  switch (pacing.kind) {
    case 'fastest':
      return undefined;
    case 'original':
      return (i) => (offsetsMs[i - 1] ?? first) - first;
    case 'speed':
      return (i) => ((offsetsMs[i - 1] ?? first) - first) / pacing.factor;
    case 'rate':
      return (i) => ((i - 1) * 1000) / pacing.perSecond;
  }
}

/** How long a replay should take at `pacing` (without broker delays), in ms. */
export function plannedDurationMs(offsetsMs: readonly number[], pacing: Pacing): number {
  const due = dueOffsets(offsetsMs, pacing);
  return due && offsetsMs.length > 0 ? due(offsetsMs.length) : 0;
}

/**
 * Reads a speed factor (`10`, `x10`, `×10`, `0.5`) or a rate as typed, into a {@link Pacing}.
 *
 * @example
 * parsePacing({ speed: '×10' }) // ok({ kind: 'speed', factor: 10 })
 * parsePacing({ rate: '0' })    // err('The rate must be …')
 */
export function parsePacing(input: {
  speed?: string;
  rate?: string;
  fastest?: boolean;
}): Result<Pacing> {
  if (input.speed !== undefined && input.rate !== undefined) {
    return err('Give a speed factor or a rate, not both.');
  }
  if (input.rate !== undefined) {
    const perSecond = Number(input.rate.trim());
    if (input.rate.trim() === '' || !Number.isFinite(perSecond) || perSecond <= 0) {
      return err(`The rate must be a number of messages per second above 0 (got "${input.rate}").`);
    }
    return ok({ kind: 'rate', perSecond });
  }
  if (input.speed !== undefined) {
    const text = input.speed.trim().replace(/^[x×]/i, '');
    const factor = Number(text);
    if (text === '' || !Number.isFinite(factor) || factor <= 0) {
      return err(
        `The speed factor must be a number above 0, such as 10 for ten times faster (got "${input.speed}").`,
      );
    }
    return ok(factor === 1 ? { kind: 'original' } : { kind: 'speed', factor });
  }
  return ok(input.fastest ? { kind: 'fastest' } : { kind: 'original' });
}

/** The pacing in words: `at the original pace`, `×10`, `at 500 msg/s`, `as fast as possible`. */
export function describePacing(pacing: Pacing): string {
  switch (pacing.kind) {
    case 'original':
      return 'at the original pace';
    case 'speed':
      return `at ×${pacing.factor}`;
    case 'rate':
      return `at ${pacing.perSecond.toLocaleString('en-US')} msg/s`;
    case 'fastest':
      return 'as fast as possible';
  }
}
