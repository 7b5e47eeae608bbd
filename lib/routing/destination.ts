import { err, type Err, ok, type Ok, type Result } from '@/lib/util/result';
import { builtInExchangeType } from './exchange-types';
import {
  MAX_SHORT_STRING_BYTES,
  partialWildcardWords,
  plural,
  utf8ByteLength,
  validateBindingPattern,
  validateRoutingKey,
} from './topic';

/**
 * STOMP destinations as RabbitMQ's STOMP adapter reads them (`parse_endpoint` in
 * deps/rabbitmq_stomp/src/rabbit_stomp_processor.erl on main, rabbit_routing_util.erl in
 * deps/amqp_client on 3.10; both behave the same):
 *
 * - The destination is split on every `/`. Inside a name, `/` is written `%2F`, and that is
 *   the only escape: RabbitMQ decodes the exact upper-case text `%2F` and nothing else
 *   (`%2f`, `%20`, `%25` stay literal text), so a name cannot contain the literal text `%2F`.
 * - `/reply-queue/` is the exception: everything after it is the queue name, `/` included,
 *   because server-generated reply queue names may contain `/`.
 * - A string without any `/` is taken as a queue name (`jobs` means `/queue/jobs`).
 */

/** A parsed STOMP destination. Names are decoded (`%2F` is already `/`). */
export type Destination =
  /** `/exchange/X/pattern`: a binding pattern on SUBSCRIBE, a routing key on SEND (may be ""). */
  | { kind: 'exchange'; exchange: string; pattern: string }
  /** `/topic/pattern`: the same as `/exchange/amq.topic/pattern`. */
  | { kind: 'topic'; pattern: string }
  /** `/queue/name`: a durable queue that STOMP declares when missing. */
  | { kind: 'queue'; queue: string }
  /** `/amq/queue/name`: an existing queue; STOMP declares nothing. */
  | { kind: 'amq-queue'; queue: string }
  /** `/temp-queue/name`: only meaningful as the reply-to header of a SEND. */
  | { kind: 'temp-queue'; name: string }
  /** `/reply-queue/name`: the reply queue RabbitMQ put in a request's reply-to header. */
  | { kind: 'reply-queue'; queue: string };

/** The `kind` of a {@link Destination}. */
export type DestinationKind = Destination['kind'];

/** Result of {@link parseDestination}. */
export type ParseDestinationResult = Result<Destination>;

/**
 * Result of the validators: on success the parsed destination and advice that does not block
 * (empty when there is nothing to say).
 */
export type DestinationCheck = (Ok<Destination> & { warnings: string[] }) | Err;

/** What the destination is used for: the frame's command, or the reply-to header of a SEND. */
export type DestinationRole = 'subscribe' | 'send' | 'reply-to';

/** Every prefix RabbitMQ's STOMP adapter knows, in the order the UI should offer them. */
export const DESTINATION_PREFIXES = [
  '/topic/',
  '/exchange/',
  '/queue/',
  '/amq/queue/',
  '/temp-queue/',
  '/reply-queue/',
] as const;

const PREFIX_LIST = `${DESTINATION_PREFIXES.slice(0, -1).join(', ')} or ${DESTINATION_PREFIXES.at(-1)}`;
const REPLY_QUEUE_PREFIX = '/reply-queue/';
const EXAMPLES =
  'Enter one such as /topic/orders.# (every subscriber gets a copy) or /queue/jobs (subscribers share the messages).';

type Single = Exclude<Destination, { kind: 'exchange' }>;
/** How each single-name kind is written; `dotted` names are routing keys, whose words a "." separates. */
type SingleSpec = { prefix: string; label: string; example: string; dotted?: boolean };

const SINGLE: Record<Single['kind'], SingleSpec> = {
  topic: {
    prefix: '/topic/',
    label: 'routing key',
    example: '/topic/orders.#',
    dotted: true,
  },
  queue: { prefix: '/queue/', label: 'queue name', example: '/queue/jobs' },
  'amq-queue': { prefix: '/amq/queue/', label: 'queue name', example: '/amq/queue/jobs' },
  'temp-queue': {
    prefix: '/temp-queue/',
    label: 'temporary queue name',
    example: '/temp-queue/replies',
  },
  'reply-queue': {
    prefix: REPLY_QUEUE_PREFIX,
    label: 'reply queue name',
    example: '/reply-queue/<name from the reply-to header>',
  },
};

