import { RangeSet, type Range } from '@/lib/diagnostics/range-set';

/**
 * What a {@link DeliveryLedger} knows of one subscription, as plain data: sequence numbers and
 * counts, never a body or any other header. What the soak (`scripts/soak.ts`) reads.
 */
export interface SubscriptionDeliveries {
  /** Distinct sequence numbers received, as ranges. */
  received: Range[];
  /** Every MESSAGE for the subscription, counted as it arrived (repeats included). */
  deliveries: number;
  /** Repeats of a number already received, not flagged `redelivered` by the broker. */
  duplicates: number;
  /** Repeats flagged `redelivered` (unacked messages the broker put back, e.g. across a restart). */
  redeliveries: number;
  /** MESSAGEs without a readable sequence number. */
  unnumbered: number;
  /** One per connection (CONNECTED to close) on which the subscription received anything. */
  sessions: SessionDeliveries[];
}

export interface SessionDeliveries {
  /** Unique across the realm (the page or one worker) that counted it. */
  session: string;
  openedAt: number;
  closedAt: number | null;
  firstAt: number;
  lastAt: number;
  /** Smallest and largest sequence number received on this connection. */
  min: number;
  max: number;
  deliveries: number;
}

export interface DeliveryLedgerSnapshot {
  sequenceHeader: string;
  subscriptions: Record<string, SubscriptionDeliveries>;
}

/** One connection's view of the ledger: from its CONNECTED until it closes. */
export interface TapSession {
  /** Called by the connection for every MESSAGE of `subscriptionId`, before the pane sees it. */
  delivered(subscriptionId: string, headers: Readonly<Record<string, string>>): void;
  /** Ends the session (returns null, so a holder can write `session = session?.close() ?? null`). */
  close(): null;
}

interface SubscriptionRecord {
  received: RangeSet;
  deliveries: number;
  duplicates: number;
  redeliveries: number;
  unnumbered: number;
  sessions: SessionDeliveries[];
}

/**
 * Counts, per subscription, the sequence numbers (one header, e.g. the soak's `soak-seq`) of the
 * messages the connections in this realm received, where they arrive: in the connection worker,
 * or on the page when connections run there. Off unless a diagnostic run turns it on
 * ({@link enableDeliveryTap}); the soak reads {@link DeliveryLedger.snapshot} and compares it
 * with what the publisher confirmed and what each pane counts.
 */
export class DeliveryLedger {
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private sessionCounter = 0;

  constructor(
    readonly sequenceHeader: string,
    private readonly realm: string,
    private readonly now: () => number = Date.now,
  ) {}

  openSession(): TapSession {
    const id = `${this.realm}-${++this.sessionCounter}`;
    const openedAt = this.now();
    const mine = new Map<string, SessionDeliveries>();
    return {
      delivered: (subscriptionId, headers) => {
        const at = this.now();
        const record = this.record(subscriptionId);
        record.deliveries += 1;
        const seq = Number(headers[this.sequenceHeader]);
        if (!Number.isSafeInteger(seq) || seq < 0) {
          record.unnumbered += 1;
          return;
        }
        if (!record.received.add(seq)) {
          if (headers.redelivered === 'true') record.redeliveries += 1;
          else record.duplicates += 1;
        }
        let session = mine.get(subscriptionId);
        if (!session) {
          session = {
            session: id,
            openedAt,
            closedAt: null,
            firstAt: at,
            lastAt: at,
            min: seq,
            max: seq,
            deliveries: 0,
          };
          mine.set(subscriptionId, session);
          record.sessions.push(session);
        }
        session.deliveries += 1;
        session.lastAt = at;
        if (seq < session.min) session.min = seq;
        if (seq > session.max) session.max = seq;
      },
      close: () => {
        const at = this.now();
        for (const session of mine.values()) session.closedAt ??= at;
        return null;
      },
    };
  }

  snapshot(): DeliveryLedgerSnapshot {
    const subscriptions: Record<string, SubscriptionDeliveries> = {};
    for (const [id, record] of this.subscriptions) {
      subscriptions[id] = {
        received: record.received.ranges(),
        deliveries: record.deliveries,
        duplicates: record.duplicates,
        redeliveries: record.redeliveries,
        unnumbered: record.unnumbered,
        sessions: record.sessions.map((session) => ({ ...session })),
      };
    }
    return { sequenceHeader: this.sequenceHeader, subscriptions };
  }

  private record(subscriptionId: string): SubscriptionRecord {
    let record = this.subscriptions.get(subscriptionId);
    if (!record) {
      record = {
        received: new RangeSet(),
        deliveries: 0,
        duplicates: 0,
        redeliveries: 0,
        unnumbered: 0,
        sessions: [],
      };
      this.subscriptions.set(subscriptionId, record);
    }
    return record;
  }
}

/** `onMessage`, counted in `session` first when the tap is on; `onMessage` itself when it is off. */
export function counted<M extends { headers: Readonly<Record<string, string>> }>(
  session: TapSession | null,
  subscriptionId: string,
  onMessage: (message: M) => void,
): (message: M) => void {
  if (!session) return onMessage;
  return (message) => {
    session.delivered(subscriptionId, message.headers);
    onMessage(message);
  };
}

let active: DeliveryLedger | null = null;

/** The realm's ledger while a diagnostic run has turned it on; null (the default) otherwise. */
export function activeDeliveryTap(): DeliveryLedger | null {
  return active;
}

/** Where a diagnostic run reads the ledger: a property of the realm's global, set only when on. */
export const DELIVERY_TAP_GLOBAL = '__stompwatchDeliveries';
/** What a diagnostic run sets on the page (before it loads) to ask for the ledger. */
export const DELIVERY_TAP_REQUEST_GLOBAL = '__stompwatchDeliveryTapRequest';

/** A sequence header a diagnostic may ask to count: a STOMP header name, nothing else. */
export function validSequenceHeader(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,63}$/.test(value);
}

/**
 * Turns counting on in this realm (idempotent) and exposes only `snapshot()` on `scope`, so a
 * test driver (Playwright's `evaluate`) can read it. Connections that connect afterwards count.
 */
export function enableDeliveryTap(
  sequenceHeader: string,
  realm: string,
  scope: Record<string, unknown>,
): DeliveryLedger | null {
  if (!validSequenceHeader(sequenceHeader)) return null;
  if (active) return active;
  const ledger = new DeliveryLedger(sequenceHeader, realm);
  active = ledger;
  Object.defineProperty(scope, DELIVERY_TAP_GLOBAL, {
    value: Object.freeze({ snapshot: () => ledger.snapshot() }),
    configurable: true,
  });
  return ledger;
}

/**
 * On the page: turns the tap on when a diagnostic run asked for it before the page loaded
 * (`window.__stompwatchDeliveryTapRequest = { sequenceHeader: 'soak-seq' }`), and returns the
 * header so the connection worker can be asked too; null (nothing on) otherwise.
 */
export function enableRequestedDeliveryTap(scope: Record<string, unknown>): string | null {
  const request = scope[DELIVERY_TAP_REQUEST_GLOBAL] as { sequenceHeader?: unknown } | undefined;
  const header = request?.sequenceHeader;
  if (!validSequenceHeader(header)) return null;
  return enableDeliveryTap(header, 'page', scope) ? header : null;
}

/** @internal Tests only: turns the tap off again. */
export function resetDeliveryTapForTests(scope?: Record<string, unknown>): void {
  active = null;
  if (scope) delete scope[DELIVERY_TAP_GLOBAL];
}
