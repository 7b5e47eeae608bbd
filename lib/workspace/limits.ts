/**
 * The limits on a workspace, apart from its parser (which carries zod and loads on demand) so
 * that whatever adds a pane or changes a capacity can check them synchronously. A workspace the
 * dashboard stores must stay within them, or the next visit refuses to restore it.
 */

/** The most panes a workspace holds: each has a list, a connection and a queue on the broker. */
export const MAX_PANES = 50;
/** The most messages all panes of a workspace keep together (each keeps at most its capacity). */
export const MAX_TOTAL_CAPACITY = 200_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Why a pane keeping `capacity` messages cannot join `panes`, or `null` when it can.
 *
 * @example
 * newPaneProblem([{ capacity: 150_000 }], 100_000);
 * // 'Keep at most 100,000 is more than the 50,000 left: ...'
 */
export function newPaneProblem(
  panes: readonly { capacity: number }[],
  capacity: number,
): string | null {
  if (panes.length >= MAX_PANES) {
    return `A workspace holds at most ${MAX_PANES} panes; unsubscribe one first.`;
  }
  const left = MAX_TOTAL_CAPACITY - totalCapacity(panes);
  if (capacity > left) {
    return `Keep at most ${count(capacity)} is more than the ${count(Math.max(0, left))} left: all panes together keep at most ${count(MAX_TOTAL_CAPACITY)} messages. Lower it, or another pane's.`;
  }
  return null;
}

/** The capacity a pane may have beside `others`: `wanted`, lowered to what they leave (at least 1). */
export function capacityAllowed(others: readonly { capacity: number }[], wanted: number): number {
  return Math.max(1, Math.min(wanted, MAX_TOTAL_CAPACITY - totalCapacity(others)));
}

/**
 * Shares `budget` among capacities without raising any: small ones are kept whole and the
 * largest ones share what is left equally ("water-filling"). Every result is at least 1 as long
 * as `budget` is at least the number of capacities, and their sum is at most `budget`.
 *
 * @example
 * shareCapacity([1000, 200_000, 200_000], 200_000); // [1000, 99_500, 99_500]
 */
export function shareCapacity(capacities: readonly number[], budget: number): number[] {
  const smallestFirst = capacities
    .map((capacity, index) => ({ capacity, index }))
    .sort((a, b) => a.capacity - b.capacity);
  const shared = new Array<number>(capacities.length);
  let left = budget;
  smallestFirst.forEach(({ capacity, index }, rank) => {
    const share = Math.min(capacity, Math.floor(left / (capacities.length - rank)));
    shared[index] = share;
    left -= share;
  });
  return shared;
}

/** Messages the panes keep together at most. */
export function totalCapacity(panes: readonly { capacity: number }[]): number {
  return panes.reduce((sum, pane) => sum + pane.capacity, 0);
}
