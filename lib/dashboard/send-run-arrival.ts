import type { SendRun } from './dashboard-types';

/** How long after a run ends its messages may still be on their way to the panes. */
export const SETTLE_MS = 2000;

/**
 * Whether a run's messages may still be arriving at the panes: it is sending, or ended less
 * than {@link SETTLE_MS} ago. Until then a shortfall is pending, not missing.
 */
export function runStillArriving(run: Pick<SendRun, 'sender' | 'startedAt'>, now: number): boolean {
  const progress = run.sender.progress;
  if (progress.status === 'sending' || progress.status === 'waiting-for-connection') return true;
  const endedAt = (progress.startedAt ?? run.startedAt) + progress.elapsedMs;
  return now - endedAt < SETTLE_MS;
}
