import { FrameImpl } from '@stomp/stompjs';
import { describe, expect, it, vi } from 'vitest';
import type { ReceivedFrame } from '@/lib/stomp/connection';
import { fromStompFrame, routingKeyOf, utf8ByteLength } from './message';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A frame whose body getters fail the test if the wrong one is read. */
function strictFrame(
  headers: Record<string, string>,
  body: { bytes: Uint8Array } | { text: string },
): ReceivedFrame {
  return {
    headers,
    isBinaryBody: 'bytes' in body,
    get binaryBody(): Uint8Array {
      if ('bytes' in body) return body.bytes;
      throw new Error('binaryBody read on a text frame: that encodes the body on the hot path');
    },
    get body(): string {
      if ('text' in body) return body.text;
      throw new Error('body read on a binary frame: that decodes the body on the hot path');
    },
  };
}

describe('routingKeyOf', () => {
  it.each([
    ['/topic/a.b', 'a.b'],
    ['/topic/', ''],
    ['/topic/a..b', 'a..b'],
    ['/exchange/x/k', 'k'],
    ['/exchange/x/k.with.dots', 'k.with.dots'],
    ['/exchange/x', ''],
    ['/exchange/x/', ''],
    ['/exchange/amq.direct/a%2Fb', 'a/b'],
    ['/queue/q', 'q'],
    ['/queue/a%2Fb%2Fc', 'a/b/c'],
    ['/amq/queue/q', 'q'],
    ['/reply-queue/r', 'r'],
    ['/temp-queue/t', 't'],
    ['', ''],
    ['weird', 'weird'],
    ['/topic/100%25', '100%25'],
  ])('%s -> %s', (destination, key) => {
    expect(routingKeyOf(destination)).toBe(key);
  });
});

describe('utf8ByteLength', () => {
  it.each(['', 'hello', 'héllo', '日本語', '😀 emoji', 'a\u0000b', '\u07ff\u0800\uffff'])(
    'matches TextEncoder for %j',
    (text) => {
      expect(utf8ByteLength(text)).toBe(bytes(text).length);
    },
  );

  it('counts a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(utf8ByteLength('a\ud800b')).toBe(bytes('a\ud800b').length);
    expect(utf8ByteLength('\udc00')).toBe(3);
  });
});

describe('fromStompFrame', () => {
  const headers = {
    destination: '/topic/orders.eu',
    subscription: 'sub-0',
    'message-id': 'T_sub-0@@session-abc@@1',
    redelivered: 'false',
    'content-length': '11',
    ack: 'ack-7',
  };

  it('keeps the bytes of a binary frame without decoding them', () => {
    const body = bytes('hello world');
    const message = fromStompFrame(strictFrame(headers, { bytes: body }), 1, 1_700_000_000_000);
    expect(message).toEqual({
      seq: 1,
      receivedAt: 1_700_000_000_000,
      routingKey: 'orders.eu',
      destination: '/topic/orders.eu',
      headers,
      body,
      size: 11,
      binary: true,
      redelivered: false,
      messageId: 'T_sub-0@@session-abc@@1',
      ackId: 'ack-7',
    });
    expect(message.body).toBe(body);
    expect(message.headers).toBe(headers);
  });

  it('keeps the text of a text frame without encoding it', () => {
    const message = fromStompFrame(
      strictFrame({ destination: '/queue/q', redelivered: 'true' }, { text: 'héllo' }),
      2,
      5,
    );
    expect(message.body).toBe('héllo');
    expect(message.binary).toBe(false);
    expect(message.size).toBe(6);
    expect(message.routingKey).toBe('q');
    expect(message.redelivered).toBe(true);
    expect(message.messageId).toBeUndefined();
    expect(message.ackId).toBeUndefined();
  });

  it('uses content-length for a text frame when valid', () => {
    const frame = strictFrame({ destination: '/topic/a', 'content-length': '42' }, { text: 'x' });
    expect(fromStompFrame(frame, 1, 0).size).toBe(42);
    const bad = strictFrame({ destination: '/topic/a', 'content-length': '4x' }, { text: 'xy' });
    expect(fromStompFrame(bad, 1, 0).size).toBe(2);
  });

  it('measures bytes exactly for a binary frame, whatever content-length says', () => {
    const frame = strictFrame({ 'content-length': '99' }, { bytes: new Uint8Array([0, 255]) });
    expect(fromStompFrame(frame, 1, 0).size).toBe(2);
  });

  it('copes with a frame that has no destination header', () => {
    const message = fromStompFrame(strictFrame({}, { bytes: new Uint8Array() }), 1, 0);
    expect(message.destination).toBe('');
    expect(message.routingKey).toBe('');
    expect(message.size).toBe(0);
  });

  it('never makes stompjs decode a received frame', () => {
    const frame = FrameImpl.fromRawFrame(
      {
        command: 'MESSAGE',
        headers: [
          ['destination', '/exchange/logs/app.error'],
          ['content-length', '3'],
        ],
        binaryBody: new Uint8Array([1, 2, 3]),
      },
      false,
    );
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      const message = fromStompFrame(frame, 3, 0);
      expect(message.binary).toBe(true);
      expect(message.body).toEqual(new Uint8Array([1, 2, 3]));
      expect(message.routingKey).toBe('app.error');
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
  });
});
