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

/**
 * Turns a validated capture into a bulk send: each message goes to `to`, or to where it came
 * through (the pane's destination and the message's routing key, as Resend derives it), with
 * its own headers (less those the broker or STOMP set for its delivery) and its body byte for
 * byte, due as `pacing` says. Every destination is checked before anything is sent (header
 * names were, when the capture was read); an error names the line. It costs one check per
 * routing key, not per message, so a 100,000-line capture plans in well under a frame.
 *
 * @example
 * planReplay(capture, { to: '/topic/replayed', pacing: { kind: 'speed', factor: 10 } })
 */
export function planReplay(capture: Capture, options: ReplayOptions): Result<ReplayPlan> {
  const { messages } = capture;
  // Messages are built as they are sent, so a 100,000-line capture costs no 100,000
  // allocations before the first one leaves.
  const destinationOf = new Map<string, string>();
  const checked = new Map<string, string | null>();
  for (const [routingKey, line] of capture.routingKeys) {
    const destination =
      options.to ?? resendTarget(capture.pane.destination, routingKey).destination;
    destinationOf.set(routingKey, destination);
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
          : `Nothing was sent: line ${line} would go to ${destination}: ${problem} Replay to one destination instead.`,
      );
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
