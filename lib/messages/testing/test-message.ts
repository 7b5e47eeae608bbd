import type { PaneMessage } from '../message';

/**
 * A message for unit tests: `body` as given (bytes, or text as a text frame holds it), headers
 * empty unless given, everything else fixed.
 *
 * @example testMessage(new TextEncoder().encode('{"a":1}'), { headers: { priority: '7' } })
 */
export function testMessage(
  body: Uint8Array | string,
  overrides: Partial<PaneMessage> = {},
): PaneMessage {
  return {
    seq: 1,
    receivedAt: 0,
    routingKey: 'k',
    destination: '/topic/k',
    headers: {},
    body,
    size: typeof body === 'string' ? body.length : body.byteLength,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
    ...overrides,
  };
}
