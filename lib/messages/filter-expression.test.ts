import { describe, expect, it } from 'vitest';
import {
  describeFilterError,
  looksLikeExpression,
  parseFilterExpression,
} from './filter-expression';
import type { PaneMessage } from './message';

const encoder = new TextEncoder();

function message(body: unknown, extra: Partial<PaneMessage> = {}): PaneMessage {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const bytes = encoder.encode(text);
  return {
    seq: 1,
    receivedAt: 0,
    routingKey: 'eu.orders.created',
    destination: '/exchange/amq.topic/eu.orders.created',
    headers: {
      'content-type': 'application/json',
      priority: '7',
      'x-flag': 'true',
      'message-id': 'm-1',
    },
    body: bytes,
    size: bytes.length,
    binary: true,
    redelivered: false,
    messageId: 'm-1',
    ackId: undefined,
    ...extra,
  };
}

const order = message({
  order: { total: 150, currency: 'EUR', lines: 3, note: null, paid: true },
  items: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-2', qty: 1 },
  ],
  tags: ['eu', 'priority'],
  name: 'Zoë 🐇',
  i: 6,
});

function matches(expression: string, target: PaneMessage = order): boolean {
  const parsed = parseFilterExpression(expression);
  if (parsed.kind !== 'expression')
    throw new Error(
      `${expression}: ${parsed.kind === 'error' ? describeFilterError(parsed) : 'plain text'}`,
    );
  return parsed.matches(target);
}

describe('filter expressions: what matches', () => {
  it.each([
    ['body.order.total > 100', true],
    ['body.order.total > 150', false],
    ['body.order.total >= 150', true],
    ['body.order.total < 200', true],
    ['body.order.total <= 149.5', false],
    ['body.order.total == 150', true],
    ['body.order.total != 150', false],
    ['body.order.currency == "EUR"', true],
    ["body.order.currency == 'EUR'", true],
    ['body.order.currency != "USD"', true],
    ['body.items[0].sku == "A-1"', true],
    ['body.items[1].sku == "A-1"', false],
    ['body.items[-1].sku == "B-2"', true],
    ['body.items.length == 2', true],
    ['body["order"]["total"] == 150', true],
    ['body.tags contains "eu"', true],
    ['body.tags contains "us"', false],
    ['body.order.currency contains "U"', true],
    ['headers["content-type"] == "application/json"', true],
    ['headers.priority >= 5', true],
    ['headers.priority > 7', false],
    ['headers.priority == 7', true],
    ['headers["x-flag"] == true', true],
    ['routingKey matches "^eu\\."', true],
    ['routingKey matches "^us\\."', false],
    ['routingKey == "eu.orders.created"', true],
    ['destination contains "amq.topic"', true],
    ['redelivered', false],
    ['!redelivered', true],
    ['size > 10', true],
    ['size > 100000', false],
    ['body.order.paid', true],
    ['body.order.paid == true', true],
    ['body.order.paid == false', false],
    ['body.order.note == null', true],
    ['body.order.lines in [1, 2, 3]', true],
    ['body.order.currency in ["USD", "GBP"]', false],
    ['body.order.total > 100 && body.order.currency == "EUR"', true],
    ['body.order.total > 100 && body.order.currency == "USD"', false],
    ['body.order.total > 200 || body.order.currency == "EUR"', true],
    ['!(body.order.total > 200) && body.i > 5', true],
    ['body.i > 5 || body.i < 0 && body.i == 99', true],
    ['(body.i > 5 || body.i < 0) && body.i == 99', false],
    ['!!body.order.paid', true],
    ['body.name == "Zoë 🐇"', true],
    ['body.name contains "\\u00eb"', true],
    ['seq == 1', true],
  ])('%s → %s', (expression, expected) => {
    expect(matches(expression)).toBe(expected);
  });

  it.each([
    ['body.order.missing > 1'],
    ['body.order.missing == null'],
    ['body.nothing.deeper == 1'],
    ['body.items[9].sku == "A-1"'],
    ['headers.absent == "x"'],
    ['body.order.total > "abc"'],
    ['body.order.missing'],
  ])('a missing or mismatched field is simply not a match: %s', (expression) => {
    expect(matches(expression)).toBe(false);
  });

  it('a body that is not JSON is a string: contains and matches work on it', () => {
    const plain = message('Thomas est une b*te au Tetris', { headers: {} });
    expect(matches('body contains "Tetris"', plain)).toBe(true);
    expect(matches('body matches "^Thomas"', plain)).toBe(true);
    expect(matches('body.order.total > 1', plain)).toBe(false);
  });

  it('a binary body that is not UTF-8 matches no body condition', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    const binary = message('', { body: bytes, size: 4 });
    expect(matches('body == null', binary)).toBe(false);
    expect(matches('size == 4', binary)).toBe(true);
  });

  it('redelivered reads the message flag', () => {
    expect(matches('redelivered', message({}, { redelivered: true }))).toBe(true);
  });
});

describe('filter expressions: recognised by their form', () => {
  it.each([
    ['body.i > 5', true],
    ['redelivered', true],
    ['!redelivered', true],
    ['(size > 1)', true],
    ['headers["x"] == "y"', true],
    ['size', true],
    ['body of the order', false],
    ['error', false],
    ['orders.eu', false],
    ['content-type:application/json', false],
    ['', false],
  ])('%s → expression: %s', (text, expected) => {
    expect(looksLikeExpression(text)).toBe(expected);
    expect(parseFilterExpression(text).kind === 'text').toBe(!expected);
  });
});

describe('filter expressions: errors say where', () => {
  it.each([
    ['body.order.total >', 18, 'ends too early'],
    ['body.order.total > > 1', 19, 'unexpected ">"'],
    ['(body.i > 5', 11, 'expected ")"'],
    ['body.i > 5)', 10, 'unexpected ")"'],
    ['body.order.currency == "EUR', 23, 'not closed'],
    ['body. == 1', 6, 'field name'],
    ['body[true] == 1', 5, 'index or a quoted name'],
    ['routingKey matches 5', 11, 'regular expression in quotes'],
    ['routingKey matches "("', 11, 'not a valid regular expression'],
    ['body.i in 5', 7, 'needs a list'],
    ['body.i in [1, body.x]', 20, 'a list holds'],
    ['size > 1 && user.name == "x"', 12, 'unknown name "user"'],
    ['size > 1 # 2', 9, 'unexpected "#"'],
    ['body.i > 5 &&', 13, 'ends too early'],
  ])('%s → at %i: %s', (text, position, words) => {
    const parsed = parseFilterExpression(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    expect(parsed.position).toBe(position);
    expect(parsed.message).toContain(words);
    expect(describeFilterError(parsed)).toContain(`at ${position + 1}:`);
  });

  it('refuses deep nesting and very long expressions instead of overflowing', () => {
    expect(parseFilterExpression(`${'!'.repeat(500)}redelivered`).kind).toBe('error');
    expect(parseFilterExpression(`${'('.repeat(500)}size${')'.repeat(500)}`).kind).toBe('error');
    expect(parseFilterExpression(`size > 1 ${'&& size > 1 '.repeat(400)}`).kind).toBe('error');
  });

  it('never runs code: a string that looks like code is only a string', () => {
    expect(matches('body.name == "constructor"')).toBe(false);
    expect(matches('body.constructor == null')).toBe(false);
    expect(matches('body.__proto__ == null')).toBe(false);
  });
});