/**
 * Parses a destination exactly as RabbitMQ's STOMP adapter does, with a plain-words error when
 * the broker would refuse it. It accepts whatever the broker accepts, including a bare queue
 * name and names with spaces; use {@link validateSubscribeDestination},
 * {@link validateSendDestination} or {@link validateReplyTo} for what a person typed.
 *
 * @example parseDestination('/topic/orders.#') // ok({ kind: 'topic', pattern: 'orders.#' })
 * @example parseDestination('/queue/a%2Fb') // ok({ kind: 'queue', queue: 'a/b' })
 */
export function parseDestination(input: string): ParseDestinationResult {
  const parts = input.split('/');
  if (parts.length === 1) {
    if (input === '') return err(`${quote(input)}: the destination is empty. ${EXAMPLES}`);
    return ok({ kind: 'queue', queue: unescapeName(input) });
  }
  const [first, head, ...tail] = parts;
  if (first !== '') return unknownDestination(input);
  switch (head) {
    case 'exchange':
      return parseExchange(input, tail);
    case 'topic':
    case 'queue':
    case 'temp-queue':
      return parseSingle(input, head, tail);
    case 'amq':
      return tail[0] === 'queue'
        ? parseSingle(input, 'amq-queue', tail.slice(1))
        : unknownDestination(input);
    case 'reply-queue':
      return parseSingle(
        input,
        'reply-queue',
        tail.length === 0 ? [] : [input.slice(REPLY_QUEUE_PREFIX.length)],
      );
    default:
      return unknownDestination(input);
  }
}

function parseSingle(input: string, kind: Single['kind'], rest: string[]): ParseDestinationResult {
  const spec = SINGLE[kind];
  const [name] = rest;
  if (name === undefined || rest.every((piece) => piece === '')) {
    const alternative =
      kind === 'topic' ? ' (the empty routing key is only reachable as /exchange/amq.topic)' : '';
    return err(
      `${quote(input)}: the ${spec.label} is missing after ${spec.prefix}${alternative}. Write it like ${spec.example}.`,
    );
  }
  if (rest.length > 1)
    return err(slashError(input, spec.prefix, spec.label, rest, spec.dotted === true));
  return ok(single(kind, unescapeName(name)));
}

function single(kind: Single['kind'], name: string): Single {
  switch (kind) {
    case 'topic':
      return { kind, pattern: name };
    case 'temp-queue':
      return { kind, name };
    default:
      return { kind, queue: name };
  }
}

function parseExchange(input: string, rest: string[]): ParseDestinationResult {
  const [exchange, pattern] = rest;
  if (exchange === undefined || (rest.length === 1 && exchange === '')) {
    return err(
      `${quote(input)}: the exchange name is missing. Write /exchange/NAME/PATTERN, e.g. /exchange/amq.topic/orders.#.`,
    );
  }
  if (exchange === '') {
    return err(
      `${quote(input)}: the exchange name is empty. RabbitMQ's default exchange cannot be named in a STOMP destination; to reach a queue directly use /queue/NAME or /amq/queue/NAME.`,
    );
  }
  if (rest.length > 2) {
    return err(slashError(input, `/exchange/${exchange}/`, 'routing key', rest.slice(1), true));
  }
  return ok({
    kind: 'exchange',
    exchange: unescapeName(exchange),
    pattern: unescapeName(pattern ?? ''),
  });
}

/** Explains a name that was split by a raw "/" (`rest` holds the raw pieces after `prefix`). */
function slashError(
  input: string,
  prefix: string,
  label: string,
  rest: string[],
  words: boolean,
): string {
  const pieces = rest.filter((piece) => piece !== '');
  const [only] = pieces;
  if (pieces.length === 0) return `${quote(input)} has extra "/": write ${prefix.slice(0, -1)}.`;
  if (pieces.length === 1 && only !== undefined) {
    const where =
      rest.at(-1) === '' && rest.indexOf(only) === 0 ? 'a trailing "/"' : 'an extra "/"';
    return `${quote(input)} has ${where}: write ${prefix}${only}. A "/" that belongs to the ${label} must be written %2F.`;
  }
  const escaped = `${prefix}${pieces.join('%2F')}`;
  const dotted = words ? `, or use "." to separate words: ${prefix}${pieces.join('.')}` : '';
  return `${quote(input)}: a "/" inside a ${label} must be written %2F (e.g. ${escaped})${dotted}`;
}

