import { describe, expect, it } from 'vitest';
import {
  compileTopicPattern,
  matchesTopic,
  partialWildcardWords,
  splitTopicWords,
  utf8ByteLength,
  validateBindingPattern,
  validateRoutingKey,
} from './topic';

/**
 * RabbitMQ's own table: `topic_matching1` in deps/rabbit/test/unit_access_control_SUITE.erl
 * (identical on 3.10 and main). Bindings in declaration order; t27 is bound twice with
 * different arguments ("Note aliasing").
 */
const RABBIT_BINDINGS: ReadonlyArray<readonly [pattern: string, queue: string]> = [
  ['a.b.c', 't1'],
  ['a.*.c', 't2'],
  ['a.#.b', 't3'],
  ['a.b.b.c', 't4'],
  ['#', 't5'],
  ['#.#', 't6'],
  ['#.b', 't7'],
  ['*.*', 't8'],
  ['a.*', 't9'],
  ['*.b.c', 't10'],
  ['a.#', 't11'],
  ['a.#.#', 't12'],
  ['b.b.c', 't13'],
  ['a.b.b', 't14'],
  ['a.b', 't15'],
  ['b.c', 't16'],
  ['', 't17'],
  ['*.*.*', 't18'],
  ['vodka.martini', 't19'],
  ['a.b.c', 't20'],
  ['*.#', 't21'],
  ['#.*.#', 't22'],
  ['*.#.#', 't23'],
  ['#.#.#', 't24'],
  ['*', 't25'],
  ['#.b.#', 't26'],
  ['args-test', 't27'],
  ['args-test', 't27'],
];

/** First `test_topic_expect_match` call: all bindings present. */
const RABBIT_EXPECTED: ReadonlyArray<readonly [key: string, queues: string[]]> = [
  [
    'a.b.c',
    ['t1', 't2', 't5', 't6', 't10', 't11', 't12', 't18', 't20', 't21', 't22', 't23', 't24', 't26'],
  ],
  [
    'a.b',
    ['t3', 't5', 't6', 't7', 't8', 't9', 't11', 't12', 't15', 't21', 't22', 't23', 't24', 't26'],
  ],
  [
    'a.b.b',
    ['t3', 't5', 't6', 't7', 't11', 't12', 't14', 't18', 't21', 't22', 't23', 't24', 't26'],
  ],
  ['', ['t5', 't6', 't17', 't24']],
  ['b.c.c', ['t5', 't6', 't18', 't21', 't22', 't23', 't24', 't26']],
  ['a.a.a.a.a', ['t5', 't6', 't11', 't12', 't21', 't22', 't23', 't24']],
  ['vodka.gin', ['t5', 't6', 't8', 't21', 't22', 't23', 't24']],
  ['vodka.martini', ['t5', 't6', 't8', 't19', 't21', 't22', 't23', 't24']],
  ['b.b.c', ['t5', 't6', 't10', 't13', 't18', 't21', 't22', 't23', 't24', 't26']],
  ['nothing.here.at.all', ['t5', 't6', 't21', 't22', 't23', 't24']],
  ['oneword', ['t5', 't6', 't21', 't22', 't23', 't24', 't25']],
  ['args-test', ['t5', 't6', 't21', 't22', 't23', 't24', 't25', 't27']],
];

/** Bindings 1, 5, 11, 19, 21 and 28 (1-based) are removed before the second check. */
const RABBIT_REMOVED = [1, 5, 11, 19, 21, 28];

/** Second `test_topic_expect_match` call: after the removal. */
const RABBIT_EXPECTED_AFTER_REMOVAL: ReadonlyArray<readonly [key: string, queues: string[]]> = [
  ['a.b.c', ['t2', 't6', 't10', 't12', 't18', 't20', 't22', 't23', 't24', 't26']],
  ['a.b', ['t3', 't6', 't7', 't8', 't9', 't12', 't15', 't22', 't23', 't24', 't26']],
  ['a.b.b', ['t3', 't6', 't7', 't12', 't14', 't18', 't22', 't23', 't24', 't26']],
  ['', ['t6', 't17', 't24']],
  ['b.c.c', ['t6', 't18', 't22', 't23', 't24', 't26']],
  ['a.a.a.a.a', ['t6', 't12', 't22', 't23', 't24']],
  ['vodka.gin', ['t6', 't8', 't22', 't23', 't24']],
  ['vodka.martini', ['t6', 't8', 't22', 't23', 't24']],
  ['b.b.c', ['t6', 't10', 't13', 't18', 't22', 't23', 't24', 't26']],
  ['nothing.here.at.all', ['t6', 't22', 't23', 't24']],
  ['oneword', ['t6', 't22', 't23', 't24', 't25']],
  ['args-test', ['t6', 't22', 't23', 't24', 't25', 't27']],
];

