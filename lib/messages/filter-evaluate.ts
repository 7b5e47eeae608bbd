/**
 * Compiles a parsed filter expression (`filter-expression.ts`) into closures, once per query, so
 * that testing 200,000 held messages walks no syntax tree and allocates nothing per message:
 * each node becomes a function, comparisons with a literal know the literal's type up front,
 * and the body is parsed as JSON at most once per message, only when a path starts at `body`.
 */
import type { PaneMessage } from './message';
import { prefetchBodyTexts, scanBodyText } from './body-scan';
import type { MessagePredicate } from './filtered-view';
import type { FilterNode, FilterPathStep, FilterRoot } from './filter-expression';

/** Marks a value that is not there (a missing field): it matches nothing. */
export const MISSING: unique symbol = Symbol('missing');
const UNPARSED = Symbol('unparsed');

/**
 * What one evaluation reads: the message, and its body parsed as JSON once it was needed. One
 * per compiled predicate, reused for every message (evaluation is synchronous, never nested).
 */
interface Scope {
  message: PaneMessage;
  json: unknown;
}

type Read = (scope: Scope) => unknown;
type Test = (scope: Scope) => boolean;

function jsonBody(scope: Scope): unknown {
  if (scope.json !== UNPARSED) return scope.json;
  const text = scanBodyText(scope.message);
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

const ROOT_READERS: Record<FilterRoot, Read> = {
  body: jsonBody,
  headers: (scope) => scope.message.headers,
  routingKey: (scope) => scope.message.routingKey,
  destination: (scope) => scope.message.destination,
  redelivered: (scope) => scope.message.redelivered,
  size: (scope) => scope.message.size,
  seq: (scope) => scope.message.seq,
};

function step(value: unknown, key: FilterPathStep): unknown {
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

/** Whether a tree reads the body (then a pass decodes each batch's bodies together). */
function readsBody(node: FilterNode): boolean {
  switch (node.type) {
    case 'path':
      return node.root === 'body';
    case 'literal':
      return false;
    case 'list':
      return node.items.some(readsBody);
    case 'not':
      return readsBody(node.operand);
    default:
      return readsBody(node.left) || readsBody(node.right);
  }
}

function compilePathRead(root: FilterRoot, steps: readonly FilterPathStep[]): Read {
  const readRoot = ROOT_READERS[root];
  if (steps.length === 0) return readRoot;
  if (steps.length === 1) {
    const [key] = steps as [FilterPathStep];
    return (scope) => step(readRoot(scope), key);
  }
  return (scope) => {
    let value = readRoot(scope);
    for (let i = 0; i < steps.length && value !== MISSING; i++) value = step(value, steps[i]!);
    return value;
  };
}

function compileRead(node: FilterNode): Read {
  switch (node.type) {
    case 'literal': {
      const { value } = node;
      return () => value;
    }
    case 'path':
      return compilePathRead(node.root, node.steps);
    case 'list': {
      const items = node.items.map(compileRead);
      return (scope) => items.map((item) => item(scope));
    }
    default:
      return compileTest(node);
  }
}

/** A numeric string as a number (header values are text), else `undefined`. */
function numeric(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Header values are text; a number compared with one reads it as a number when it is one, and
 * a boolean compared with `"true"`/`"false"` reads that as the boolean. Returns `b` as `a` would
 * compare it, so no pair is allocated per comparison.
 */
function coerceTo(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'string') return numeric(b) ?? b;
  if (typeof a === 'boolean' && (b === 'true' || b === 'false')) return b === 'true';
  return b;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === typeof b) return false;
  return coerceTo(a, b) === a || coerceTo(b, a) === b;
}

function ordered(op: string, a: unknown, b: unknown): boolean {
  let x = a;
  let y = b;
  if (typeof x !== typeof y) {
    x = coerceTo(b, a);
    y = coerceTo(a, b);
  }
  const comparable =
    (typeof x === 'number' && typeof y === 'number') ||
    (typeof x === 'string' && typeof y === 'string');
  if (!comparable) return false;
  const p = x as number | string;
  const q = y as number | string;
  if (op === '>') return p > q;
  if (op === '>=') return p >= q;
  if (op === '<') return p < q;
  return p <= q;
}

function compileCompare(node: Extract<FilterNode, { type: 'compare' }>): Test {
  const left = compileRead(node.left);
  const right = compileRead(node.right);
  const present =
    (test: (l: unknown, r: unknown) => boolean): Test =>
    (scope) => {
      const l = left(scope);
      if (l === MISSING) return false;
      const r = right(scope);
      return r !== MISSING && test(l, r);
    };
  switch (node.op) {
    case '==':
      return present(equal);
    case '!=':
      return present((l, r) => !equal(l, r));
    case 'contains':
      return present((l, r) => {
        if (Array.isArray(l)) return l.some((item) => equal(item, r));
        return typeof l === 'string' && typeof r === 'string' && l.includes(r);
      });
    case 'matches': {
      const regex = node.regex!;
      return present((l) => typeof l === 'string' && regex.test(l));
    }
    case 'in':
      return present((l, r) => Array.isArray(r) && r.some((item) => equal(l, item)));
    default: {
      const { op } = node;
      return present((l, r) => ordered(op, l, r));
    }
  }
}

function compileTest(node: FilterNode): Test {
  switch (node.type) {
    case 'and': {
      const left = compileTest(node.left);
      const right = compileTest(node.right);
      return (scope) => left(scope) && right(scope);
    }
    case 'or': {
      const left = compileTest(node.left);
      const right = compileTest(node.right);
      return (scope) => left(scope) || right(scope);
    }
    case 'not': {
      const operand = compileTest(node.operand);
      return (scope) => !operand(scope);
    }
    case 'compare':
      return compileCompare(node);
    default: {
      const read = compileRead(node);
      return (scope) => {
        const value = read(scope);
        return (
          value !== MISSING && value !== null && value !== false && value !== 0 && value !== ''
        );
      };
    }
  }
}

/** The tree as a predicate over messages, which prepares batches when it reads bodies. */
export function compilePredicate(tree: FilterNode): MessagePredicate {
  const test = compileTest(tree);
  const scope: Scope = { message: undefined as unknown as PaneMessage, json: UNPARSED };
  const predicate: MessagePredicate = (message) => {
    scope.message = message;
    scope.json = UNPARSED;
    return test(scope);
  };
  if (readsBody(tree)) predicate.prepare = prefetchBodyTexts;
  return predicate;
}

/** The tree (a path) as a reader of that field: its value, or `undefined` when it is missing. */
export function compileReader(tree: FilterNode): (message: PaneMessage) => unknown {
  const read = compileRead(tree);
  const scope: Scope = { message: undefined as unknown as PaneMessage, json: UNPARSED };
  return (message) => {
    scope.message = message;
    scope.json = UNPARSED;
    const value = read(scope);
    return value === MISSING ? undefined : value;
  };
}