function unknownDestination(input: string): ParseDestinationResult {
  const q = quote(input);
  const lower = input.toLowerCase();
  const prefix = DESTINATION_PREFIXES.find((p) => lower.startsWith(p) && !input.startsWith(p));
  if (prefix) {
    return err(
      `${q}: destination prefixes are lower-case: write ${prefix}${input.slice(prefix.length)}.`,
    );
  }
  if (!input.startsWith('/') && parseDestination(`/${input}`).ok) {
    return err(`${q}: a destination starts with "/": write /${input}.`);
  }
  if (lower.startsWith('/amq/')) {
    return err(
      `${q}: the only /amq/ destination is /amq/queue/NAME (an existing queue), e.g. /amq/queue/jobs.`,
    );
  }
  return err(
    `${q}: unknown destination type. A destination starts with ${PREFIX_LIST}. ${EXAMPLES}`,
  );
}

/** RabbitMQ decodes the exact text `%2F` and nothing else. */
function unescapeName(raw: string): string {
  return raw.replaceAll('%2F', '/');
}

function escapeName(name: string): string {
  return name.replaceAll('/', '%2F');
}

/**
 * Writes a destination back as text, escaping `/` in names as `%2F`, so that
 * `parseDestination(formatDestination(d))` gives `d` back. It does not validate: names must be
 * non-empty where the kind needs one, and no name can contain the literal text `%2F` (RabbitMQ
 * has no escape for it). Two forms are normalised: an exchange destination with an empty
 * pattern is written `/exchange/X`, and a `topic` with an empty pattern, which `/topic/`
 * cannot express, is written `/exchange/amq.topic`. A reply queue keeps its `/` as is, as
 * RabbitMQ writes it in reply-to headers.
 *
 * @example formatDestination({ kind: 'topic', pattern: 'a/b' }) // '/topic/a%2Fb'
 */
export function formatDestination(value: Destination): string {
  switch (value.kind) {
    case 'exchange':
      return `/exchange/${escapeName(value.exchange)}${value.pattern === '' ? '' : `/${escapeName(value.pattern)}`}`;
    case 'topic':
      return value.pattern === '' ? '/exchange/amq.topic' : `/topic/${escapeName(value.pattern)}`;
    case 'queue':
      return `/queue/${escapeName(value.queue)}`;
    case 'amq-queue':
      return `/amq/queue/${escapeName(value.queue)}`;
    case 'temp-queue':
      return `/temp-queue/${escapeName(value.name)}`;
    case 'reply-queue':
      return `${REPLY_QUEUE_PREFIX}${value.queue}`;
  }
}

/**
 * Checks a destination a person typed for SUBSCRIBE: everything {@link parseDestination}
 * checks, plus what would break the frame or make the broker close the connection, with advice
 * in `warnings` (literal wildcards, reserved `amq.` queue names, escapes RabbitMQ ignores).
 *
 * @example validateSubscribeDestination('/temp-queue/x') // err('"/temp-queue/x": ...')
 */
export function validateSubscribeDestination(input: string): DestinationCheck {
  return validateDestination(input, 'subscribe');
}

/**
 * Checks a destination a person typed for SEND, like {@link validateSubscribeDestination};
 * a routing key with `*` or `#` is accepted with a warning, since on SEND it is literal.
 */
export function validateSendDestination(input: string): DestinationCheck {
  return validateDestination(input, 'send');
}

/**
 * Checks the reply-to header of a SEND. `/temp-queue/NAME` is the usual value: RabbitMQ swaps
 * it for a private reply queue and delivers the replies to this connection. Any other valid
 * destination passes through unchanged; one RabbitMQ cannot parse makes it fail the SEND.
 */
export function validateReplyTo(input: string): DestinationCheck {
  return validateDestination(input, 'reply-to');
}

