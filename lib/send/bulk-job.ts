import { validateSendDestination } from '@/lib/routing/destination';
import type { PerMessageSource } from './per-message';

/**
 * A bulk send as asked for and as it goes: the job, its checks, and its progress in words. The
 * sending itself is {@link BulkSender}'s (bulk-sender.ts).
 */

/** The largest run BulkSender accepts. */
export const MAX_BULK_COUNT = 1_000_000;

/**
 * Which messages carry a `receipt` header.
 * - `none`: only the first message on each connection (to notice a destination the broker refuses).
 * - `last`: every `receiptEvery`th message and the last, so `confirmed` is
 *   exact up to the latest receipt.
 * - `every`: every message.
 *
 * With `persistent: true` RabbitMQ answers a receipt only once the message is confirmed (stored),
 * so receipts then mean broker confirms.
 */
export type ReceiptMode = 'none' | 'last' | 'every';

/** One bulk send. */
export interface BulkSendJob {
  destination: string;
  /** How many messages, 1 to 1,000,000. */
  count: number;
  /** The body of message `i` (1-based). Called once per message, just before it is sent. */
  body: (i: number) => string | Uint8Array;
  /** Headers for every message (from buildSendHeaders); `receipt` and `destination` are the sender's. */
  headers: Record<string, string>;
  /** Messages per second; unset or undefined for as fast as the broker takes them. */
  ratePerSecond?: number;
  receipts: ReceiptMode;
  /** When given, every message carries `name: runId:i`, so receivers can spot gaps and duplicates. */
  sequenceHeader?: { name: string; runId: string };
  /**
   * When given, each message's destination, headers and body come from here, and its timing
   * replaces `ratePerSecond` (a replay); `destination` then only names the run.
   */
  perMessage?: PerMessageSource;
}

export type BulkSendStatus =
  'idle' | 'sending' | 'waiting-for-connection' | 'cancelled' | 'done' | 'failed';

/** An immutable progress snapshot; a new object every time something changed. */
export interface BulkSendProgress {
  readonly status: BulkSendStatus;
  /** Messages handed to the socket. At most once: a message is never sent twice. */
  readonly sent: number;
  /** Messages covered by a receipt the broker returned (a receipt on message i covers every earlier message on that connection). */
  readonly confirmed: number;
  readonly total: number;
  /** Where the run sends; absent before the first run. */
  readonly destination?: string;
  /** Wall-clock start (ms since the epoch), or null before the first run. */
  readonly startedAt: number | null;
  /** From start to now, or to the end of the run. */
  readonly elapsedMs: number;
  /** Average messages per second over `elapsedMs`. */
  readonly ratePerSecond: number;
  /** How many times the run continued on a new connection after the connection dropped. */
  readonly reconnects: number;
  readonly receipts: ReceiptMode;
  /** Why the run failed (status `failed`). */
  readonly error?: string;
  /** Why some sent messages stayed unconfirmed (status `done` or `cancelled`). */
  readonly warning?: string;
}

/** The progress before any run. */
export function idleProgress(): BulkSendProgress {
  return Object.freeze({
    status: 'idle',
    sent: 0,
    confirmed: 0,
    total: 0,
    startedAt: null,
    elapsedMs: 0,
    ratePerSecond: 0,
    reconnects: 0,
    receipts: 'none',
  });
}

/** Why a job cannot run, in plain words, or null when it can. */
export function checkJob(job: BulkSendJob): string | null {
  if (!Number.isInteger(job.count) || job.count < 1 || job.count > MAX_BULK_COUNT) {
    return `The message count must be a whole number from 1 to ${MAX_BULK_COUNT.toLocaleString('en-US')} (got ${job.count}).`;
  }
  const destination = validateSendDestination(job.destination);
  if (!destination.ok) return destination.error;
  const rate = job.ratePerSecond;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
    return `The rate must be a number of messages per second above 0, or unset for as fast as possible (got ${rate}).`;
  }
  if (!['none', 'last', 'every'].includes(job.receipts)) {
    return `Receipts must be none, last or every (got ${String(job.receipts)}).`;
  }
  for (const name of ['receipt', 'destination']) {
    if (name in job.headers) return `The headers may not set "${name}": the bulk sender sets it.`;
  }
  const sequence = job.sequenceHeader;
  if (sequence) {
    if (sequence.name.trim() === '' || /[:\\\r\n\u0000]/.test(sequence.name)) {
      return `The sequence header name "${sequence.name}" must be non-empty, without ":", "\\" or line breaks.`;
    }
    if (sequence.name in job.headers) {
      return `The sequence header "${sequence.name}" is also among the headers; use another name.`;
    }
  }
  return null;
}

/**
 * One line for a status bar or a terminal. Always contains `sent X of N`.
 *
 * @example
 * describeProgress(p) // 'sent 10000 of 10000 to /topic/load in 1.8 s (5,512 msg/s), 10000 confirmed'
 * describeProgress(p) // 'cancelled: sent 3120 of 10000 to /topic/load in 0.6 s (5,200 msg/s), 3000 confirmed'
 * describeProgress(p) // 'failed: The broker closed the connection after SEND to /exchange/x/k: … (sent 1 of 10000 to /exchange/x/k in 0.1 s, 0 confirmed)'
 */
export function describeProgress(p: BulkSendProgress): string {
  // The destination says which send this is about, next to a preview of the one to come.
  let body = `sent ${p.sent} of ${p.total}${p.destination ? ` to ${p.destination}` : ''}`;
  if (p.startedAt !== null) {
    body += ` in ${formatDuration(p.elapsedMs)}`;
    if (p.status !== 'failed') body += ` (${formatRate(p.ratePerSecond)} msg/s)`;
  }
  if (p.receipts !== 'none' || p.status === 'failed') body += `, ${p.confirmed} confirmed`;
  if (p.reconnects > 0)
    body += `, ${p.reconnects} ${p.reconnects === 1 ? 'reconnect' : 'reconnects'}`;
  const warning = p.warning ? `. ${p.warning}` : '';
  switch (p.status) {
    case 'idle':
      return `idle: ${body}`;
    case 'sending':
      return `sending: ${body}`;
    case 'waiting-for-connection':
      return `waiting for the connection: ${body}`;
    case 'done':
      return body + warning;
    case 'cancelled':
      return `cancelled: ${body}${warning}`;
    case 'failed':
      return `failed: ${p.error ?? 'unknown error'} (${body})`;
  }
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

function formatRate(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}