function route(bindings: ReadonlyArray<readonly [string, string]>, key: string): string[] {
  const queues = new Set(
    bindings.filter(([pattern]) => matchesTopic(pattern, key)).map(([, q]) => q),
  );
  return [...queues].sort();
}

describe("RabbitMQ's topic_matching1 table", () => {
  it.each(RABBIT_EXPECTED)('routes %j to exactly the expected queues', (key, queues) => {
    expect(route(RABBIT_BINDINGS, key)).toEqual([...queues].sort());
  });

  const remaining = RABBIT_BINDINGS.filter((_, index) => !RABBIT_REMOVED.includes(index + 1));
  it.each(RABBIT_EXPECTED_AFTER_REMOVAL)(
    'after removing some bindings, routes %j to exactly the expected queues',
    (key, queues) => {
      expect(route(remaining, key)).toEqual([...queues].sort());
    },
  );
});

describe('splitTopicWords', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a.b', ['a', 'b']],
    ['a..b', ['a', '', 'b']],
    ['.', ['', '']],
    ['.a', ['', 'a']],
    ['a.', ['a', '']],
    ['..', ['', '', '']],
  ])('splits %j into %j', (text, words) => {
    expect(splitTopicWords(text)).toEqual(words);
  });
});

describe('matchesTopic edge cases', () => {
  it.each([
    // The empty key is zero words.
    ['', '', true],
    ['#', '', true],
    ['#.#', '', true],
    ['*', '', false],
    ['*.#', '', false],
    ['a', '', false],
    ['', 'a', false],
    // "." is two empty words; "*" matches an empty word.
    ['*.*', '.', true],
    ['*', '.', false],
    ['#', '.', true],
    ['.', '.', true],
    ['', '.', false],
    ['*.#', '.', true],
    // Empty words in the middle.
    ['a.*.b', 'a..b', true],
    ['a.#.b', 'a..b', true],
    ['a.b', 'a..b', false],
    ['a..b', 'a..b', true],
    ['a..b', 'a.b', false],
    ['a.#.b', 'a.b', true],
    ['a.*.b', 'a.b', false],
    // Leading and trailing dots.
    ['*.a', '.a', true],
    ['#.a', '.a', true],
    ['a', '.a', false],
    ['.a', 'a', false],
    ['a.*', 'a.', true],
    ['a.#', 'a.', true],
    ['a', 'a.', false],
    ['a.', 'a', false],
    ['a.#', 'a', true],
    ['#.a', 'a', true],
    // "#.#" matches everything; "*.#.*" needs at least two words.
    ['#.#', 'a.b.c', true],
    ['#.#', '..', true],
    ['*.#.*', 'a', false],
    ['*.#.*', '', false],
    ['*.#.*', 'a.b', true],
    ['*.#.*', 'a.b.c.d', true],
    ['*.#.*', '.', true],
    ['#.*.#', '', false],
    ['#.*.#', 'x', true],
    ['#.b.#', 'b', true],
    ['#.b.#', 'a.c', false],
    ['a.#.#.b', 'a.b', true],
    ['a.#.c.#.e', 'a.b.c.d.e', true],
    ['a.#.c.#.e', 'a.b.d.e', false],
    // Wildcards inside a longer word are plain text.
    ['a*', 'ab', false],
    ['a*', 'a*', true],
    ['#a', 'xa', false],
    ['#a', '#a', true],
    ['a.b*', 'a.b', false],
    // A routing key is literal: "*" in a key is just a character.
    ['a.b', 'a.*', false],
    ['a.*', 'a.*', true],
    ['a.#', 'a.#', true],
    ['#', '#', true],
    // Unicode words compare exactly, without normalisation.
    ['commandes.*', 'commandes.été', true],
    ['🦊.#', '🦊.a.b', true],
    ['🦊.*', '🦊', false],
    ['é', 'e\u0301', false],
    ['日本.*.東京', '日本.関東.東京', true],
    // Case matters.
    ['Orders.*', 'orders.x', false],
  ])('pattern %j against key %j is %s', (pattern, key, expected) => {
    expect(matchesTopic(pattern, key)).toBe(expected);
    expect(compileTopicPattern(pattern)(key)).toBe(expected);
  });

  it('stays fast on patterns that would make a backtracking matcher explode', () => {
    const pattern = `${'#.'.repeat(120)}x`;
    const key = Array.from({ length: 127 }, () => 'a').join('.');
    const started = performance.now();
    expect(matchesTopic(pattern, key)).toBe(false);
    expect(matchesTopic(`${'#.*.'.repeat(60)}#`, key)).toBe(true);
    expect(matchesTopic(`${'#.a.'.repeat(60)}b`, key)).toBe(false);
    expect(matchesTopic(`${'*.#.'.repeat(64)}*`, key)).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('agrees with a brute-force reference on every small pattern and key', () => {
    const reference = (p: string[], k: string[]): boolean => {
      if (p.length === 0) return k.length === 0;
      const [head, ...rest] = p;
      if (head === '#') return k.some((_, i) => reference(rest, k.slice(i))) || reference(rest, []);
      if (k.length === 0) return false;
      return (head === '*' || head === k[0]) && reference(rest, k.slice(1));
    };
    const words = ['a', 'b', '', '*', '#'];
    const all: string[][] = [[]];
    for (let length = 1; length <= 3; length++) {
      for (const prefix of all.filter((w) => w.length === length - 1)) {
        for (const word of words) all.push([...prefix, word]);
      }
    }
    // A single empty word is not expressible: "" is zero words.
    const texts = [...new Set(all.map((w) => w.join('.')))];
    let checked = 0;
    for (const pattern of texts) {
      const matcher = compileTopicPattern(pattern);
      for (const key of texts.filter((text) => !text.includes('*') && !text.includes('#'))) {
        expect(matcher(key), `${JSON.stringify(pattern)} vs ${JSON.stringify(key)}`).toBe(
          reference(splitTopicWords(pattern), splitTopicWords(key)),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('partialWildcardWords', () => {
  it.each([
    ['orders.#', []],
    ['orders*.#', ['orders*']],
    ['a.b#c.*', ['b#c']],
    ['**', ['**']],
    ['', []],
  ])('finds the literal wildcard words of %j', (pattern, words) => {
    expect(partialWildcardWords(pattern)).toEqual(words);
  });
});

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['🦊', 4],
    ['\ud800', 3],
  ])('counts %j as %i bytes', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe('validateRoutingKey and validateBindingPattern', () => {
  it('accept keys and patterns up to 255 bytes, empty ones included', () => {
    expect(validateRoutingKey('')).toEqual({ ok: true });
    expect(validateRoutingKey('a'.repeat(255))).toEqual({ ok: true });
    expect(validateRoutingKey(`${'é'.repeat(127)}a`)).toEqual({ ok: true });
    expect(validateBindingPattern('#')).toEqual({ ok: true });
    expect(validateBindingPattern('*.'.repeat(127) + '#')).toEqual({ ok: true });
  });

  it('refuse 256 bytes and say how long the key is', () => {
    expect(validateRoutingKey('a'.repeat(256))).toEqual({
      ok: false,
      error:
        'The routing key is 256 bytes; RabbitMQ allows at most 255 bytes. Shorten it by 1 byte.',
    });
  });

  it('count bytes, not characters', () => {
    const result = validateBindingPattern('é'.repeat(128));
    expect(result).toEqual({
      ok: false,
      error:
        'The binding pattern is 256 bytes in UTF-8 (128 characters); RabbitMQ allows at most 255 bytes. Shorten it by 1 byte.',
    });
  });

  it('explain that a "/" must be written %2F in a STOMP destination', () => {
    expect(validateRoutingKey('a/b')).toEqual({
      ok: false,
      error:
        'The routing key "a/b" contains "/", which a STOMP destination cannot carry as is: write it as %2F (a%2Fb), or use "." to separate words (a.b).',
    });
    expect(validateBindingPattern('logs/#')).toMatchObject({ ok: false });
    expect(validateRoutingKey('a/b', { allowSlash: true })).toEqual({ ok: true });
  });

  it('refuse text that cannot be encoded as UTF-8', () => {
    const result = validateRoutingKey('a\ud800b');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('unpaired UTF-16 surrogate');
  });
});
