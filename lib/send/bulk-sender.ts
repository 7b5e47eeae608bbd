import type { StompConnection } from '@/lib/stomp/connection';
import { validateSendDestination } from '@/lib/routing/destination';
import { Emitter } from '@/lib/util/emitter';
import { err, errorMessage, ok, type Result } from '@/lib/util/result';
import { realClock, type SendClock } from './clock';
import type { PerMessageSource } from './per-message';
import { explainRefusedSend } from './refused-send';

/** The largest run {@link BulkSender} accepts. */
export const MAX_BULK_COUNT = 1_000_000;

/**
 * Which messages carry a `receipt` header.
 * - `none`: only the first message on each connection (to notice a destination the broker refuses).
 * - `last`: every {@link BulkSenderOptions.receiptEvery}th message and the last, so `confirmed` is
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

export interface BulkSenderOptions {
  /** Time source; tests inject a fake one. */
  clock?: SendClock;
  /** Stop writing while the socket holds more than this many unsent bytes (default 1 MiB). */
  highWaterMark?: number;
  /** With receipts `last`, a receipt every this many messages (default 500). */
  receiptEvery?: number;
  /** Yield to the event loop after this much sending (default 8 ms), so the page stays responsive. */
  sliceMs?: number;
  /** Progress events at most this often while sending (default 100 ms); status changes at once. */
  progressIntervalMs?: number;
  /** After the last message, wait this long for its receipt, or for the socket to drain (default 30 s). */
  finalWaitMs?: number;
}

/** What the sender needs from a StompConnection; tests may wrap one. */
export type SendConnection = Pick<
  StompConnection,
  'state' | 'onStateChange' | 'publish' | 'watchForReceipt' | 'bufferedAmount'
>;

const DEFAULTS = {
  highWaterMark: 1024 * 1024,
  receiptEvery: 500,
  sliceMs: 8,
  progressIntervalMs: 100,
  finalWaitMs: 30_000,
};

/** How often to re-check the socket buffer while it is above the high-water mark. */
const BACKPRESSURE_POLL_MS = 4;
/** Longest single sleep under the rate limit, so progress keeps flowing at low rates. */
const MAX_SLEEP_MS = 100;
/** Re-check interval while waiting for a connection or a probe receipt (events wake it sooner). */
const IDLE_WAIT_MS = 250;

/** Messages sent on one connection: indices `first`..`last`, contiguous. */
interface Segment {
  readonly first: number;
  last: number;
  /** Highest index covered by a receipt on this connection (first - 1 when none). */
  confirmedUpTo: number;
  alive: boolean;
  /** The first message on a connection carries a receipt, and nothing more is sent until it returns. */
  probe: 'unsent' | 'waiting' | 'ok';
}

interface Run {
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

/** Wakes whoever waits at the next notify(); listeners are removed once called or no longer wanted. */
class Signal {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` at the next notify(); returns the function that removes it. */
  once(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }
}

let runCounter = 0;

/**
 * Sends N messages as fast as the broker takes them (or at a fixed rate) over a connection used
 * only for sending, and reports exact counts.
 *
 * - **Memory stays flat**: it writes in slices of ~8 ms, stops while the socket buffer is above a
 *   high-water mark, and yields to the event loop between slices.
 * - **Rate**: message i is due at start + (i - 1) / rate, so timer lateness never accumulates.
 * - **Survives drops**: when the connection drops it pauses, waits for StompConnection to
 *   reconnect, and continues with the next unsent message (at most once: never resent). Messages
 *   whose receipt was pending on the dead connection stay "sent but unconfirmed".
 * - **Refused destinations**: the first message on each connection carries a receipt and nothing
 *   more is sent until it returns. RabbitMQ closes the connection over a SEND it refuses (a
 *   missing exchange, no permission), usually without an ERROR frame; when that happens before any
 *   receipt of the run, or on two connections in a row, the run fails with a plain-words reason
 *   instead of reconnecting and re-failing forever.
 *
 * Give it its own StompConnection with `heartbeat: { incoming: 10000, outgoing: 0 }`: RabbitMQ
 * 3.10 was seen closing a publishing connection that sends heartbeats while it applies flow control.
 *
 * @example
 * const conn = new StompConnection({ ...settings, heartbeat: { incoming: 10_000, outgoing: 0 } });
 * conn.connect();
 * const sender = new BulkSender(conn);
 * sender.onProgress((p) => console.log(describeProgress(p)));
 * sender.start({ destination: '/topic/load', count: 10_000, body: (i) => `#${i}`, headers: {}, receipts: 'last' });
 * const final = await sender.settled();
 */
export class BulkSender {
  private readonly clock: SendClock;
  private readonly options: Required<Omit<BulkSenderOptions, 'clock'>>;
  private readonly emitter = new Emitter<BulkSendProgress>();
  private readonly signal = new Signal();
  private run: Run | null = null;
  private status: BulkSendStatus = 'idle';
  private error: string | undefined;
  private snapshot: BulkSendProgress;
  private lastEmitAt = -Infinity;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => void) | null = null;
  private settledPromise: Promise<BulkSendProgress> = Promise.resolve(idleProgress());
  private resolveSettled: ((progress: BulkSendProgress) => void) | null = null;

