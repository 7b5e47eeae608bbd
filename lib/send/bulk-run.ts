import type { BulkSendJob } from './bulk-job';

/** The state of one bulk send while BulkSender (bulk-sender.ts) runs it. */

/** Messages sent on one connection: indices `first`..`last`, contiguous. */
export interface Segment {
  readonly first: number;
  last: number;
  /** Highest index covered by a receipt on this connection (first - 1 when none). */
  confirmedUpTo: number;
  alive: boolean;
  /** The first message on a connection carries a receipt, and nothing more is sent until it returns. */
  probe: 'unsent' | 'waiting' | 'ok';
}

export interface Run {
  readonly job: BulkSendJob;
  readonly id: string;
  readonly segments: Segment[];
  current: Segment | null;
  /** The next index to send (1-based). */
  next: number;
  anyReceipt: boolean;
  /** Connections in a row that closed right after their first SEND, before its receipt. */
  strikes: number;
  cancelled: boolean;
  closedByApp: boolean;
  lastCloseReason: string;
  startedAtWall: number;
  startedAt: number;
  finishedAt: number | null;
  /** The rate schedule: message `index` is due at `time`, each next one 1/rate later. */
  anchor: { time: number; index: number };
  reconnects: number;
  warning?: string;
}

/** Messages handed to the socket so far. */
export function sentCount(run: Run): number {
  return run.next - 1;
}

/** Messages covered by a receipt, over every connection of the run. */
export function confirmedCount(run: Run): number {
  let confirmed = 0;
  for (const segment of run.segments) confirmed += segment.confirmedUpTo - segment.first + 1;
  return confirmed;
}
