import type { Prediction } from './predict';

export type ExpectedCount =
  /** The pane gets every message: exactly `exact` (the number sent). */
  | { kind: 'copy'; exact: number }
  /** The pane's queue gets `groupTotal` in all, split between `members` panes in turns. */
  | { kind: 'share'; groupTotal: number; members: number }
  /** The SEND does not reach the pane: `exact` is 0. */
  | { kind: 'none'; exact: 0 };

/**
 * What each pane of the prediction should count after `sent` messages: `copy` panes all of
 * them, `share` panes a part of their queue's total (about `groupTotal / members`, not exactly:
 * round-robin depends on who is ready), and panes not reached none.
 *
 * @example expectedCounts(prediction, 10).get('a') // { kind: 'copy', exact: 10 }
 */
export function expectedCounts(prediction: Prediction, sent: number): Map<string, ExpectedCount> {
  const counts = new Map<string, ExpectedCount>();
  for (const group of prediction.groups) {
    for (const key of group.paneKeys) {
      counts.set(
        key,
        group.kind === 'copy'
          ? { kind: 'copy', exact: sent }
          : { kind: 'share', groupTotal: sent, members: group.paneKeys.length },
      );
    }
  }
  for (const { paneKey } of prediction.notReached) counts.set(paneKey, { kind: 'none', exact: 0 });
  return counts;
}
