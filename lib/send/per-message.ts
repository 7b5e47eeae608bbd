/** One message of a run whose messages differ in more than the body (a replay). */
export interface OutgoingMessage {
  destination: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/**
 * What a bulk send takes, instead of one destination, one set of headers and a rate, when each
 * message has its own (`BulkSendJob.perMessage`): the bulk sender keeps doing what it does for
 * every run (slices, backpressure, reconnects, exact counts, Cancel) and asks this for what to
 * send and when.
 */
export interface PerMessageSource {
  /** Message `i` (1-based). Called once, just before it is sent. */
  message: (i: number) => OutgoingMessage;
  /**
   * When message `i` is due, in ms after the run starts (non-decreasing in `i`); absent for as
   * fast as the broker takes them. After a reconnect the schedule continues from then.
   */
  dueOffsetMs?: (i: number) => number;
}
