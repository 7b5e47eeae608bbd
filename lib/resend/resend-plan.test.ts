import { describe, expect, it } from 'vitest';
import type { PaneMessage } from '@/lib/messages/message';
import { describeDropped, formBody, planResend, resendHeaders, resendTarget } from './resend-plan';

function message(body: Uint8Array | string, headers: Record<string, string> = {}): PaneMessage {
  return {
    seq: 1,
    receivedAt: 0,
    routingKey: 'orders.eu',
    destination: '/topic/orders.eu',
    headers,
    body,
    size: typeof body === 'string' ? body.length : body.byteLength,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

describe('resendTarget', () => {
  it.each([
    ['/exchange/amq.topic/orders.#', 'orders.eu', '/exchange/amq.topic/orders.eu'],
    ['/exchange/amq.direct/jobs', 'jobs', '/exchange/amq.direct/jobs'],
    ['/exchange/logs', '', '/exchange/logs'],
    ['/exchange/x/a.*', 'a/b', '/exchange/x/a%2Fb'],
    ['/topic/orders.*', 'orders.eu', '/topic/orders.eu'],
    ['/topic/#', '', '/exchange/amq.topic'],
    ['/queue/jobs', 'something.else', '/queue/jobs'],
    ['/amq/queue/stream-1', 'orders.eu', '/amq/queue/stream-1'],
    ['/queue/a%2Fb', 'a/b', '/queue/a%2Fb'],
  ])('%s with key "%s" resends to %s', (pane, key, expected) => {
    expect(resendTarget(pane, key)).toEqual({ destination: expected });
  });

  it.each([
    ['/exchange/amq.rabbitmq.trace/deliver.jobs', /firehose/],
    ['/temp-queue/replies', /reply queue/],
    ['/reply-queue/amq.gen-xyz', /reply queue/],
    ['/nonsense/x', /could not be read/],
  ])('%s falls back to the pane destination with a note', (pane, why) => {
    const target = resendTarget(pane, 'k');
    expect(target.destination).toBe(pane);
    expect(target.note).toMatch(why);
  });
});

describe('resendHeaders', () => {
  it('drops what the broker, STOMP and the dashboard set, and lists it', () => {
    const { headers, dropped } = resendHeaders({
      'message-id': 'T_1@@session',
      subscription: 'sub-0',
      destination: '/topic/a',
      ack: '42',
      redelivered: 'false',
      'content-length': '3',
      'x-stompwatch-seq': 'r1:1',
      'content-type': 'application/json',
      persistent: 'true',
      'x-trace': 'a:b',
      ünïcode: 'välue',
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      persistent: 'true',
      'x-trace': 'a:b',
      ünïcode: 'välue',
    });
    expect(dropped).toEqual([
      'message-id',
      'subscription',
      'destination',
      'ack',
      'redelivered',
      'content-length',
      'x-stompwatch-seq',
    ]);
    expect(describeDropped(dropped)).toContain('message-id, subscription');
  });

  it('drops a header whatever its letter case, and says nothing when none was dropped', () => {
    expect(resendHeaders({ 'Message-ID': 'x', Receipt: 'r' }).dropped).toEqual([
      'Message-ID',
      'Receipt',
    ]);
    expect(describeDropped([])).toBe('');
  });
});

describe('planResend and formBody', () => {
  it('keeps a binary body byte for byte and offers it as base64', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80]);
    const plan = planResend(message(bytes, { 'x-a': '1', ack: '7' }), '/topic/orders.#');
    expect(plan.bytes).toEqual(bytes);
    expect(plan.destination).toBe('/topic/orders.eu');
    expect(plan.headers).toEqual({ 'x-a': '1' });
    expect(formBody(message(bytes))).toEqual({ body: '/wD+gA==', encoding: 'base64' });
  });

  it('offers JSON as JSON, text as text, and text with control characters as base64', () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(formBody(message(utf8('{"a":1}')))).toEqual({ body: '{"a":1}', encoding: 'json' });
    expect(formBody(message(utf8('héllo')))).toEqual({ body: 'héllo', encoding: 'text' });
    expect(formBody(message(utf8('a\u0000b'))).encoding).toBe('base64');
  });
});
