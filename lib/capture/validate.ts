import { ok } from '@/lib/util/result';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { fromBase64 } from '@/lib/messages/byte-codecs';
import { yieldToEventLoop } from '@/lib/send/clock';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CapturePane } from './format';

// zod/mini ships without messages; problems here are read by people.
z.config(en());

/** Longest line a capture may have, in characters: a 16 MiB body in base64, and its headers. */
export const MAX_CAPTURE_LINE_CHARS = 24 * 1024 * 1024;
/** Header names that would break a STOMP frame (stompjs does not escape names). */
const BAD_HEADER_NAME = /[:\r\n\\]|^$/;
/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

/** One problem in a capture file: the line (from 1) and the field it is about. */
export interface CaptureProblem {
  line: number;
  /** The field, as a path (`headers.x-a`, `bodyBase64`), or '' for the line as a whole. */
  field: string;
  message: string;
}

/** One message of a valid capture, ready to send. */
export interface CapturedMessage {
  /** The line it was on (from 1), for messages about it. */
  line: number;
  offsetMs: number;
  /** The MESSAGE `destination` header it was received with ('' when the file has none). */
  destination: string;
  routingKey: string;
  headers: Record<string, string>;
  /** Text as it was (sent as UTF-8), or the bytes of a `bodyBase64`. */
  body: string | Uint8Array;
}

/** A capture file, read and checked whole. */
export interface Capture {
  pane: CapturePane;
  startedAt: string;
  messages: CapturedMessage[];
  /**
   * Each routing key of the messages with the first line it is on, in first-use order: a replay
   * checks one destination per key up front instead of one per message (100,000 of them).
   */
  routingKeys: ReadonlyMap<string, number>;
}

export type CaptureResult =
  { ok: true; value: Capture } | { ok: false; problems: CaptureProblem[]; more: number };

const headerSchema = z.object({
  format: z.literal(CAPTURE_FORMAT),
  version: z.number(),
  pane: z.object({ id: z.string(), destination: z.string().check(z.minLength(1)) }),
  startedAt: z.iso.datetime(),
});

const recordSchema = z.object({
  offsetMs: z.number().check(z.nonnegative()),
  receivedAt: z.optional(z.string()),
  destination: z.optional(z.string()),
  routingKey: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.optional(z.string()),
  bodyBase64: z.optional(z.string()),
});

/**
 * Reads a capture file and checks every line before anything may be sent: the first line must
 * describe a capture of a version this dashboard reads, and every further line must be a
 * message with a non-negative `offsetMs` (never earlier than the line before), a `routingKey`,
 * string `headers` whose names can be sent, and exactly one of `body` and `bodyBase64` (valid
 * base64). Each problem
 * names its line and field. Lines over `maxLineChars` are refused without being parsed; a last
 * line that does not parse and has no newline is reported as cut off.
 *
 * @example
 * parseCapture('{"format":"stompwatch-capture","version":2,…}\n')
 * // { ok: false, problems: [{ line: 1, field: 'version', message: 'version 2 is not one this dashboard reads (it reads 1)' }], more: 0 }
 */
export function parseCapture(
  text: string,
  maxLineChars: number = MAX_CAPTURE_LINE_CHARS,
): CaptureResult {
  const steps = captureSteps(text, maxLineChars);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link parseCapture} in slices of about `sliceMs`, yielding to the event loop between them, so
 * checking a 100,000-line capture in the page never freezes it. It yields through a
 * `MessageChannel` (`yieldToEventLoop`), not `setTimeout(0)`, which browsers clamp to 4 ms once
 * nested: with 8 ms slices that left the page idle a third of the time it was reading.
 */
export async function parseCaptureInSlices(
  text: string,
  sliceMs = 8,
  maxLineChars: number = MAX_CAPTURE_LINE_CHARS,
): Promise<CaptureResult> {
  const steps = captureSteps(text, maxLineChars);
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= sliceEnd) {
      await yieldToEventLoop();
      sliceEnd = performance.now() + sliceMs;
    }
  }
}

/** How many lines are checked between two chances to yield. */
const LINES_PER_STEP = 200;