  constructor(
    private readonly connection: SendConnection,
    options: BulkSenderOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.options = {
      highWaterMark: options.highWaterMark ?? DEFAULTS.highWaterMark,
      receiptEvery: options.receiptEvery ?? DEFAULTS.receiptEvery,
      sliceMs: options.sliceMs ?? DEFAULTS.sliceMs,
      progressIntervalMs: options.progressIntervalMs ?? DEFAULTS.progressIntervalMs,
      finalWaitMs: options.finalWaitMs ?? DEFAULTS.finalWaitMs,
    };
    this.snapshot = idleProgress();
  }

  /** The latest snapshot (a stable object between changes; suits useSyncExternalStore). */
  get progress(): BulkSendProgress {
    return this.snapshot;
  }

  /** Listens to progress: at most every ~100 ms while sending, and at every status change. */
  onProgress(listener: (progress: BulkSendProgress) => void): () => void {
    return this.emitter.on(listener);
  }

  /** Resolves with the final snapshot once the current run ends (done, cancelled or failed). */
  settled(): Promise<BulkSendProgress> {
    return this.settledPromise;
  }

  /**
   * Starts a run. Refuses (and sends nothing) when a run is in progress or the job is invalid.
   * The connection may still be connecting (call its connect() first): the run then waits for it.
   * A connection already in `error` fails the run at once.
   */
  start(job: BulkSendJob): Result<void> {
    if (this.run && this.run.finishedAt === null) {
      return err('A bulk send is already running; cancel it or wait for it to finish.');
    }
    const problem = checkJob(job);
    if (problem) return err(problem);
    const now = this.clock.now();
    const run: Run = {
      job,
      id: `bulk-${Date.now().toString(36)}-${++runCounter}`,
      segments: [],
      current: null,
      next: 1,
      anyReceipt: false,
      strikes: 0,
      cancelled: false,
      closedByApp: false,
      lastCloseReason: '',
      startedAtWall: Date.now(),
      startedAt: now,
      finishedAt: null,
      anchor: { time: now, index: 1 },
      reconnects: 0,
    };
    this.run = run;
    this.error = undefined;
    this.settledPromise = new Promise((resolve) => (this.resolveSettled = resolve));
    this.stopListening = this.connection.onStateChange((state) => {
      if (state.status !== 'connected' && run.current) run.current.alive = false;
      if (state.status === 'reconnecting') run.lastCloseReason = state.reason;
      if (state.status === 'disconnected') run.closedByApp = true;
      this.signal.notify();
    });
    this.setStatus(
      this.connection.state.status === 'connected' ? 'sending' : 'waiting-for-connection',
    );
    void this.loop(run).catch((error: unknown) => {
      this.finish(
        run,
        'failed',
        `The bulk send stopped on an unexpected error: ${errorMessage(error)}`,
      );
    });
    return ok(undefined);
  }

  /** Stops sending; what was sent stays sent. Harmless when nothing runs. */
  cancel(): void {
    if (!this.run || this.run.finishedAt !== null) return;
    this.run.cancelled = true;
    this.signal.notify();
  }

