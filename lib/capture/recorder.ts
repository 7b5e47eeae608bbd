import type { PaneMessage } from '@/lib/messages/message';
import { utf8ByteLength } from '@/lib/messages/message';
import { toNdjsonLine } from '@/lib/messages/ndjson';
import { captureHeaderLine, type CapturePane } from './format';

/** How much a recording keeps at most: whichever limit comes first stops it. */
export interface RecorderLimits {
  maxMessages: number;
  maxBytes: number;
}

export const DEFAULT_RECORDER_LIMITS: RecorderLimits = {
  maxMessages: 100_000,
  maxBytes: 200 * 1024 * 1024,
};

/** Why a recording stopped. */
export type StopReason = 'user' | 'max-messages' | 'max-bytes' | 'pane-closed';

/** A recording's state; a new object on every change of status (the counters are read live). */
export type RecorderStatus = { status: 'recording' } | { status: 'stopped'; reason: StopReason };

/**
 * Records what a pane receives, from now on, into a capture file (`lib/capture/format.ts`):
 * each message becomes its NDJSON line as it arrives, so stopping costs nothing and the page
 * never serialises 100,000 messages at once. Bounded: it stops by itself at `maxMessages`
 * messages or `maxBytes` bytes of file, whichever comes first, and says which.
 *
 * @example
 * const recorder = new CaptureRecorder({ id: 'sub-1', destination: '/topic/orders.#' });
 * const off = pane.onMessage((m) => recorder.record(m));
 * // …
 * recorder.stop();
 * off();
 * download(recorder.fileName, new Blob(recorder.parts()));
 */
export class CaptureRecorder {
  readonly startedAt: number;
  private readonly limits: RecorderLimits;
  private readonly lines: string[] = [];
  private bytesSoFar: number;
  private state: RecorderStatus = { status: 'recording' };

  constructor(
    private readonly pane: CapturePane,
    limits: Partial<RecorderLimits> = {},
    now: number = Date.now(),
  ) {
    this.limits = { ...DEFAULT_RECORDER_LIMITS, ...limits };
    this.startedAt = now;
    this.lines.push(captureHeaderLine(pane, now) + '\n');
    this.bytesSoFar = utf8ByteLength(this.lines[0]!);
  }

  /** Messages recorded. */
  get count(): number {
    return this.lines.length - 1;
  }

  /** Size of the capture file so far, in bytes. */
  get bytes(): number {
    return this.bytesSoFar;
  }

  get status(): RecorderStatus {
    return this.state;
  }

  /**
   * Adds a message. Returns false once the recording has stopped: by a limit (the message that
   * would pass one is not recorded), or by {@link stop}.
   */
  record(message: PaneMessage): boolean {
    if (this.state.status !== 'recording') return false;
    if (this.count >= this.limits.maxMessages) {
      this.stop('max-messages');
      return false;
    }
    const line = toNdjsonLine(message, this.startedAt) + '\n';
    const size = utf8ByteLength(line);
    if (this.bytesSoFar + size > this.limits.maxBytes) {
      this.stop('max-bytes');
      return false;
    }
    this.lines.push(line);
    this.bytesSoFar += size;
    if (this.count >= this.limits.maxMessages) this.stop('max-messages');
    return true;
  }

  /** Stops recording; what was recorded stays. Harmless when already stopped. */
  stop(reason: StopReason = 'user'): void {
    if (this.state.status === 'recording') this.state = { status: 'stopped', reason };
  }

  /** The capture file, as parts for a Blob (the header line first). */
  parts(): readonly string[] {
    return this.lines;
  }

  /** The limits this recording stops at. */
  get bounds(): RecorderLimits {
    return this.limits;
  }
}

/** Why a recording stopped, in words. */
export function describeStopReason(reason: StopReason, limits: RecorderLimits): string {
  switch (reason) {
    case 'user':
      return 'stopped by you';
    case 'max-messages':
      return `stopped at the limit of ${limits.maxMessages.toLocaleString('en-US')} messages`;
    case 'max-bytes':
      return `stopped at the limit of ${Math.round(limits.maxBytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
    case 'pane-closed':
      return 'stopped: the pane was closed';
  }
}
