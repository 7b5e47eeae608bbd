/**
 * RabbitMQ topic-exchange matching, word for word as the broker does it
 * (deps/rabbit/src/rabbit_db_topic_exchange.erl: `split_topic_key` and `trie_match`).
 *
 * - Words are separated by `.`, and empty words count: `a..b` is three words, `a.` is two
 *   (`a` and an empty word), `.` is two empty words. The empty string is zero words.
 * - In a binding pattern, a word that is exactly `*` matches exactly one word (an empty one too),
 *   and a word that is exactly `#` matches zero or more words. `*` or `#` inside a longer word
 *   (`orders*`) is plain text.
 * - A routing key is always literal: `*` and `#` in it are just characters.
 * - Keys and patterns are at most 255 bytes of UTF-8 (an AMQP short string).
 */
import { err, ok, type Result } from '@/lib/util/result';

/** Validation result of a routing key or binding pattern. */
export type TopicValidation = Result<void>;

/** Options for {@link validateRoutingKey} and {@link validateBindingPattern}. */
export type TopicValidationOptions = {
  /**
   * The text was already decoded from a STOMP destination, where a `/` was written `%2F`,
   * so a `/` in it is fine. Leave unset for text that will be pasted into a destination.
   */
  allowSlash?: boolean;
};

/** The longest routing key, binding pattern, queue or exchange name RabbitMQ accepts, in UTF-8 bytes. */
export const MAX_SHORT_STRING_BYTES = 255;

/**
 * Splits a routing key or binding pattern into words exactly like RabbitMQ:
 * on every `.`, keeping empty words; the empty string is zero words.
 *
 * @example splitTopicWords('a..b') // ['a', '', 'b']
 * @example splitTopicWords('') // []
 */
export function splitTopicWords(text: string): string[] {
  return text === '' ? [] : text.split('.');
}

/**
 * Whether a message published with `routingKey` reaches a queue bound to a topic exchange
 * with `pattern`, with RabbitMQ's exact semantics (see the module comment).
 *
 * Runs in O(pattern words × key words) at worst, with no backtracking, so hostile patterns such
 * as `#.#.#.#.x` stay cheap. To match one pattern against many keys, use
 * {@link compileTopicPattern}, which splits the pattern once.
 *
 * @example matchesTopic('orders.#', 'orders') // true: # matches zero words
 * @example matchesTopic('orders.*', 'orders') // false: * needs exactly one word
 * @example matchesTopic('a.*.c', 'a..c') // true: the middle word is empty
 */
export function matchesTopic(pattern: string, routingKey: string): boolean {
  return compileTopicPattern(pattern)(routingKey);
}

/**
 * Prepares `pattern` once and returns a function that tells whether a routing key matches it
 * (same semantics as {@link matchesTopic}). Patterns without wildcard words become a string
 * comparison, and patterns made only of `#` words match everything.
 */
export function compileTopicPattern(pattern: string): (routingKey: string) => boolean {
  const words = splitTopicWords(pattern);
  if (!words.some((word) => word === '*' || word === '#')) {
    // Splitting is one-to-one, so equal word lists means equal strings.
    return (routingKey) => routingKey === pattern;
  }
  if (words.every((word) => word === '#')) return () => true;
  const hasHash = words.includes('#');
  const wordsNeeded = words.filter((word) => word !== '#').length;
  return (routingKey) => {
    const keyWords = splitTopicWords(routingKey);
    if (keyWords.length < wordsNeeded) return false;
    if (!hasHash && keyWords.length !== wordsNeeded) return false;
    return matchWords(words, keyWords);
  };
}

/**
 * Dynamic programming over key positions: `reach[j]` says the pattern words seen so far can
 * consume exactly the first `j` key words.
 */
function matchWords(patternWords: readonly string[], keyWords: readonly string[]): boolean {
  const n = keyWords.length;
  let reach = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  reach[0] = 1;
  for (const word of patternWords) {
    next.fill(0);
    let alive = false;
    if (word === '#') {
      let seen = false;
      for (let j = 0; j <= n; j++) {
        if (reach[j] === 1) seen = true;
        if (seen) next[j] = 1;
      }
      alive = seen;
    } else {
      for (let j = 0; j < n; j++) {
        if (reach[j] === 1 && (word === '*' || keyWords[j] === word)) {
          next[j + 1] = 1;
          alive = true;
        }
      }
    }
    if (!alive) return false;
    [reach, next] = [next, reach];
  }
  return reach[n] === 1;
}

/**
 * The words of `pattern` that contain `*` or `#` without being exactly `*` or `#`. RabbitMQ
 * matches those literally, which is rarely what the author meant.
 *
 * @example partialWildcardWords('orders*.#') // ['orders*']
 */
export function partialWildcardWords(pattern: string): string[] {
  return splitTopicWords(pattern).filter(
    (word) => word !== '*' && word !== '#' && (word.includes('*') || word.includes('#')),
  );
}

/**
 * Number of bytes `text` takes in UTF-8, the unit of RabbitMQ's 255-byte limits.
 * An unpaired surrogate counts as the 3 bytes of U+FFFD, as `TextEncoder` writes it.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `1 byte`, `2 bytes`: for messages a person reads. */
export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Checks a routing key (what a publisher sends) against RabbitMQ's limits: at most 255 bytes
 * of UTF-8 and encodable as UTF-8. A `/` is refused unless `options.allowSlash`, because a STOMP
 * destination cannot carry it as is: it must be written `%2F` there.
 *
 * @example validateRoutingKey('orders.created') // ok(undefined)
 */
export function validateRoutingKey(
  key: string,
  options: TopicValidationOptions = {},
): TopicValidation {
  return validateTopicText('routing key', key, options);
}

/**
 * Checks a binding pattern (what a subscriber binds with) against RabbitMQ's limits, like
 * {@link validateRoutingKey}. Any text is a valid pattern for RabbitMQ; wildcards are only
 * special as whole words (see {@link partialWildcardWords}).
 */
export function validateBindingPattern(
  pattern: string,
  options: TopicValidationOptions = {},
): TopicValidation {
  return validateTopicText('binding pattern', pattern, options);
}

function validateTopicText(
  label: string,
  text: string,
  options: TopicValidationOptions,
): TopicValidation {
  if (!text.isWellFormed()) {
    return err(
      `The ${label} contains an unpaired UTF-16 surrogate, which cannot be encoded as UTF-8. Remove it or retype the character.`,
    );
  }
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_SHORT_STRING_BYTES) {
    const characters = [...text].length;
    const size =
      characters === bytes
        ? `${bytes} bytes`
        : `${bytes} bytes in UTF-8 (${characters} characters)`;
    return err(
      `The ${label} is ${size}; RabbitMQ allows at most ${MAX_SHORT_STRING_BYTES} bytes. Shorten it by ${plural(bytes - MAX_SHORT_STRING_BYTES, 'byte')}.`,
    );
  }
  if (!options.allowSlash && text.includes('/')) {
    return err(
      `The ${label} "${text}" contains "/", which a STOMP destination cannot carry as is: write it as %2F (${text.replaceAll('/', '%2F')}), or use "." to separate words (${text.replaceAll('/', '.')}).`,
    );
  }
  return ok(undefined);
}
