/**
 * Filter expressions for a pane's `Filter` box: `body.order.total > 100`,
 * `headers["content-type"] == "application/json"`, `routingKey matches "^eu\\."`, `redelivered`,
 * `size > 1024`, combined with `&&`, `||`, `!`, parentheses and `in [..]`.
 *
 * A small recursive-descent parser compiles the text into a closure once; nothing is ever
 * evaluated as code (no `eval`, no `new Function`: the CSP forbids them, and so do we). A field
 * that is missing is simply not a match. Plain text that does not look like an expression keeps
 * the old substring search (see `compileFilter` in `pane-store.ts`).
 *
 * @example
 * const parsed = parseFilterExpression('body.items[0].sku == "A-1" && !redelivered');
 * if (parsed.kind === 'expression') messages.filter(parsed.matches);
 */
import type { PaneMessage } from './message';
import { bodyText } from './body-format';
import { FilterSyntaxError, tokenize, type Token } from './filter-tokens';

/** What the filter box holds: plain text, a valid expression, or an expression with an error. */
export type ParsedFilter =
  | { kind: 'text' }
  | { kind: 'expression'; matches: (message: PaneMessage) => boolean }
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
type Root = (typeof ROOTS)[number];

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

// ── Syntax tree ───────────────────────────────────────────────────────────

type PathStep = string | number;
type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'path'; root: Root; steps: PathStep[] }
  | { type: 'list'; items: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'and' | 'or'; left: Node; right: Node }
  | { type: 'compare'; op: string; left: Node; right: Node; regex?: RegExp };

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
        const reason = error instanceof Error ? error.message : String(error);
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

// ── Evaluation ────────────────────────────────────────────────────────────

/** Marks a value that is not there (a missing field): it matches nothing. */
const MISSING = Symbol('missing');

/** Per message, the body parsed as JSON at most once per evaluation. */
interface Scope {
  message: PaneMessage;
  json: unknown;
}

function jsonBody(scope: Scope): unknown {
  if (scope.json !== undefined) return scope.json;
  const text = bodyText(scope.message);
  let parsed: unknown = MISSING;
  if (text !== null) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  scope.json = parsed;
  return parsed;
}

function rootValue(root: Root, scope: Scope): unknown {
  const { message } = scope;
  switch (root) {
    case 'body':
      return jsonBody(scope);
    case 'headers':
      return message.headers;
    case 'routingKey':
      return message.routingKey;
    case 'destination':
      return message.destination;
    case 'redelivered':
      return message.redelivered;
    case 'size':
      return message.size;
    case 'seq':
      return message.seq;
  }
}

function step(value: unknown, key: PathStep): unknown {
  if (value === MISSING || value === null || typeof value !== 'object') return MISSING;
  if (Array.isArray(value)) {
    if (typeof key !== 'number') return key === 'length' ? value.length : MISSING;
    const index = key < 0 ? value.length + key : key;
    return index >= 0 && index < value.length ? value[index] : MISSING;
  }
  const name = String(key);
  return Object.prototype.hasOwnProperty.call(value, name)
    ? (value as Record<string, unknown>)[name]
    : MISSING;
}

function valueOf(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'path': {
      let value = rootValue(node.root, scope);
      for (const key of node.steps) value = step(value, key);
      return value;
    }
    case 'list':
      return node.items.map((item) => valueOf(item, scope));
    default:
      return truth(node, scope);
  }
}

/** Header values are text; a number compared with one reads it as a number when it is one. */
function comparable(a: unknown, b: unknown): [unknown, unknown] {
  if (
    typeof a === 'number' &&
    typeof b === 'string' &&
    b.trim() !== '' &&
    Number.isFinite(Number(b))
  )
    return [a, Number(b)];
  if (
    typeof b === 'number' &&
    typeof a === 'string' &&
    a.trim() !== '' &&
    Number.isFinite(Number(a))
  )
    return [Number(a), b];
  if (typeof a === 'boolean' && (b === 'true' || b === 'false')) return [a, b === 'true'];
  if (typeof b === 'boolean' && (a === 'true' || a === 'false')) return [a === 'true', b];
  return [a, b];
}

function equal(a: unknown, b: unknown): boolean {
  const [x, y] = comparable(a, b);
  return x === y;
}

function compare(node: Extract<Node, { type: 'compare' }>, scope: Scope): boolean {
  const left = valueOf(node.left, scope);
  const right = valueOf(node.right, scope);
  if (left === MISSING || right === MISSING) return false;
  switch (node.op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'contains':
      if (Array.isArray(left)) return left.some((item) => equal(item, right));
      return typeof left === 'string' && typeof right === 'string' && left.includes(right);
    case 'matches':
      return typeof left === 'string' && node.regex!.test(left);
    case 'in':
      return Array.isArray(right) && right.some((item) => equal(left, item));
    default: {
      const [x, y] = comparable(left, right);
      const ordered =
        (typeof x === 'number' && typeof y === 'number') ||
        (typeof x === 'string' && typeof y === 'string');
      if (!ordered) return false;
      const a = x as number | string;
      const b = y as number | string;
      if (node.op === '>') return a > b;
      if (node.op === '>=') return a >= b;
      if (node.op === '<') return a < b;
      return a <= b;
    }
  }
}

function truth(node: Node, scope: Scope): boolean {
  switch (node.type) {
    case 'and':
      return truth(node.left, scope) && truth(node.right, scope);
    case 'or':
      return truth(node.left, scope) || truth(node.right, scope);
    case 'not':
      return !truth(node.operand, scope);
    case 'compare':
      return compare(node, scope);
    default: {
      const value = valueOf(node, scope);
      return value !== MISSING && value !== null && value !== false && value !== 0 && value !== '';
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
    return {
      kind: 'expression',
      matches: (message) => truth(tree, { message, json: undefined }),
    };
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
    return { ok: false, error: `"${text}" is not a field path like body.order.total` };
  const tree = parsed;
  return {
    ok: true,
    value: (message) => {
      const value = valueOf(tree, { message, json: undefined });
      return value === MISSING ? undefined : value;
    },
  };
}

function parseTree(text: string): Node | null {
  try {
    return new Parser(tokenize(text)).parse();
  } catch (error) {
    if (error instanceof FilterSyntaxError) return null;
    throw error;
  }
}
