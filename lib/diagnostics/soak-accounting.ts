import { RangeSet, type Range } from './range-set';
import type { SessionDeliveries, SubscriptionDeliveries } from '@/lib/stomp/delivery-tap';

/** A broker restart as the soak saw it (epoch ms). */
export interface RestartWindow {
  /** When the stop command was issued. */
  stopIssuedAt: number;
  /** When Web-STOMP answered again. */
  upAt: number;
}

/**
 * How a pane's queue fares across a restart: an `auto-delete` (non-durable, server-named) queue
 * goes with the broker, so what sat in it and what was published until the pane subscribed
 * again is lost by design; a `durable` one (with persistent messages and client acks) loses
 * nothing, so any gap in it is unexplained.
 */
export type QueueKind = 'auto-delete' | 'durable';

export interface PaneAccountingInput {
  deliveries: SubscriptionDeliveries;
  /** Sequence numbers whose publish the broker confirmed. */
  confirmed: readonly Range[];
  /** When each sequence number was handed to the socket (epoch ms). */
  publishedAt: (seq: number) => number;
  restarts: readonly RestartWindow[];
  queue: QueueKind;
  /** How many unexplained sequence numbers to list as examples. */
  sampleLimit?: number;
}

export interface PaneAccounting {
  confirmed: number;
  receivedDistinct: number;
  /** Confirmed but never received. */
  missing: number;
  /** Of those: in a restart window of an auto-delete queue. */
  lostByDesign: number;
  /** Of those lost by design: published before the stop (still queued when the broker went down). */
  lostQueuedAtStop: number;
  /** Of those lost by design: published from the stop until the pane had subscribed again. */
  lostWhileAway: number;
  /** Missing anywhere else: a fault. */
  unexplained: number;
  unexplainedSamples: number[];
  /** Received twice without the broker flagging a redelivery: a fault. */
  duplicates: number;
  /** Received again flagged `redelivered` (unacked when a connection closed): expected with client acks. */
  redeliveries: number;
  /** Received although the publisher never got its receipt (sent just before a stop). */
  receivedUnconfirmed: number;
  /** Per restart: from the broker answering again to the pane's first message after it (ms). */
  backAfterMs: (number | null)[];
  /** Per restart: how far behind the pane was when its connection closed (age of its last message then, s). */
  lagAtStopS: (number | null)[];
  connections: number;
  /** Connections that closed outside any restart. */
  unexpectedCloses: number;
}

/** Slack around a restart within which a connection's close counts as caused by it (ms). */
const CLOSE_SLACK_MS = 2000;

/**
 * Tells a pane's missing messages apart: confirmed sequence numbers it never received are lost
 * by design when they fall between its last message on a connection a restart closed and its
 * first on the next connection (only for auto-delete queues), and unexplained anywhere else.
 * Repeats are duplicates unless the broker flagged them redelivered.
 *
 * @example
 * accountPane({ deliveries, confirmed: [[0, 999]], publishedAt, restarts: [], queue: 'durable' })
 *   .unexplained; // 0 when every confirmed message arrived
 */
export function accountPane(input: PaneAccountingInput): PaneAccounting {
  const { deliveries, restarts, publishedAt } = input;
  const received = new RangeSet(deliveries.received);
  const sessions = [...deliveries.sessions].sort((a, b) => a.firstAt - b.firstAt);
  const closedBy = (session: SessionDeliveries) =>
    session.closedAt === null
      ? -1
      : restarts.findIndex(
          (r) =>
            session.closedAt! >= r.stopIssuedAt - CLOSE_SLACK_MS &&
            session.closedAt! <= r.upAt + CLOSE_SLACK_MS,
        );

  // Windows lost by design: (last seq before a restart closed the connection, first seq after).
  const windows: { from: number; to: number; restart: number }[] = [];
  const lagAtStopS: (number | null)[] = restarts.map(() => null);
  sessions.forEach((session, i) => {
    const restart = closedBy(session);
    if (restart < 0) return;
    lagAtStopS[restart] = round1(Math.max(0, session.closedAt! - publishedAt(session.max)) / 1000);
    if (input.queue !== 'auto-delete') return;
    const next = sessions[i + 1];
    windows.push({ from: session.max, to: next ? next.min : Infinity, restart });
  });
  const windowOf = (seq: number) => windows.find((w) => seq > w.from && seq < w.to);

  let confirmed = 0;
  let missing = 0;
  let lostByDesign = 0;
  let lostQueuedAtStop = 0;
  const samples: number[] = [];
  const sampleLimit = input.sampleLimit ?? 20;
  const confirmedSet = new RangeSet(input.confirmed);
  for (const [first, last] of confirmedSet.ranges()) {
    confirmed += last - first + 1;
    if (received.countWithin(first, last) === last - first + 1) continue;
    for (let seq = first; seq <= last; seq++) {
      if (received.has(seq)) continue;
      missing += 1;
      const window = windowOf(seq);
      if (window) {
        lostByDesign += 1;
        if (publishedAt(seq) < restarts[window.restart]!.stopIssuedAt) lostQueuedAtStop += 1;
      } else if (samples.length < sampleLimit) samples.push(seq);
    }
  }
  let receivedConfirmed = 0;
  for (const [first, last] of confirmedSet.ranges())
    receivedConfirmed += received.countWithin(first, last);

  const backAfterMs = restarts.map((restart) => {
    const back = sessions.find((s) => s.firstAt > restart.stopIssuedAt);
    return back ? Math.max(0, back.firstAt - restart.upAt) : null;
  });

  return {
    confirmed,
    receivedDistinct: received.size,
    missing,
    lostByDesign,
    lostQueuedAtStop,
    lostWhileAway: lostByDesign - lostQueuedAtStop,
    unexplained: missing - lostByDesign,
    unexplainedSamples: samples,
    duplicates: deliveries.duplicates,
    redeliveries: deliveries.redeliveries,
    receivedUnconfirmed: received.size - receivedConfirmed,
    backAfterMs,
    lagAtStopS,
    connections: sessions.length,
    unexpectedCloses: sessions.filter((s) => s.closedAt !== null && closedBy(s) < 0).length,
  };
}

/**
 * One subscription's deliveries counted in several realms (the connection worker, and the page
 * after the worker failed) as one: numbers counted in both are duplicates.
 */
export function mergeDeliveries(parts: readonly SubscriptionDeliveries[]): SubscriptionDeliveries {
  const received = new RangeSet();
  let overlap = 0;
  for (const part of parts)
    for (const [first, last] of part.received)
      overlap += last - first + 1 - received.addRange(first, last);
  return {
    received: received.ranges(),
    deliveries: parts.reduce((n, p) => n + p.deliveries, 0),
    duplicates: parts.reduce((n, p) => n + p.duplicates, 0) + overlap,
    redeliveries: parts.reduce((n, p) => n + p.redeliveries, 0),
    unnumbered: parts.reduce((n, p) => n + p.unnumbered, 0),
    sessions: parts.flatMap((p) => p.sessions),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
