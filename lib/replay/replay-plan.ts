import type { Capture } from '@/lib/capture/validate';
import { resendHeaders, resendTarget } from '@/lib/resend/resend-plan';
import { validateSendDestination } from '@/lib/routing/destination';
import type { BulkSendJob } from '@/lib/send/bulk-job';
import type { OutgoingMessage } from '@/lib/send/per-message';
import { err, ok, type Result } from '@/lib/util/result';
import { describePacing, dueOffsets, plannedDurationMs, type Pacing } from './pacing';

/** How to replay a capture. */
export interface ReplayOptions {
  /** One destination for every message; absent: each message's original destination. */
  to?: string;
  pacing: Pacing;
}

/** A replay ready for the bulk sender, and what it will do in words. */
export interface ReplayPlan {
  job: Omit<BulkSendJob, 'sequenceHeader'>;
  /** The distinct destinations, in first-use order. */
  destinations: string[];
  summary: string;
}

/** Header names that would break a STOMP frame (stompjs does not escape names). */
const BAD_HEADER_NAME = /[:\r\n\\]|^$/;

/**
 * Turns a validated capture into a bulk send: each message goes to `to`, or to where it came
 * through (the pane's destination and the message's routing key, as Resend derives it), with
 * its own headers (less those the broker or STOMP set for its delivery) and its body byte for
 * byte, due as `pacing` says. Every destination and header name is checked before anything is
 * sent; an error names the line.
 *
 * @example
 * planReplay(capture, { to: '/topic/replayed', pacing: { kind: 'speed', factor: 10 } })
 */
export function planReplay(capture: Capture, options: ReplayOptions): Result<ReplayPlan> {
  const { messages } = capture;
  // Checked once per routing key up front; messages are built as they are sent, so a 100,000-line
  // capture costs no 100,000 allocations before the first one leaves.
  const destinationOf = new Map<string, string>();
  const checked = new Map<string, string | null>();
  for (const message of messages) {
    let destination = destinationOf.get(message.routingKey);
    if (destination === undefined) {
      destination =
        options.to ?? resendTarget(capture.pane.destination, message.routingKey).destination;
      destinationOf.set(message.routingKey, destination);
    }
    let problem = checked.get(destination);
    if (problem === undefined) {
      const check = validateSendDestination(destination);
      problem = check.ok ? null : check.error;
      checked.set(destination, problem);
    }
    if (problem !== null) {
      return err(
        options.to
          ? `Nothing was sent: ${problem}`
          : `Nothing was sent: line ${message.line} would go to ${destination}: ${problem} Replay to one destination instead.`,
      );
    }
    for (const name in message.headers) {
      if (BAD_HEADER_NAME.test(name)) {
        return err(
          `Nothing was sent: line ${message.line}, field "headers": the header name ${JSON.stringify(name)} cannot be sent (no ":", "\\" or line breaks in a name).`,
        );
      }
    }
  }
  const outgoing = (i: number): OutgoingMessage => {
    const message = messages[i - 1]!;
    return {
      destination: destinationOf.get(message.routingKey)!,
      headers: resendHeaders(message.headers).headers,
      body: message.body,
    };
  };
  const destinations = [...checked.keys()];
  const offsets = messages.map((m) => m.offsetMs);
  const seconds = plannedDurationMs(offsets, options.pacing) / 1000;
  const where =
    destinations.length === 1 ? `to ${destinations[0]}` : `to ${destinations.length} destinations`;
  return ok({
    job: {
      destination: options.to ?? destinations[0]!,
      count: messages.length,
      body: (i) => messages[i - 1]!.body,
      headers: {},
      receipts: 'last',
      perMessage: {
        message: outgoing,
        dueOffsetMs: dueOffsets(offsets, options.pacing),
      },
    },
    destinations,
    summary: `Replaying ${messages.length.toLocaleString('en-US')} messages ${where} ${describePacing(options.pacing)}${seconds > 0 ? ` (about ${seconds.toFixed(1)} s)` : ''}.`,
  });
}
