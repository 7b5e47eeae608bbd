import { describe, expect, it } from 'vitest';
import type { PaneMessage } from '@/lib/messages/message';
import { captureFileName, captureHeaderLine, exportCapture } from './format';
import { CaptureRecorder, describeStopReason } from './recorder';
import { describeCaptureProblems, parseCapture } from './validate';

const pane = { id: 'sub-1', destination: '/exchange/amq.topic/orders.#' };
const t0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0);
const utf8 = (text: string) => new TextEncoder().encode(text);

function msg(
  seq: number,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
  at = t0 + seq * 10,
): PaneMessage {
  return {
    seq,
    receivedAt: at,
    routingKey: `orders.${seq}`,
    destination: `/topic/orders.${seq}`,
    headers: { destination: `/topic/orders.${seq}`, 'message-id': `m-${seq}`, ...headers },
    body,
    size: typeof body === 'string' ? body.length : body.byteLength,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: `m-${seq}`,
    ackId: undefined,
  };
}

const bytesOf = (body: string | Uint8Array) => (typeof body === 'string' ? utf8(body) : body);

describe('capture format round trip', () => {
  it('keeps text, JSON, binary, a 1 MB body and unicode headers exactly', () => {
    const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 256);
    const messages = [
      msg(1, utf8('plain text ünïcödé 😀\u2028')),
      msg(2, utf8('{"order":{"id":7,"total":12.5}}'), { 'content-type': 'application/json' }),
      msg(3, new Uint8Array([0xff, 0x00, 0xfe, 0x80])),
      msg(4, big),
      msg(5, 'text stored as a string', { 'x-ünï': 'välüe: 日本語', 'x-lines': 'a\nb\\c' }),
      msg(6, new Uint8Array()),
    ];
    const file = exportCapture(pane, messages);
    const parsed = parseCapture(file);
    if (!parsed.ok) throw new Error(describeCaptureProblems(parsed.problems));
    const capture = parsed.value;
    expect(capture.pane).toEqual(pane);
    expect(capture.startedAt).toBe(new Date(t0 + 10).toISOString());
    expect(capture.messages).toHaveLength(messages.length);
    capture.messages.forEach((got, i) => {
      const sent = messages[i]!;
      // Buffer.equals: a deep toEqual of a 1 MB array takes seconds.
      expect(Buffer.from(bytesOf(got.body)).equals(bytesOf(sent.body))).toBe(true);
      expect(got.headers).toEqual(sent.headers);
      expect(got.routingKey).toBe(sent.routingKey);
      expect(got.offsetMs).toBe(i * 10);
      expect(got.line).toBe(i + 2);
    });
    expect(typeof capture.messages[2]!.body).not.toBe('string');
  });

  it('writes a header line describing the capture', () => {
    expect(JSON.parse(captureHeaderLine(pane, t0))).toEqual({
      format: 'stompwatch-capture',
      version: 1,
      pane,
      startedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(exportCapture(pane, [], t0).split('\n')).toHaveLength(2);
    expect(captureFileName('sub/1', t0)).toBe('capture-sub_1-2024-05-01T12-00-00.ndjson');
  });
});

describe('CaptureRecorder', () => {
  it('records from its start, with offsets from it, and round-trips', () => {
    const recorder = new CaptureRecorder(pane, {}, t0);
    expect(recorder.record(msg(1, 'a', {}, t0 + 5))).toBe(true);
    expect(recorder.record(msg(2, new Uint8Array([0x80]), {}, t0 + 9))).toBe(true);
    expect(recorder.count).toBe(2);
    expect(recorder.bytes).toBe(utf8(recorder.parts().join('')).length);
    const parsed = parseCapture(recorder.parts().join(''));
    expect(parsed.ok && parsed.value.messages.map((m) => m.offsetMs)).toEqual([5, 9]);
  });

  it('stops at the message limit, saying so', () => {
    const recorder = new CaptureRecorder(pane, { maxMessages: 3 }, t0);
    for (let i = 1; i <= 5; i++) recorder.record(msg(i, `#${i}`));
    expect(recorder.count).toBe(3);
    expect(recorder.status).toEqual({ status: 'stopped', reason: 'max-messages' });
    expect(describeStopReason('max-messages', recorder.bounds)).toBe(
      'stopped at the limit of 3 messages',
    );
  });

  it('stops at the byte limit before passing it, and after stop() records nothing', () => {
    const recorder = new CaptureRecorder(pane, { maxBytes: 600 }, t0);
    let kept = 0;
    while (recorder.record(msg(kept + 1, 'x'.repeat(100)))) kept++;
    expect(recorder.bytes).toBeLessThanOrEqual(600);
    expect(recorder.count).toBe(kept);
    expect(recorder.status).toEqual({ status: 'stopped', reason: 'max-bytes' });
    const manual = new CaptureRecorder(pane, {}, t0);
    manual.stop();
    expect(manual.record(msg(1, 'a'))).toBe(false);
    expect(manual.status).toEqual({ status: 'stopped', reason: 'user' });
    expect(describeStopReason('max-bytes', DEFAULTS)).toBe('stopped at the limit of 200 MB');
  });
});

const DEFAULTS = { maxMessages: 100_000, maxBytes: 200 * 1024 * 1024 };
