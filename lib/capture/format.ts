import type { PaneMessage } from '@/lib/messages/message';
import { escapeLineSeparators, toNdjsonLine, type NdjsonRecord } from '@/lib/messages/ndjson';

/**
 * A capture file: NDJSON, whose first line describes the capture ({@link CaptureHeader}) and
 * each further line is one message ({@link NdjsonRecord}: receive-time offset, routing key,
 * headers, body as text or `bodyBase64`). `Record` in a pane and `Export NDJSON` both write it;
 * `Replay capture` and `npm run send -- --replay` read it (`lib/capture/validate.ts`).
 *
 * @example
 * ```
 * {"format":"stompwatch-capture","version":1,"pane":{"id":"sub-1","destination":"/topic/orders.#"},"startedAt":"2024-05-01T12:00:00.000Z"}
 * {"offsetMs":0,"receivedAt":"2024-05-01T12:00:00.000Z","destination":"/topic/orders.eu","routingKey":"orders.eu","headers":{…},"body":"hello"}
 * ```
 */
export const CAPTURE_FORMAT = 'stompwatch-capture';
/** The version this dashboard writes and reads. */
export const CAPTURE_VERSION = 1;

/** The first line of a capture file. */
export interface CaptureHeader {
  format: typeof CAPTURE_FORMAT;
  version: typeof CAPTURE_VERSION;
  /** The pane that received the messages. */
  pane: { id: string; destination: string };
  /** When recording started, ISO 8601 UTC; message offsets count from it. */
  startedAt: string;
}

/** One message line of a capture; see {@link NdjsonRecord}. */
export type CaptureRecord = NdjsonRecord;

/** The pane a capture is of. */
export interface CapturePane {
  id: string;
  destination: string;
}

/** The first line of a capture of `pane` started at `startedAt` (epoch ms), without newline. */
export function captureHeaderLine(pane: CapturePane, startedAt: number): string {
  const header: CaptureHeader = {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    pane: { id: pane.id, destination: pane.destination },
    startedAt: new Date(startedAt).toISOString(),
  };
  return escapeLineSeparators(JSON.stringify(header));
}

/**
 * Messages as a capture file, as `Export NDJSON` writes it: the header line, then one line per
 * message in the given order, each ending in `\n`. The capture starts at the first message's
 * arrival (or `now` when there is none).
 */
export function exportCapture(
  pane: CapturePane,
  messages: Iterable<PaneMessage>,
  now: number = Date.now(),
): string {
  const lines: string[] = [];
  let startedAt: number | null = null;
  for (const message of messages) {
    startedAt ??= message.receivedAt;
    lines.push(toNdjsonLine(message, startedAt), '\n');
  }
  return `${captureHeaderLine(pane, startedAt ?? now)}\n${lines.join('')}`;
}

/** A file name for a capture of a pane: `capture-sub-1-2024-05-01T12-00-00.ndjson`. */
export function captureFileName(paneId: string, startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().slice(0, 19).replaceAll(':', '-');
  return `capture-${paneId.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.ndjson`;
}
