/**
 * Filter expressions for a pane's `Filter` box: `body.order.total > 100`,
 * `headers["content-type"] == "application/json"`, `routingKey matches "^eu\\."`, `redelivered`,
 * `size > 1024`, combined with `&&`, `||`, `!`, parentheses and `in [..]`.
 *
 * A small recursive-descent parser reads the text into a tree, compiled into closures once
 * (`filter-evaluate.ts`); nothing is ever evaluated as code (no `eval`, no `new Function`: the
 * CSP forbids them, and so do we). A field that is missing is simply not a match. Plain text
 * that does not look like an expression keeps the substring search (see `compileFilter` in
 * `pane-store.ts` and `text-filter.ts`).
 *
 * @example
 * const parsed = parseFilterExpression('body.items[0].sku == "A-1" && !redelivered');
 * if (parsed.kind === 'expression') messages.filter(parsed.matches);
 */
import { err, errorMessage, ok } from '@/lib/util/result';
import type { PaneMessage } from './message';
import { compilePredicate, compileReader } from './filter-evaluate';
import type { MessagePredicate } from './filtered-view';
import { FilterSyntaxError, tokenize, type Token } from './filter-tokens';

/** What the filter box holds: plain text, a valid expression, or an expression with an error. */
export type ParsedFilter =
  | { kind: 'text' }
  | { kind: 'expression'; matches: MessagePredicate }
  | { kind: 'error'; message: string; position: number };

/** The names an expression starts from. */
const ROOTS = [
  'body',
  'headers',
  'routingKey',
  'destination',
  'redelivered',
  'size',
  'seq',
] as const;
/** A name an expression starts from (`body`, `headers`, …). */
export type FilterRoot = (typeof ROOTS)[number];
type Root = FilterRoot;

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

// ── Syntax tree ───────────────────────────────────────────────────────────

/** One step of a path: a field name or an array index. */
export type FilterPathStep = string | number;
type PathStep = FilterPathStep;
/** The syntax tree of an expression, compiled into a predicate by `filter-evaluate.ts`. */
export type FilterNode =
  | { type: 'literal'; value: unknown }
  | { type: 'path'; root: Root; steps: PathStep[] }
  | { type: 'list'; items: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'and' | 'or'; left: Node; right: Node }
  | { type: 'compare'; op: string; left: Node; right: Node; regex?: RegExp };
type Node = FilterNode;

const COMPARISONS = ['==', '!=', '>', '>=', '<', '<='];
const WORD_OPERATORS = ['contains', 'matches', 'in'];

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new FilterSyntaxError(`unexpected "${rest.text}"`, rest.at);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private expect(text: string, what: string): Token {
    const token = this.peek();
    if (token.text !== text || token.kind === 'string')
      throw new FilterSyntaxError(`expected ${what}`, token.at);
    return this.next();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH)
      throw new FilterSyntaxError('the expression is nested too deeply', this.peek().at);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): Node {
    let left = this.and();
    while (this.peek().text === '||' && this.peek().kind === 'op') {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.peek().text === '&&' && this.peek().kind === 'op') {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek().kind === 'op' && this.peek().text === '!') {
      this.next();
      return this.nested(() => ({ type: 'not', operand: this.unary() }));
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.primary();
    const token = this.peek();
    const symbolic = token.kind === 'op' && COMPARISONS.includes(token.text);
    const word = token.kind === 'ident' && WORD_OPERATORS.includes(token.text);
    if (!symbolic && !word) return left;
    this.next();
    const right = this.primary();
    if (token.text === 'matches') {
      if (right.type !== 'literal' || typeof right.value !== 'string') {
        throw new FilterSyntaxError(
          'matches needs a regular expression in quotes, e.g. matches "^eu\\."',
          token.at,
        );
      }
      try {
        return { type: 'compare', op: 'matches', left, right, regex: new RegExp(right.value, 'u') };
      } catch (error) {
        const reason = errorMessage(error);
        throw new FilterSyntaxError(`not a valid regular expression (${reason})`, token.at);
      }
    }
    if (token.text === 'in' && right.type !== 'list')
      throw new FilterSyntaxError('in needs a list, e.g. in ["eu", "us"]', token.at);
    return { type: 'compare', op: token.text, left, right };
  }

  private primary(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value };
      case 'ident':
        if (token.text === 'true' || token.text === 'false')
          return { type: 'literal', value: token.text === 'true' };
        if (token.text === 'null') return { type: 'literal', value: null };
        if ((ROOTS as readonly string[]).includes(token.text)) return this.path(token.text as Root);
        throw new FilterSyntaxError(
          `unknown name "${token.text}"; start from ${ROOTS.join(', ')}`,
          token.at,
        );
      case 'punct':
        if (token.text === '(') {
          const inner = this.nested(() => this.or());
          this.expect(')', '")"');
          return inner;
        }
        if (token.text === '[') return this.list();
        break;
      case 'end':
        throw new FilterSyntaxError('the expression ends too early', token.at);
      default:
        break;
    }
    throw new FilterSyntaxError(`unexpected "${token.text}"`, token.at);
  }

  private list(): Node {
    const items: Node[] = [];
    if (this.peek().text === ']') {
      this.next();
      return { type: 'list', items };
    }
    for (;;) {
      const item = this.primary();
      if (item.type !== 'literal')
        throw new FilterSyntaxError(
          'a list holds numbers, strings, true, false or null',
          this.peek().at,
        );
      items.push(item);
      const token = this.next();
      if (token.text === ']') return { type: 'list', items };
      if (token.text !== ',') throw new FilterSyntaxError('expected "," or "]"', token.at);
    }
  }

  private path(root: Root): Node {
    const steps: PathStep[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'punct' && token.text === '.') {
        this.next();
        const name = this.next();
        if (name.kind !== 'ident')
          throw new FilterSyntaxError('expected a field name after "."', name.at);
        steps.push(name.text);
      } else if (token.kind === 'punct' && token.text === '[') {
        this.next();
        const key = this.next();
        if (key.kind === 'number' && Number.isInteger(key.value)) steps.push(key.value as number);
        else if (key.kind === 'string') steps.push(key.value as string);
        else throw new FilterSyntaxError('expected an index or a quoted name inside [ ]', key.at);
        this.expect(']', '"]"');
      } else {
        return { type: 'path', root, steps };
      }
    }
  }
}

