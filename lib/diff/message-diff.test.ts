import { describe, expect, it } from 'vitest';
import type { PaneMessage } from '@/lib/messages/message';
import { bytesDiff, diffHeaders, diffMessages } from './message-diff';

function msg(body: string | Uint8Array, headers: Record<string, string> = {}): PaneMessage {
  return {
    seq: 1,
    receivedAt: 0,
    routingKey: 'k',
    destination: '/topic/k',
    headers,
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    size: 0,
    binary: true,
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

describe('diffHeaders', () => {
  it('finds added, removed and changed headers, ignoring those that differ per delivery', () => {
    expect(
      diffHeaders(
        { 'message-id': 'a', 'x-same': '1', 'x-trace': 'one', 'x-gone': 'g', ack: '1' },
        { 'message-id': 'b', 'x-same': '1', 'x-trace': 'two', 'x-new': 'n', ack: '2' },
      ),
    ).toEqual([
      { name: 'x-same', kind: 'same', left: '1', right: '1' },
      { name: 'x-trace', kind: 'changed', left: 'one', right: 'two' },
      { name: 'x-gone', kind: 'removed', left: 'g' },
      { name: 'x-new', kind: 'added', right: 'n' },
    ]);
  });
});

describe('diffMessages bodies', () => {
  it('diffs JSON pretty-printed, by line, so a changed field is one line', () => {
    const diff = diffMessages(
      msg('{"order":{"id":7,"total":12.5,"tags":["eu"]}}'),
      msg('{"order":{"id":7,"total":99,"tags":["eu"]}}'),
    );
    expect(diff.body.kind).toBe('json');
    if (diff.body.kind !== 'json') return;
    const changed = diff.body.parts.filter((p) => p.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'removed', text: '    "total": 12.5,\n' },
      { kind: 'added', text: '    "total": 99,\n' },
    ]);
  });

  it('says when bodies are the same, whatever the JSON spacing', () => {
    expect(diffMessages(msg('{"a":1}'), msg('{ "a": 1 }')).body).toEqual({
      kind: 'identical',
      as: 'json',
    });
  });

  it('diffs text by line, and one-line text by word', () => {
    const lines = diffMessages(msg('a\nb\nc\n'), msg('a\nB\nc\n')).body;
    expect(lines.kind).toBe('text');
    const words = diffMessages(msg('order 1 for eu'), msg('order 2 for eu')).body;
    expect(words).toEqual({
      kind: 'words',
      parts: [
        { kind: 'same', text: 'order ' },
        { kind: 'removed', text: '1' },
        { kind: 'added', text: '2' },
        { kind: 'same', text: ' for eu' },
      ],
    });
  });

  it('gives a byte-level note for binary bodies', () => {
    const body = diffMessages(
      msg(Uint8Array.of(0xff, 1, 2)),
      msg(Uint8Array.of(0xff, 9, 2, 4)),
    ).body;
    expect(body).toEqual({
      kind: 'bytes',
      note: 'Binary bodies, 3 and 4 bytes: first difference at byte 1 (0x01 vs 0x09); 1 of the 3 common bytes differ.',
    });
    expect(bytesDiff(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3), 'binary')).toEqual({
      kind: 'bytes',
      note: 'Binary bodies, 2 and 3 bytes: the same for the first 2 bytes; the second is longer.',
    });
    expect(bytesDiff(Uint8Array.of(1), Uint8Array.of(1), 'binary').kind).toBe('identical');
  });
});