/** The checks of {@link parseCapture}, pausing (yield) every {@link LINES_PER_STEP} lines. */
function* captureSteps(text: string, maxLineChars: number): Generator<void, CaptureResult> {
  const problems: CaptureProblem[] = [];
  let more = 0;
  const report = (line: number, field: string, message: string) => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line, field, message });
    else more++;
  };
  const lines = text.split('\n');
  const endsWithNewline = lines.at(-1) === '';
  if (endsWithNewline) lines.pop();
  const lastIndex = lines.length - 1;

  const readJson = (raw: string, index: number): unknown => {
    const line = index + 1;
    if (raw.length > maxLineChars) {
      report(
        line,
        '',
        `the line is ${raw.length.toLocaleString('en-US')} characters long; at most ${maxLineChars.toLocaleString('en-US')} are read`,
      );
      return undefined;
    }
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      report(
        line,
        '',
        index === lastIndex && !endsWithNewline
          ? 'the last line is cut off (the file ends in the middle of it); was the capture still being written?'
          : 'not JSON',
      );
      return undefined;
    }
  };

  if (lines.length === 0 || (lines.length === 1 && lines[0]!.trim() === '')) {
    return { ok: false, problems: [{ line: 1, field: '', message: 'the file is empty' }], more: 0 };
  }
  const headerJson = readJson(stripCr(lines[0]!), 0);
  let pane: CapturePane | null = null;
  let startedAt = '';
  if (headerJson !== undefined) {
    const header = headerSchema.safeParse(headerJson);
    if (!header.success) {
      for (const issue of header.error.issues) {
        const field = issue.path.join('.');
        report(
          1,
          field,
          field === 'format'
            ? `this is not a stompwatch capture (the first line must have "format": "${CAPTURE_FORMAT}")`
            : issue.message,
        );
      }
    } else if (header.data.version !== CAPTURE_VERSION) {
      report(
        1,
        'version',
        `version ${header.data.version} is not one this dashboard reads (it reads ${CAPTURE_VERSION})`,
      );
    } else {
      pane = header.data.pane;
      startedAt = header.data.startedAt;
    }
  }

  const messages: CapturedMessage[] = [];
  const routingKeys = new Map<string, number>();
  let lastOffset = 0;
  for (let index = 1; index < lines.length; index++) {
    if (index % LINES_PER_STEP === 0) yield;
    const line = index + 1;
    const raw = stripCr(lines[index]!);
    if (raw.trim() === '') continue;
    const json = readJson(raw, index);
    if (json === undefined) continue;
    const parsed = recordSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report(line, issue.path.join('.'), issue.message);
      continue;
    }
    const record = parsed.data;
    const badName = Object.keys(record.headers).find((name) => BAD_HEADER_NAME.test(name));
    if (badName !== undefined) {
      report(
        line,
        'headers',
        `the header name ${JSON.stringify(badName)} cannot be sent (no ":", "\\" or line breaks in a name)`,
      );
      continue;
    }
    if ((record.body === undefined) === (record.bodyBase64 === undefined)) {
      report(
        line,
        'body',
        record.body === undefined
          ? 'missing: a message needs "body" (text) or "bodyBase64"'
          : 'both "body" and "bodyBase64" are given; keep one',
      );
      continue;
    }
    let body: string | Uint8Array;
    if (record.bodyBase64 !== undefined) {
      const bytes = fromBase64(record.bodyBase64);
      if (!bytes.ok) {
        report(line, 'bodyBase64', bytes.error);
        continue;
      }
      body = bytes.value;
    } else body = record.body!;
    if (record.offsetMs < lastOffset) {
      report(
        line,
        'offsetMs',
        `${record.offsetMs} is earlier than the line before (${lastOffset}); lines must be in receive order`,
      );
      continue;
    }
    lastOffset = record.offsetMs;
    if (!routingKeys.has(record.routingKey)) routingKeys.set(record.routingKey, line);
    messages.push({
      line,
      offsetMs: record.offsetMs,
      destination: record.destination ?? '',
      routingKey: record.routingKey,
      headers: record.headers,
      body,
    });
  }
  if (problems.length === 0 && messages.length === 0) {
    report(2, '', 'the capture holds no messages: there is nothing to replay');
  }
  if (problems.length > 0 || pane === null) return { ok: false, problems, more };
  return ok({ pane, startedAt, messages, routingKeys });
}

/** Problems as lines a person reads: `line 3, field "bodyBase64": Not valid base64: …`. */
export function describeCaptureProblems(problems: readonly CaptureProblem[], more = 0): string {
  const lines = problems.map(
    (p) => `line ${p.line}${p.field ? `, field "${p.field}"` : ''}: ${p.message}`,
  );
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('\n');
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
