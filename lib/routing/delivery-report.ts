import type { DeliveryGroup, Prediction } from './predict';
import { type ExpectedCount, expectedCounts } from './expected-counts';
import { joinWords, paneLabeller, queueRef } from './wording';

/**
 * Compares what panes received after a SEND burst with what {@link Prediction} said, pane by
 * pane, and says where the broker disagreed. Disagreements are listed, never smoothed over:
 * they are the interesting part (a wrong assumption about an exchange, a pane that was not
 * subscribed, a consumer that stalled).
 */

/**
 * How one pane's count compares with the prediction:
 * - `expected-copy`: predicted every message, got all of them;
 * - `expected-share`: on a round-robin queue whose panes together got every message;
 * - `expected-none`: predicted nothing, got nothing;
 * - `unexpected`: got messages it should not have (predicted none, or more than were sent);
 * - `missing`: fewer than predicted (a copy pane short of `sent`, or a round-robin queue whose
 *   panes together got fewer than `sent`), once the caller says arrival is over;
 * - `not-subscribed-yet`: the pane subscribed after the send, so it honestly has none of it;
 * - `pending`: fewer than predicted while the caller says messages may still be arriving.
 */
export type DeliveryStatus =
  | 'expected-copy'
  | 'expected-share'
  | 'expected-none'
  | 'unexpected'
  | 'missing'
  | 'not-subscribed-yet'
  | 'pending';

/** The verdict on one pane. */
export type PaneDelivery = {
  paneKey: string;
  status: DeliveryStatus;
  received: number;
  /** What the prediction expected; undefined for a pane the prediction did not know. */
  expected: ExpectedCount | undefined;
  /** One plain-words sentence fragment, e.g. `got 7 of 10`. */
  detail: string;
};

/** Result of {@link compareDelivery}. */
export type DeliveryVerdict = {
  sent: number;
  /** One entry per pane of the prediction, in its order, then panes it did not know. */
  cells: Map<string, PaneDelivery>;
  /** E.g. `10 sent to /topic/demo.a: panes A and B got 10 each (fan-out: separate queues).` */
  summary: string;
  /** Every way the result disagrees with the prediction, in plain words; empty when none. */
  contradictions: string[];
};

/** Options of {@link compareDelivery}. */
export type CompareOptions = {
  /**
   * Messages may still be arriving: shortfalls are `pending`, not `missing`. The caller decides
   * by time (e.g. until a second after the last receipt).
   */
  stillArriving?: boolean;
};

/**
 * Classifies each pane's received count after `sent` messages against `prediction`.
 * `received` maps pane keys to how many messages of this burst each got (absent: 0);
 * `subscribedAfter` holds panes that subscribed after the burst was sent.
 *
 * A pane that subscribed late is shown as not having the messages, unless its queue outlives
 * subscriptions (a named or durable queue), where messages may have waited for it. A private
 * queue did not exist before its SUBSCRIBE, so messages in it are a contradiction.
 *
 * @example
 * compareDelivery(prediction, 10, new Map([['a', 10], ['b', 10]])).summary
 * // '10 sent to /topic/demo.a: panes A and B got 10 each (fan-out: separate queues).'
 */
