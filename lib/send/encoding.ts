import { fromBase64, fromHex } from '@/lib/messages/byte-codecs';
import { err, errorMessage, ok, type Result } from '@/lib/util/result';

/**
 * How the body field of the send form is read: as text, as JSON text (validated, sent exactly as
 * typed), or as base64 / hex that is decoded and sent as binary bytes.
 */
export type BodyEncoding = 'text' | 'json' | 'base64' | 'hex';

/** Every {@link BodyEncoding}, in the order the form offers them. */
export const BODY_ENCODINGS: readonly BodyEncoding[] = ['text', 'json', 'base64', 'hex'];

/**
 * Turns the body field into what is sent: a string for `text` and `json` (JSON is validated but
 * sent exactly as typed, not re-serialised), a `Uint8Array` (a binary body) for `base64` and `hex`.
 *
 * @example
 * encodeBody('{"a":1}', 'json') // ok('{"a":1}')
 * encodeBody('48 69', 'hex')    // ok(Uint8Array [72, 105])
 * encodeBody('{"a":}', 'json')  // err('Not valid JSON: line 1, column 6: expected a value, found "}".')
 */
export function encodeBody(text: string, encoding: BodyEncoding): Result<string | Uint8Array> {
  switch (encoding) {
    case 'text':
      return ok(text);
    case 'json': {
      const checked = checkJsonBody(text);
      return checked.ok ? ok(text) : checked;
    }
    case 'base64':
      return fromBase64(text);
    case 'hex':
      return fromHex(text);
  }
}

/**
 * True for JSON media types: `application/json` and any `+json` suffix type
 * (`application/problem+json`, `application/vnd.api+json`), in any letter case, with or without
 * parameters such as `; charset=utf-8`.
 */
export function isJsonContentType(contentType: string): boolean {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/json') return true;
  const slash = mediaType.indexOf('/');
  return slash > 0 && mediaType.length > slash + 1 && mediaType.endsWith('+json');
}

/** Result of {@link checkJsonBody}. */
export type JsonCheck = Result<void>;

/**
 * Checks that `text` is one JSON value, for live validation while typing. The error gives the
 * line and column (both from 1) and says what was expected, in the same words in every browser
 * (engines word and place JSON.parse errors differently, so the position is found here).
 *
 * @example
 * checkJsonBody('{\n  "a": 1,\n}')
 * // err('Not valid JSON: line 2, column 9: a trailing comma before "}" is not allowed in JSON; remove the comma.')
 */
export function checkJsonBody(text: string): JsonCheck {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    JSON.parse(json);
    return ok(undefined);
  } catch (error) {
    const found = locateJsonError(json);
    if (found) {
      const { line, column } = lineAndColumn(json, found.index);
      return err(`Not valid JSON: line ${line}, column ${column}: ${found.message}`);
    }
    return err(`Not valid JSON: ${errorMessage(error)}`);
  }
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

interface JsonProblem {
  index: number;
  message: string;
}

class JsonSyntaxProblem extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A validating JSON scanner (RFC 8259) that builds nothing: it only finds where the first error
 * is and says what was expected there. Iterative nesting, so deep input cannot overflow the stack.
 */