function validateDestination(input: string, role: DestinationRole): DestinationCheck {
  const q = quote(input);
  if (input === '') return err(`The destination is empty. ${EXAMPLES}`);
  if (input.trim() === '') return err(`The destination is only whitespace. ${EXAMPLES}`);

  const control = /[\u0000-\u001f\u007f]/.exec(input);
  if (control) {
    return err(
      `${q} contains ${describeControl(control[0])} at position ${control.index + 1}. A destination travels in a STOMP header, where line breaks, NUL and other control characters break the frame: remove it.`,
    );
  }
  if (input.trim() !== input) {
    return err(
      `${q} starts or ends with whitespace, which RabbitMQ would keep as part of the name: write ${quote(input.trim())}.`,
    );
  }
  if (!input.isWellFormed()) {
    return err(
      `${q} contains an unpaired UTF-16 surrogate, which cannot be sent as UTF-8: retype the character.`,
    );
  }
  if (!input.includes('/')) {
    return err(
      `${q}: a destination starts with "/". RabbitMQ would read a bare name as the queue /queue/${input}: write /queue/${input} for that queue, or /topic/${input} for the routing key ${input}.`,
    );
  }

  const parsed = parseDestination(input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;

  const refusal =
    checkWhitespace(q, value) ?? refuseForRole(q, value, role) ?? checkLengths(q, value, role);
  if (refusal) return err(refusal);
  return { ok: true, value, warnings: [...escapeWarnings(input), ...roleWarnings(value, role)] };
}

function checkWhitespace(q: string, value: Destination): string | undefined {
  const trimmed = mapNames(value, (name) => name.trim());
  const suggestion = formatDestination(trimmed);
  if (suggestion === formatDestination(value)) return undefined;
  const fix = parseDestination(suggestion).ok ? `write ${suggestion}` : 'remove the whitespace';
  return `${q}: a name starts or ends with whitespace, which RabbitMQ would keep as part of the name: ${fix}.`;
}

function mapNames(value: Destination, map: (name: string) => string): Destination {
  switch (value.kind) {
    case 'exchange':
      return { ...value, exchange: map(value.exchange), pattern: map(value.pattern) };
    case 'topic':
      return { ...value, pattern: map(value.pattern) };
    case 'temp-queue':
      return { ...value, name: map(value.name) };
    default:
      return { ...value, queue: map(value.queue) };
  }
}

function refuseForRole(q: string, value: Destination, role: DestinationRole): string | undefined {
  if (value.kind === 'temp-queue' && role === 'subscribe') {
    return `${q}: /temp-queue/ only works as the reply-to header of a SEND; RabbitMQ then creates a private queue and delivers the replies to this connection without a SUBSCRIBE. To receive messages, subscribe to /queue/${escapeName(value.name)} (shared) or /topic/${escapeName(value.name)} (a copy for each subscriber).`;
  }
  if (value.kind === 'temp-queue' && role === 'send') {
    return `${q}: you cannot SEND to /temp-queue/; put it in the reply-to header of a SEND and the replies arrive on this connection. To answer a request, SEND to the /reply-queue/... destination from its reply-to header.`;
  }
  if (value.kind === 'reply-queue' && role === 'subscribe') {
    return `${q}: /reply-queue/ is for sending an answer to a request. That queue belongs to the requesting connection (it is exclusive), so subscribing to it from here closes this connection. To consume from an existing queue, use /amq/queue/NAME.`;
  }
  return undefined;
}

function checkLengths(q: string, value: Destination, role: DestinationRole): string | undefined {
  switch (value.kind) {
    case 'exchange':
      return checkName(q, 'exchange name', value.exchange) ?? checkPattern(q, value.pattern, role);
    case 'topic':
      return checkPattern(q, value.pattern, role);
    case 'queue':
    case 'amq-queue':
    case 'reply-queue':
      return checkName(q, 'queue name', value.queue);
    case 'temp-queue':
      return undefined;
  }
}

function checkName(q: string, label: string, name: string): string | undefined {
  const bytes = utf8ByteLength(name);
  if (bytes <= MAX_SHORT_STRING_BYTES) return undefined;
  return `${q}: the ${label} is ${plural(bytes, 'byte')} in UTF-8; RabbitMQ allows at most ${MAX_SHORT_STRING_BYTES}. Shorten it by ${plural(bytes - MAX_SHORT_STRING_BYTES, 'byte')}.`;
}

function checkPattern(q: string, pattern: string, role: DestinationRole): string | undefined {
  const result =
    role === 'subscribe'
      ? validateBindingPattern(pattern, { allowSlash: true })
      : validateRoutingKey(pattern, { allowSlash: true });
  return result.ok ? undefined : `${q}: ${lowerFirst(result.error)}`;
}

function escapeWarnings(input: string): string[] {
  const ignored = [...new Set(input.match(/%[0-9A-Fa-f]{2}/g) ?? [])].filter(
    (escape) => escape !== '%2F',
  );
  if (ignored.length === 0) return [];
  const list = ignored.map((escape) => `"${escape}"`).join(', ');
  return [
    `RabbitMQ decodes only "%2F" (upper-case) in a destination; ${list} ${ignored.length === 1 ? 'stays' : 'stay'} as literal text in the name.${ignored.some((e) => e.toUpperCase() === '%2F') ? ' Write %2F for a "/".' : ''}`,
  ];
}

function roleWarnings(value: Destination, role: DestinationRole): string[] {
  const warnings: string[] = [];
  if (value.kind === 'topic' || value.kind === 'exchange') {
    const exchange = value.kind === 'topic' ? 'amq.topic' : value.exchange;
    const type = exchange === '' ? undefined : builtInExchangeType(exchange);
    const shown = formatDestination(value);
    if (role === 'send' && /[*#]/.test(value.pattern)) {
      warnings.push(
        `On SEND, "*" and "#" are not wildcards: the message is published with the literal routing key "${value.pattern}" and reaches only subscriptions whose pattern matches that exact text (such as # or ${value.pattern}).`,
      );
    }
    if (role === 'subscribe') {
      if (type === 'fanout' && value.pattern !== '') {
        warnings.push(
          `${exchange} is a fanout exchange: it ignores the pattern "${value.pattern}" and delivers every message. Write /exchange/${exchange}.`,
        );
      } else if (type === 'direct' && /[*#]/.test(value.pattern)) {
        warnings.push(
          `${exchange} is a direct exchange: it compares the key "${value.pattern}" literally, so "*" and "#" are not wildcards there. Use /topic/${escapeName(value.pattern)} for wildcards.`,
        );
      } else if (type === 'topic' && value.pattern === '') {
        warnings.push(
          `With an empty pattern, ${shown} only receives messages published with an empty routing key. Use /topic/# for every message.`,
        );
      }
      const partial = partialWildcardWords(value.pattern);
      if (partial.length > 0 && type !== 'direct' && type !== 'fanout') {
        warnings.push(
          `In the pattern "${value.pattern}", ${partial.map((w) => `"${w}"`).join(', ')} ${partial.length === 1 ? 'is' : 'are'} matched literally: "*" and "#" are wildcards only as a whole word between dots (e.g. orders.* or orders.#).`,
        );
      }
    }
  }
  if (value.kind === 'queue' && role !== 'reply-to') {
    if (value.queue.startsWith('amq.')) {
      warnings.push(
        `Queue names starting with "amq." are reserved: /queue/ declares the queue, which RabbitMQ refuses (ACCESS_REFUSED, closing the connection) unless ${value.queue} already exists. Use /amq/queue/${escapeName(value.queue)} for an existing queue, or choose another name.`,
      );
    }
    if (role === 'subscribe' && /[*#]/.test(value.queue)) {
      warnings.push(
        `"${value.queue}" is a literal queue name: wildcards only work in /topic/ and /exchange/ patterns. To receive every message matching it, subscribe to /topic/${escapeName(value.queue)}.`,
      );
    }
  }
  return warnings;
}

function describeControl(char: string): string {
  switch (char) {
    case '\u0000':
      return 'a NUL character';
    case '\n':
      return 'a line break (\\n)';
    case '\r':
      return 'a carriage return (\\r)';
    case '\t':
      return 'a tab';
    default:
      return `the control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
}

/** The input in double quotes, shortened when long, with control characters made visible. */
function quote(input: string): string {
  const shown = input.length > 80 ? `${input.slice(0, 60)}…${input.slice(-10)}` : input;
  return JSON.stringify(shown);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