export function compareDelivery(
  prediction: Prediction,
  sent: number,
  received: ReadonlyMap<string, number>,
  subscribedAfter: ReadonlySet<string> = new Set(),
  options: CompareOptions = {},
): DeliveryVerdict {
  const label = paneLabeller(prediction);
  const expected = expectedCounts(prediction, sent);
  const count = (key: string) => received.get(key) ?? 0;
  const late = (key: string) => subscribedAfter.has(key);
  const arriving = options.stillArriving === true;
  const cells = new Map<string, PaneDelivery>();
  const contradictions: string[] = [];
  const statements: string[] = [];
  const set = (paneKey: string, status: DeliveryStatus, detail: string) =>
    cells.set(paneKey, {
      paneKey,
      status,
      received: count(paneKey),
      expected: expected.get(paneKey),
      detail,
    });
  const assumption = prediction.certain
    ? ''
    : ` (the prediction rested on an assumption: ${prediction.caveats[0] ?? 'see its caveats'})`;

  const fullCopies: string[] = [];
  for (const group of prediction.groups) {
    if (group.kind === 'copy') {
      const key = group.paneKeys[0];
      if (key === undefined) continue;
      const verdict = judgeCopy(group, key);
      if (verdict === 'full') fullCopies.push(key);
    } else {
      judgeShare(group);
    }
  }
  if (fullCopies.length === 1) {
    statements.unshift(`pane ${label(fullCopies[0] ?? '')} got all ${sent}`);
  } else if (fullCopies.length > 1) {
    statements.unshift(
      `panes ${joinWords(fullCopies.map(label))} got ${sent} each (fan-out: separate queues)`,
    );
  }

  const quiet: string[] = [];
  for (const { paneKey, reason } of prediction.notReached) {
    const got = count(paneKey);
    if (got === 0) {
      set(paneKey, 'expected-none', 'got none, as predicted');
      quiet.push(paneKey);
    } else {
      set(paneKey, 'unexpected', `got ${got} though none were predicted`);
      statements.push(`pane ${label(paneKey)} got ${got} though none were predicted`);
      contradictions.push(
        `Pane ${label(paneKey)} was predicted to get nothing (${reason}) but got ${got}${assumption}.`,
      );
    }
  }
  if (quiet.length > 0) {
    statements.push(
      `${quiet.length === 1 ? 'pane' : 'panes'} ${joinWords(quiet.map(label))} got none, as predicted`,
    );
  }
  for (const [paneKey, got] of received) {
    if (cells.has(paneKey) || got === 0) continue;
    set(paneKey, 'unexpected', `got ${got}, but the prediction did not include this pane`);
    statements.push(`pane ${label(paneKey)} got ${got} though it was not part of the prediction`);
    contradictions.push(`Pane ${label(paneKey)} was not part of the prediction but got ${got}.`);
  }

  const head = `${sent} sent to ${prediction.destination}`;
  let summary =
    statements.length > 0 ? `${head}: ${statements.join('; ')}.` : `${head}: no pane was involved.`;
  if (contradictions.length > 0) {
    summary += ` ${contradictions.length === 1 ? 'One result disagrees' : `${contradictions.length} results disagree`} with the prediction.`;
  }
  return { sent, cells: ordered(cells, prediction), summary, contradictions };

  /** Judges a pane that should get every message; says whether it got exactly all. */
  function judgeCopy(group: DeliveryGroup, key: string): 'full' | 'other' {
    const got = count(key);
    const name = label(key);
    const outlives = group.queueKind !== 'private';
    if (got > sent) {
      set(key, 'unexpected', `got ${got}, more than the ${sent} sent`);
      statements.push(`pane ${name} got ${got}, more than the ${sent} sent`);
      contradictions.push(
        `Pane ${name} got ${got} messages but only ${sent} were sent: something else publishes to its queue (${group.queue}), or the counts mix several sends.`,
      );
      return 'other';
    }
    if (late(key)) {
      if (got === 0) {
        set(key, 'not-subscribed-yet', 'subscribed after the send, so it has none of it');
        statements.push(`pane ${name} subscribed after the send and has none of it`);
      } else if (outlives) {
        set(
          key,
          'expected-copy',
          `subscribed after the send; got ${got} that waited in queue ${group.queue}`,
        );
        statements.push(
          `pane ${name} subscribed after the send and got ${got} that waited in ${group.queue}`,
        );
      } else {
        set(key, 'unexpected', `subscribed after the send but got ${got}`);
        statements.push(`pane ${name} subscribed after the send but got ${got}`);
        contradictions.push(
          `Pane ${name} subscribed after the send, when its private queue did not exist yet, but got ${got}: the counts may mix several sends.`,
        );
      }
      return 'other';
    }
    if (got === sent) {
      set(key, 'expected-copy', `got all ${sent}`);
      return 'full';
    }
    if (arriving) {
      set(key, 'pending', `got ${got} of ${sent} so far`);
      statements.push(`pane ${name} has ${got} of ${sent} so far`);
      return 'other';
    }
    set(key, 'missing', `got ${got} of ${sent}`);
    statements.push(`pane ${name} got ${got} of ${sent}`);
    contradictions.push(
      `Pane ${name} should have got a copy of all ${sent} (${group.reason}) but got ${got}${assumption}.`,
    );
    return 'other';
  }

  function judgeShare(group: DeliveryGroup): void {
    const members = group.paneKeys;
    const names = joinWords(members.map(label));
    const counts = members.map(count);
    const total = counts.reduce((sum, n) => sum + n, 0);
    const queue = queueRef({ kind: group.queueKind, display: group.queue });
    const split = counts.join(' and ');
    const anyoneEarly = members.some((key) => !late(key));
    if (total > sent) {
      for (const key of members) {
        if (count(key) > 0)
          set(
            key,
            'unexpected',
            `got ${count(key)}; the queue's panes got ${total} in all, more than the ${sent} sent`,
          );
        else
          set(
            key,
            late(key) ? 'not-subscribed-yet' : 'expected-share',
            'got none of the shared messages',
          );
      }
      statements.push(
        `panes ${names} shared ${total}, more than the ${sent} sent (round-robin on ${queue}): ${split}`,
      );
      contradictions.push(
        `Panes ${names} got ${total} messages in all from ${queue}, but only ${sent} were sent: something else publishes to it, or the counts mix several sends.`,
      );
      return;
    }
    if (!anyoneEarly && total === 0) {
      for (const key of members)
        set(key, 'not-subscribed-yet', 'subscribed after the send, so it has none of it');
      statements.push(`panes ${names} subscribed after the send and have none of it`);
      return;
    }
    const short = total < sent && anyoneEarly;
    const status: DeliveryStatus = short ? (arriving ? 'pending' : 'missing') : 'expected-share';
    for (const key of members) {
      const got = count(key);
      if (late(key) && got === 0) {
        set(key, 'not-subscribed-yet', 'subscribed after the send, so it has none of it');
        continue;
      }
      const detail =
        status === 'expected-share'
          ? got === 0
            ? `got none of the ${total} its queue shared out (it was skipped: not ready, or its prefetch was full)`
            : `got ${got} of the ${total} shared on ${queue}`
          : `got ${got}; the queue's panes got ${total} of ${sent} ${arriving ? 'so far' : 'in all'}`;
      set(key, status, detail);
    }
    const of = total === sent ? `${total}` : `${total} of ${sent}`;
    statements.push(
      `panes ${names} shared ${of}${arriving && short ? ' so far' : ''} (round-robin on ${queue}): ${split}`,
    );
    if (short && !arriving) {
      contradictions.push(
        `Panes ${names} share ${queue}, which should have got all ${sent} (${group.reason}), but together they got ${total}${assumption}.`,
      );
    }
  }
}

function ordered(
  cells: Map<string, PaneDelivery>,
  prediction: Prediction,
): Map<string, PaneDelivery> {
  const result = new Map<string, PaneDelivery>();
  for (const { key } of prediction.panes) {
    const cell = cells.get(key);
    if (cell) result.set(key, cell);
  }
  for (const [key, cell] of cells) if (!result.has(key)) result.set(key, cell);
  return result;
}
