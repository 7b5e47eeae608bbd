/**
 * The tokenizer of filter expressions (see `filter-expression.ts`): identifiers, numbers, quoted
 * strings with escapes, operators and punctuation, each with its position for error messages.
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'punct' | 'end';
export interface Token {
  kind: TokenKind;
  text: string;
  value?: string | number;
  /** Position in the source (0-based). */
  at: number;
}

/** A syntax error at `position` (0-based) in the filter text. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const OPERATORS = ['&&', '||', '==', '!=', '>=', '<=', '>', '<', '!'];
const PUNCTUATION = ['(', ')', '[', ']', '.', ','];

/** Splits a filter expression into tokens, ending with an `end` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (PUNCTUATION.includes(char)) {
      // A dot followed by a digit after nothing numeric is a number like .5; otherwise punctuation.
      tokens.push({ kind: 'punct', text: char, at: i });
      i++;
      continue;
    }
    if (char === '"' || char === "'") {
      const start = i;
      i++;
      let value = '';
      for (;;) {
        if (i >= source.length)
          throw new FilterSyntaxError(`the string starting at ${start + 1} is not closed`, start);
        const c = source[i]!;
        if (c === char) break;
        if (c === '\\') {
          const next = source[i + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            t: '\t',
            r: '\r',
            '\\': '\\',
            '"': '"',
            "'": "'",
          };
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (next === undefined || !(next in escapes)) {
            // Unknown escapes keep the backslash, so regular expressions read naturally ("^eu\.").
            value += '\\';
            i++;
            continue;
          }
          value += escapes[next];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: 'string', text: source.slice(start, i + 1), value, at: start });
      i++;
      continue;
    }
    const number = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(source.slice(i));
    if (number && (char !== '-' || !isValueEnd(tokens[tokens.length - 1]))) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[\p{L}_$][\p{L}\p{N}_$-]*/u.exec(source.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected "${char}"`, i);
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

function isValueEnd(token: Token | undefined): boolean {
  return (
    token !== undefined &&
    (token.kind === 'number' ||
      token.kind === 'string' ||
      token.kind === 'ident' ||
      token.text === ')' ||
      token.text === ']')
  );
}
