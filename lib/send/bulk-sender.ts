import type { StompConnection } from '@/lib/stomp/connection';
import { Emitter, Signal } from '@/lib/util/emitter';
import { err, errorMessage, ok, type Result } from '@/lib/util/result';
import { realClock, type SendClock } from './clock';
import {
  type BulkSendJob,
  type BulkSendProgress,
  type BulkSendStatus,
  checkJob,
  idleProgress,
} from './bulk-job';
import { confirmedCount, type Run, type Segment, sentCount } from './bulk-run';
import { explainRefusedSend } from './refused-send';

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

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