  private async loop(run: Run): Promise<void> {
    const { job } = run;
    for (;;) {
      if (run.cancelled) return this.finish(run, 'cancelled');
      if (run.closedByApp) {
        return this.finish(
          run,
          'failed',
          'The sending connection was closed before the run finished.',
        );
      }
      const state = this.connection.state;
      if (state.status === 'error') {
        return this.finish(run, 'failed', `The connection failed: ${state.reason}`);
      }
      const segment = run.current;
      if (segment && !segment.alive) {
        const refused = this.segmentLost(run, segment);
        if (refused) return this.finish(run, 'failed', refused);
        run.current = null;
        if (run.next > job.count) break;
        continue;
      }
      if (!segment) {
        if (state.status !== 'connected') {
          this.setStatus('waiting-for-connection');
          await this.wait(IDLE_WAIT_MS);
          continue;
        }
        this.openSegment(run);
        continue;
      }
      if (segment.probe === 'waiting') {
        await this.wait(IDLE_WAIT_MS);
        continue;
      }
      if (run.next > job.count) break;
      if (this.connection.bufferedAmount() > this.options.highWaterMark) {
        await this.wait(BACKPRESSURE_POLL_MS);
        continue;
      }
      const early = this.dueIn(run);
      if (early > 0) {
        this.scheduleEmit();
        await this.wait(Math.min(early, MAX_SLEEP_MS));
        continue;
      }
      const failure = this.sendSlice(run, segment);
      if (failure) return this.finish(run, 'failed', failure);
      this.scheduleEmit();
      await this.clock.yield();
    }
    await this.finalWait(run);
    if (run.cancelled) return this.finish(run, 'cancelled');
    this.finish(run, 'done');
  }

  private openSegment(run: Run): void {
    if (run.segments.length > 0) run.reconnects++;
    const segment: Segment = {
      first: run.next,
      last: run.next - 1,
      confirmedUpTo: run.next - 1,
      alive: true,
      probe: 'unsent',
    };
    run.segments.push(segment);
    run.current = segment;
    // After a pause the schedule restarts from now: catching up would only be a burst.
    run.anchor = { time: this.clock.now(), index: run.next };
    this.setStatus('sending');
  }

  /** Decides what a dropped connection means; returns the failure reason when the run must stop. */
  private segmentLost(run: Run, segment: Segment): string | null {
    if (segment.probe !== 'waiting') return null;
    run.strikes++;
    if (!run.anyReceipt || run.strikes >= 2) {
      const reason = run.lastCloseReason || 'the connection closed';
      return explainRefusedSend(run.job.destination, reason);
    }
    return null;
  }

  /** Milliseconds until the next message is due under the rate limit (≤ 0: due now). */
  private dueIn(run: Run): number {
    const offset = run.job.perMessage?.dueOffsetMs;
    if (offset) {
      const due = run.anchor.time + offset(run.next) - offset(run.anchor.index);
      return due - this.clock.now();
    }
    const rate = run.job.ratePerSecond;
    if (rate === undefined) return 0;
    const due = run.anchor.time + ((run.next - run.anchor.index) * 1000) / rate;
    return due - this.clock.now();
  }

  /** Sends until the slice is used up, the buffer is full, the rate says wait, or a probe goes out. */
  private sendSlice(run: Run, segment: Segment): string | null {
    const { job } = run;
    const end = this.clock.now() + this.options.sliceMs;
    const paced = job.ratePerSecond !== undefined || job.perMessage?.dueOffsetMs !== undefined;
    while (run.next <= job.count && segment.alive) {
      if (paced && this.dueIn(run) > 0) break;
      const i = run.next;
      const probe = segment.probe === 'unsent';
      const result = this.sendOne(run, segment, i, probe || this.wantsReceipt(job, i));
      if (!result.ok) {
        if (this.connection.state.status === 'connected') {
          return `Could not send message ${i}: ${result.error}`;
        }
        segment.alive = false;
        break;
      }
      run.next = i + 1;
      segment.last = i;
      if (probe) {
        segment.probe = 'waiting';
        break;
      }
      if (this.clock.now() >= end) break;
      if (this.connection.bufferedAmount() > this.options.highWaterMark) break;
    }
    return null;
  }

  private wantsReceipt(job: BulkSendJob, i: number): boolean {
    switch (job.receipts) {
      case 'none':
        return false;
      case 'every':
        return true;
      case 'last':
        return i === job.count || i % this.options.receiptEvery === 0;
    }
  }

  private sendOne(run: Run, segment: Segment, i: number, receipt: boolean): Result<void> {
    const { job } = run;
    const one = job.perMessage?.message(i);
    let headers = one ? one.headers : job.headers;
    if (job.sequenceHeader || receipt) {
      headers = { ...headers };
      if (job.sequenceHeader) headers[job.sequenceHeader.name] = `${job.sequenceHeader.runId}:${i}`;
      if (receipt) {
        const id = `${run.id}-${i}`;
        headers.receipt = id;
        try {
          this.connection.watchForReceipt(id, () => this.receiptArrived(run, segment, i));
        } catch (error) {
          return err(errorMessage(error));
        }
      }
    }
    if (one) return this.connection.publish(one.destination, one.body, headers);
    return this.connection.publish(job.destination, job.body(i), headers);
  }

