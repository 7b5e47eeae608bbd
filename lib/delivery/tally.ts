/**
 * Every message the dashboard sends carries `x-stompwatch-seq: <runId>:<i>`, so each pane can
 * count, per send run, how many of that run's messages it received. The Delivery view compares
 * those counts with the prediction. Counting is O(1) per message: a Map lookup and an increment.
 */
export const SEQUENCE_HEADER = 'x-stompwatch-seq';

export interface RunTally {
  /** Distinct messages of the run received (a redelivery of one already received is not counted again). */
  received: number;
  /** Messages of the run that arrived flagged `redelivered`. */
  redelivered: number;
}

/** Builds the header value for message `i` of run `runId`. */
export function sequenceTag(runId: string, i: number): string {
  return `${runId}:${i}`;
}

/** Splits a header value back into its run id and index; null when it is not ours. */
export function parseSequenceTag(tag: string): { runId: string; index: number } | null {
  const colon = tag.lastIndexOf(':');
  if (colon <= 0) return null;
  const index = Number(tag.slice(colon + 1));
  if (!Number.isInteger(index) || index < 0) return null;
  return { runId: tag.slice(0, colon), index };
}

/** Per-pane counts of messages received from each send run. */
export class DeliveryTally {
  private readonly runs = new Map<string, RunTally>();

  /**
   * Records one message carrying a sequence tag (messages from other publishers have none).
   * A `duplicate` (a redelivery of a message already recorded) counts as redelivered only.
   */
  record(tag: string, redelivered: boolean, duplicate = false): void {
    const colon = tag.lastIndexOf(':');
    if (colon <= 0) return;
    const runId = tag.slice(0, colon);
    let tally = this.runs.get(runId);
    if (!tally) {
      tally = { received: 0, redelivered: 0 };
      this.runs.set(runId, tally);
    }
    if (!duplicate) tally.received += 1;
    if (redelivered) tally.redelivered += 1;
  }

  get(runId: string): RunTally {
    return this.runs.get(runId) ?? { received: 0, redelivered: 0 };
  }

  clear(): void {
    this.runs.clear();
  }
}