function locateJsonError(text: string): JsonProblem | null {
  const scanner = new JsonScanner(text);
  try {
    scanner.document();
    return null;
  } catch (error) {
    if (error instanceof JsonSyntaxProblem) return { index: error.index, message: error.message };
    throw error;
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_$]*/y;

class JsonScanner {
  private i = 0;
  /** A non-empty object or array was just opened: its first member or element comes next. */
  private openedContainer = false;

  constructor(private readonly text: string) {}

  document(): void {
    this.space();
    if (this.i >= this.text.length) {
      this.fail(
        this.text.length === 0
          ? 'the body is empty; JSON needs a value, such as {} or [].'
          : 'there is only whitespace; JSON needs a value, such as {} or [].',
      );
    }
    // Containers still open, innermost last: '}' or ']'.
    const stack: ('}' | ']')[] = [];
    this.value(stack);
    while (stack.length > 0) {
      const close = stack[stack.length - 1] as '}' | ']';
      if (this.openedContainer) {
        this.openedContainer = false;
        if (close === '}') this.member(stack);
        else this.value(stack);
        continue;
      }
      this.space();
      const c = this.text[this.i];
      if (c === ',') {
        const comma = this.i;
        this.i++;
        this.space();
        if (this.text[this.i] === close) {
          this.i = comma;
          this.fail(`a trailing comma before "${close}" is not allowed in JSON; remove the comma.`);
        }
        if (close === '}') this.member(stack);
        else this.value(stack);
      } else if (c === close) {
        this.i++;
        stack.pop();
      } else if (c === undefined) {
        this.fail(
          `the text ends while ${close === '}' ? 'an object' : 'an array'} is still open; add "${close}".`,
        );
      } else {
        this.fail(`expected "," or "${close}", found ${this.describe()}.${this.hintAfterValue()}`);
      }
    }
    this.space();
    if (this.i < this.text.length) {
      this.fail(
        `the JSON value is complete, but ${this.describe()} follows it. A body holds one value; wrap several in [ ].`,
      );
    }
  }

  /** One value; a non-empty object or array is only opened (pushed on `stack`) and continued by the caller. */
  private value(stack: ('}' | ']')[]): void {
    this.space();
    const c = this.text[this.i];
    switch (c) {
      case '{':
        this.i++;
        this.space();
        if (this.text[this.i] === '}') {
          this.i++;
          return;
        }
        stack.push('}');
        this.openedContainer = true;
        return;
      case '[':
        this.i++;
        this.space();
        if (this.text[this.i] === ']') {
          this.i++;
          return;
        }
        stack.push(']');
        this.openedContainer = true;
        return;
      case '"':
        this.string();
        return;
      case undefined:
        this.fail('the text ends where a value was expected.');
        return;
      case "'":
        this.fail('JSON strings use double quotes ("), not single quotes.');
        return;
      default:
        if (c === '-' || (c >= '0' && c <= '9')) this.number();
        else this.literal();
    }
  }

  /** `"name": value` inside an object; the value may open a nested container. */
  private member(stack: ('}' | ']')[]): void {
    this.space();
    const c = this.text[this.i];
    if (c !== '"') {
      if (c === undefined) this.fail('the text ends where a property name was expected.');
      if (c === "'") this.fail('property names use double quotes ("), not single quotes.');
      if (c === '}')
        this.fail('a trailing comma before "}" is not allowed in JSON; remove the comma.');
      if (/[A-Za-z_$]/.test(c as string)) {
        this.fail(`property names must be in double quotes: write "${this.word()}".`);
      }
      this.fail(`expected a property name in double quotes, found ${this.describe()}.`);
    }
    this.string();
    this.space();
    if (this.text[this.i] !== ':') {
      this.fail(`expected ":" after the property name, found ${this.describe()}.`);
    }
    this.i++;
    this.value(stack);
  }

  private string(): void {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (Number.isNaN(c)) {
        this.i = start;
        this.fail('this string is never closed; add the closing double quote (").');
      }
      if (c === 0x22) {
        this.i++;
        return;
      }
      if (c < 0x20) {
        this.fail(
          c === 0x0a || c === 0x0d
            ? 'a line break inside a string is not allowed in JSON; write \\n instead (or close the string).'
            : `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')} must be escaped inside a string.`,
        );
      }
      if (c === 0x5c) {
        const e = this.text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            this.fail('"\\u" must be followed by four hex digits.');
          }
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.fail(`"\\${e ?? ''}" is not a JSON escape; write \\\\ for a backslash.`);
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === '-' || match[0] === '') {
      this.fail(`${this.describe()} does not start a valid number.`);
    }
    const end = this.i + (match as RegExpExecArray)[0].length;
    const next = this.text[end];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) {
      this.i = end;
      this.fail(
        (match as RegExpExecArray)[1] === '0' && /\d/.test(next)
          ? 'numbers may not have leading zeros in JSON.'
          : `this number is malformed at ${this.describe()}.`,
      );
    }
    this.i = end;
  }

  private literal(): void {
    const word = this.word();
    if (word === 'true' || word === 'false' || word === 'null') {
      this.i += word.length;
      return;
    }
    if (word === '') this.fail(`expected a value, found ${this.describe()}.`);
    if (word === 'undefined' || word === 'NaN' || word === 'Infinity') {
      this.fail(`${word} is not a JSON value; use null or a number.`);
    }
    if (word === 'True' || word === 'False' || word === 'None' || word === 'Null') {
      this.fail(
        `write ${word === 'None' ? 'null' : word.toLowerCase()} in lower case: JSON knows true, false and null.`,
      );
    }
    this.fail(`"${word}" is not a JSON value; text must be in double quotes.`);
  }

  private word(): string {
    WORD.lastIndex = this.i;
    return WORD.exec(this.text)?.[0] ?? '';
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else if (c === 0x2f && (this.text[this.i + 1] === '/' || this.text[this.i + 1] === '*')) {
        this.fail('comments are not allowed in JSON; remove them.');
      } else return;
    }
  }

  private hintAfterValue(): string {
    const c = this.text[this.i];
    if (c === '"' || c === '{' || c === '[') return ' A comma is probably missing.';
    return '';
  }

  private describe(): string {
    const c = this.text.codePointAt(this.i);
    if (c === undefined) return 'the end of the text';
    if (c < 0x20 || c === 0x7f) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `"${String.fromCodePoint(c)}"`;
  }

  private fail(message: string): never {
    throw new JsonSyntaxProblem(this.i, message);
  }
}