  private receiptArrived(run: Run, segment: Segment, i: number): void {
    if (run.finishedAt !== null) return;
    if (i > segment.confirmedUpTo) segment.confirmedUpTo = i;
    run.anyReceipt = true;
    if (segment.probe === 'waiting') {
      segment.probe = 'ok';
      run.strikes = 0;
    }
    this.signal.notify();
    this.scheduleEmit();
  }

  /** After the last message: wait for its receipt (or, without receipts, for the socket to drain). */
  private async finalWait(run: Run): Promise<void> {
    const { job } = run;
    const segment = run.segments[run.segments.length - 1];
    if (!segment) return;
    const deadline = this.clock.now() + this.options.finalWaitMs;
    const finished = () =>
      job.receipts === 'none'
        ? this.connection.bufferedAmount() === 0
        : segment.confirmedUpTo >= job.count;
    while (!finished() && segment.alive && !run.cancelled && !run.closedByApp) {
      if (this.clock.now() >= deadline) {
        run.warning =
          job.receipts === 'none'
            ? `The socket still held unsent data ${formatSeconds(this.options.finalWaitMs)} after the last message.`
            : `No receipt for the last message within ${formatSeconds(this.options.finalWaitMs)}; the broker may be slow or applying flow control.`;
        return;
      }
      await this.wait(job.receipts === 'none' ? BACKPRESSURE_POLL_MS : MAX_SLEEP_MS);
    }
  }

  /** Sleeps up to `ms`, waking early on cancel, a receipt or a connection change. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const abort = new AbortController();
      const done = () => {
        stop();
        abort.abort();
        resolve();
      };
      const stop = this.signal.once(done);
      void this.clock.sleep(ms, abort.signal).then(done);
    });
  }

  private finish(run: Run, status: 'done' | 'cancelled' | 'failed', error?: string): void {
    if (run.finishedAt !== null) return;
    run.finishedAt = this.clock.now();
    this.stopListening?.();
    this.stopListening = null;
    if (status !== 'failed' && run.job.receipts !== 'none') {
      const unconfirmed = sentCount(run) - confirmedCount(run);
      if (unconfirmed > 0 && !run.warning && run.reconnects > 0) {
        run.warning = `${unconfirmed} sent on a connection that dropped before their receipt: the broker may not have them.`;
      }
    }
    this.error = error;
    this.setStatus(status);
    const resolve = this.resolveSettled;
    this.resolveSettled = null;
    resolve?.(this.snapshot);
  }

  private setStatus(status: BulkSendStatus): void {
    if (
      status === this.status &&
      status !== 'done' &&
      status !== 'failed' &&
      status !== 'cancelled'
    ) {
      return;
    }
    this.status = status;
    this.emit();
  }

  /** Emits now if the interval has passed, otherwise once at its end. */
  private scheduleEmit(): void {
    if (this.emitTimer !== null) return;
    const wait = this.lastEmitAt + this.options.progressIntervalMs - this.clock.now();
    if (wait <= 0) {
      this.emit();
      return;
    }
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (this.run?.finishedAt === null) this.emit();
    }, wait);
  }

  private emit(): void {
    if (this.emitTimer !== null) {
      clearTimeout(this.emitTimer);
      this.emitTimer = null;
    }
    this.lastEmitAt = this.clock.now();
    this.snapshot = this.buildSnapshot();
    this.emitter.emit(this.snapshot);
  }

  private buildSnapshot(): BulkSendProgress {
    const run = this.run;
    if (!run) return idleProgress();
    const elapsedMs = Math.max(0, (run.finishedAt ?? this.clock.now()) - run.startedAt);
    const sent = sentCount(run);
    const progress: BulkSendProgress = {
      status: this.status,
      sent,
      confirmed: confirmedCount(run),
      total: run.job.count,
      destination: run.job.destination,
      startedAt: run.startedAtWall,
      elapsedMs,
      ratePerSecond: elapsedMs > 0 ? (sent * 1000) / elapsedMs : 0,
      reconnects: run.reconnects,
      receipts: run.job.receipts,
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(run.warning !== undefined && this.status !== 'failed' ? { warning: run.warning } : {}),
    };
    return Object.freeze(progress);
  }
}

function sentCount(run: Run): number {
  return run.next - 1;
}

function confirmedCount(run: Run): number {
  let confirmed = 0;
  for (const segment of run.segments) confirmed += segment.confirmedUpTo - segment.first + 1;
  return confirmed;
}

function idleProgress(): BulkSendProgress {
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

function checkJob(job: BulkSendJob): string | null {
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

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
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