// ── Entry point ───────────────────────────────────────────────────────────

/**
 * Whether the text is meant as an expression: it starts with `!` or `(`, or with one of the
 * names an expression starts from followed by `.`, `[`, an operator or nothing. So `body.i > 5`
 * and `redelivered` are expressions, while `body of the order` and `error` stay plain text.
 */
export function looksLikeExpression(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith('!') || trimmed.startsWith('(')) return true;
  const match = /^([A-Za-z]+)\s*(.?)/.exec(trimmed);
  if (!match || !(ROOTS as readonly string[]).includes(match[1]!)) return false;
  const after = trimmed.slice(match[1]!.length).trimStart();
  if (after === '') return true;
  return /^(\.|\[|==|!=|>|<|&&|\|\||contains\b|matches\b|in\b)/.test(after);
}

/** Parses the filter box's text: plain text, or an expression compiled into a predicate. */
export function parseFilterExpression(text: string): ParsedFilter {
  if (!looksLikeExpression(text)) return { kind: 'text' };
  if (text.length > MAX_LENGTH)
    return {
      kind: 'error',
      message: `an expression is at most ${MAX_LENGTH} characters`,
      position: MAX_LENGTH,
    };
  try {
    const tree = new Parser(tokenize(text)).parse();
    return { kind: 'expression', matches: compilePredicate(tree) };
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      return { kind: 'error', message: error.message, position: error.position };
    throw error;
  }
}

/** The error in words, with its 1-based column, e.g. `at 12: expected ")"`. */
export function describeFilterError(parsed: Extract<ParsedFilter, { kind: 'error' }>): string {
  return `Not a valid filter expression, at ${parsed.position + 1}: ${parsed.message}.`;
}

/** A field's value in a message, or `undefined` when it is missing. Made by {@link compileFieldPath}. */
export type FieldReader = (message: PaneMessage) => unknown;

/**
 * Compiles a path such as `body.order.total`, `body.items[0]` or `headers.priority` (the paths
 * the JSON tree copies) into a reader of that field, or says why the text is not a path.
 *
 * @example
 * const read = compileFieldPath('body.i');
 * if (read.ok) read.value(message); // 42, or undefined when the body has no `i`
 */
export function compileFieldPath(
  text: string,
): { ok: true; value: FieldReader } | { ok: false; error: string } {
  const parsed = looksLikeExpression(text) && text.length <= MAX_LENGTH ? parseTree(text) : null;
  if (parsed === null || parsed.type !== 'path')
    return err(`"${text}" is not a field path like body.order.total`);
  return ok(compileReader(parsed));
}

function parseTree(text: string): Node | null {
  try {
    return new Parser(tokenize(text)).parse();
  } catch (error) {
    if (error instanceof FilterSyntaxError) return null;
    throw error;
  }
}
