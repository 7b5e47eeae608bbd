import type { PaneMessage } from './message';

/**
 * Turning message bodies into something a person can read: UTF-8 decoding, text/JSON/binary
 * classification, JSON pretty-printing, hex dumps, one-line previews, sizes, and base64/hex
 * conversion for the inject form. Nothing here runs on the receive hot path: call these for
 * visible rows only. Per-message results (decoded text, kind, preview) are cached in WeakMaps,
 * so re-rendering a row is cheap and an evicted message takes its cache entries with it.
 * Runs unchanged in Node and the browser (TextDecoder/TextEncoder only; no Buffer, no DOM).
 */

/** Result of {@link decodeUtf8}. */
export type Utf8Result = { ok: true; text: string } | { ok: false };

/** Result of {@link fromBase64} and {@link fromHex}. */
export type BytesResult = { ok: true; value: Uint8Array } | { ok: false; error: string };

/** What a body contains, as decided by {@link classifyBody}. */
export type BodyKind = 'text' | 'json' | 'binary';

/** A one-line, render-safe preview of a body; see {@link preview}. */
export interface BodyPreview {
  readonly text: string;
  /** Part of the body did not fit in the preview. */
  readonly truncated: boolean;
}

// ignoreBOM keeps a leading U+FEFF in the text, so decoding loses nothing.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
// Only ever given ASCII, where UTF-8 decoding is the identity.
const asciiDecoder = new TextDecoder();

/**
 * Decodes UTF-8 strictly: any invalid sequence gives `{ ok: false }` instead of U+FFFD
 * replacement characters. A leading byte-order mark is kept in the text.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: strictDecoder.decode(bytes) };
  } catch {
    return { ok: false };
  }
}

const textCache = new WeakMap<PaneMessage, string | null>();
const bytesCache = new WeakMap<PaneMessage, Uint8Array>();
const kindCache = new WeakMap<PaneMessage, BodyKind>();
const previewCache = new WeakMap<PaneMessage, { maxChars: number; preview: BodyPreview }>();

/**
 * The body as text: a text body as is, a byte body decoded as strict UTF-8, or `null` when the
 * bytes are not valid UTF-8. Decoded once per message, then cached.
 */
export function bodyText(message: PaneMessage): string | null {
  const { body } = message;
  if (typeof body === 'string') return body;
  let text = textCache.get(message);
  if (text === undefined) {
    const decoded = decodeUtf8(body);
    text = decoded.ok ? decoded.text : null;
    textCache.set(message, text);
  }
  return text;
}

/** The body as bytes: a byte body as is, a text body UTF-8-encoded (once, then cached). */
export function bodyBytes(message: PaneMessage): Uint8Array {
  const { body } = message;
  if (typeof body !== 'string') return body;
  let bytes = bytesCache.get(message);
  if (!bytes) {
    bytes = encoder.encode(body);
    bytesCache.set(message, bytes);
  }
  return bytes;
}

/**
 * What a body contains. Decided by content, never by `content-type` or by how stompjs stored it
 * (stompjs stores every received body as bytes):
 *
 * - `binary`: not valid UTF-8, or the text contains a control character other than tab, line
 *   feed and carriage return (NUL, ESC, bell, ... are what binary formats are full of and what
 *   text almost never has). DEL and C1 controls do not count. An empty body is `text`.
 * - `json`: otherwise, when the text (after optional whitespace and byte-order mark) is a JSON
 *   object or array that `JSON.parse` accepts. Bare JSON scalars (`42`, `"x"`, `true`) are
 *   `text`: calling them JSON would only add noise.
 * - `text`: everything else.
 *
 * Cached per message.
 */
export function classifyBody(message: PaneMessage): BodyKind {
  let kind = kindCache.get(message);
  if (kind === undefined) {
    kind = classifyText(bodyText(message));
    kindCache.set(message, kind);
  }
  return kind;
}

function classifyText(text: string | null): BodyKind {
  if (text === null || hasBinaryControl(text)) return 'binary';
  return looksLikeJsonContainer(text) && isJson(text) ? 'json' : 'text';
}

function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

function looksLikeJsonContainer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return true; // { [
    if (!isJsonSpace(c) && c !== 0xfeff) return false;
  }
  return false;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(stripBom(text));
    return true;
  } catch {
    return false;
  }
}

/**
 * Pretty-prints JSON with two-space indentation, or returns `null` when `text` is not JSON.
 *
 * It re-indents the original tokens instead of `JSON.stringify(JSON.parse(text))`, so what was
 * sent is what is shown: numbers keep their digits (no rounding of 64-bit ids), duplicate keys
 * stay, and string escapes are untouched. A leading byte-order mark is dropped.
 *
 * @example
 * ```ts
 * prettyJson('{"id":12345678901234567890,"tags":[]}');
 * // '{\n  "id": 12345678901234567890,\n  "tags": []\n}'
 * ```
 */
export function prettyJson(text: string): string | null {
  const json = stripBom(text);
  return isJson(json) ? reformatJson(json, '  ') : null;
}

/** Same tokens as {@link prettyJson}, with all insignificant whitespace removed. */
function compactJson(json: string): string {
  return reformatJson(stripBom(json), null);
}

/** Re-spaces valid JSON token by token. `indent: null` means compact, on one line. */
function reformatJson(json: string, indent: string | null): string {
  const out: string[] = [];
  const newline = (depth: number) => {
    if (indent !== null) out.push('\n', indent.repeat(depth));
  };
  let depth = 0;
  let i = 0;
  const n = json.length;
  while (i < n) {
    const c = json.charCodeAt(i);
    if (isJsonSpace(c)) {
      i++;
    } else if (c === 0x22) {
      let j = i + 1;
      while (j < n) {
        const d = json.charCodeAt(j);
        if (d === 0x5c) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      out.push(json.slice(i, j + 1));
      i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? '}' : ']';
      let k = i + 1;
      while (k < n && isJsonSpace(json.charCodeAt(k))) k++;
      if (json[k] === close) {
        out.push(json[i] + close);
        i = k + 1;
      } else {
        out.push(json[i] as string);
        newline(++depth);
        i++;
      }
    } else if (c === 0x7d || c === 0x5d) {
      newline(--depth);
      out.push(json[i] as string);
      i++;
    } else if (c === 0x2c) {
      out.push(',');
      newline(depth);
      i++;
    } else if (c === 0x3a) {
      out.push(indent === null ? ':' : ': ');
      i++;
    } else {
      let j = i + 1;
      while (j < n && !isJsonDelimiter(json.charCodeAt(j))) j++;
      out.push(json.slice(i, j));
      i = j;
    }
  }
  return out.join('');
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isJsonDelimiter(c: number): boolean {
  return isJsonSpace(c) || c === 0x2c || c === 0x3a || c === 0x5d || c === 0x7d || c === 0x22;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Options for {@link hexDump}. */
export interface HexDumpOptions {
  /** Dump at most this many bytes (default 65,536); a last line says how many were left out. */
  maxBytes?: number;
}

/**
 * A classic `hexdump -C` listing: 8-digit hex offset, 16 bytes in two groups of 8, and the
 * printable ASCII (0x20–0x7e, anything else as `.`) between bars. Unlike `hexdump`, repeated
 * lines are not collapsed into `*` and there is no closing offset line. Lines end with `\n`
 * except the last.
 *
 * @example
 * ```ts
 * hexDump(new TextEncoder().encode('Hello world\n'));
 * // '00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|'
 * ```
 */
export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string {
  const maxBytes = options.maxBytes ?? 65_536;
  const end = Math.min(bytes.length, Math.max(0, Math.floor(maxBytes)));
  const lines: string[] = [];
  for (let offset = 0; offset < end; offset += 16) {
    let hex = '';
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      if (k === 8) hex += ' ';
      const i = offset + k;
      if (i < end) {
        const b = bytes[i] as number;
        hex += HEX_BYTE[b] + ' ';
        ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (end < bytes.length) {
    const rest = bytes.length - end;
    lines.push(`(${rest.toLocaleString('en-US')} more ${rest === 1 ? 'byte' : 'bytes'} not shown)`);
  }
  return lines.join('\n');
}

/**
 * A one-line preview of a body, safe to render as text, of at most `maxChars` UTF-16 units.
 *
 * - A body that decodes as UTF-8 is shown as text; JSON (see {@link classifyBody}) is shown
 *   compacted (insignificant whitespace removed) so more of it fits.
 * - Control characters become visible: C0 controls as their Control Pictures (`\n` as `␊`,
 *   tab as `␉`, NUL as `␀`), DEL as `␡`. Characters that are invisible or reorder text are
 *   escaped as `\uXXXX`: C1 controls, U+2028/U+2029, bidi marks, embeddings, overrides and
 *   isolates (U+200E–F, U+202A–E, U+2066–9), and U+FEFF.
 * - A body that is not UTF-8 is shown as hex byte pairs (`00 ff 1a`).
 *
 * Cached per message for the last `maxChars` asked for.
 */
export function preview(message: PaneMessage, maxChars = 200): BodyPreview {
  const cached = previewCache.get(message);
  if (cached && cached.maxChars === maxChars) return cached.preview;
  const text = bodyText(message);
  let result: BodyPreview;
  if (text === null) result = hexPreview(bodyBytes(message), maxChars);
  else result = visibleLine(classifyBody(message) === 'json' ? compactJson(text) : text, maxChars);
  previewCache.set(message, { maxChars, preview: result });
  return result;
}

/**
 * `text` made visible and safe on one line, cut to `maxChars` UTF-16 units (never inside a
 * surrogate pair or an escape); the character rules of {@link preview}. Useful for header values.
 */
export function visibleLine(text: string, maxChars = 200): BodyPreview {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let piece: string;
    let width = 1;
    if (c < 0x20) piece = String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) piece = '\u2421';
    else if (isInvisible(c)) piece = '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      piece = text.slice(i, i + 2);
      width = 2;
    } else if (c >= 0xd800 && c <= 0xdfff) piece = '\uFFFD';
    else piece = text[i] as string;
    if (out.length + piece.length > maxChars) break;
    out += piece;
    i += width;
  }
  return { text: out, truncated: i < text.length };
}

function isInvisible(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0x9f) ||
    c === 0x200e ||
    c === 0x200f ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function hexPreview(bytes: Uint8Array, maxChars: number): BodyPreview {
  const count = Math.min(bytes.length, Math.max(0, Math.floor((maxChars + 1) / 3)));
  const pairs = new Array<string>(count);
  for (let i = 0; i < count; i++) pairs[i] = HEX_BYTE[bytes[i] as number] as string;
  return { text: pairs.join(' '), truncated: count < bytes.length };
}

const SIZE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count for people, in binary units: `512 B`, `1.5 KiB`, `12 KiB`, `3.4 MiB`.
 * One decimal below 10 of a unit, none above.
 * @throws RangeError for a negative or non-finite count.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`A size must be a non-negative number of bytes, got ${bytes}`);
  }
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1023.5 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${text} ${SIZE_UNITS[unit]}`;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODE = Uint8Array.from(BASE64_ALPHABET, (ch) => ch.charCodeAt(0));
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUE[BASE64_ALPHABET.charCodeAt(i)] = i;
BASE64_VALUE[0x2d] = 62; // '-' (base64url)
BASE64_VALUE[0x5f] = 63; // '_' (base64url)

/** Standard base64 (RFC 4648, `+` `/`, with `=` padding). */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const full = n - (n % 3);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = BASE64_CODE[v >>> 18] as number;
    out[o++] = BASE64_CODE[(v >>> 12) & 63] as number;
    out[o++] = BASE64_CODE[(v >>> 6) & 63] as number;
    out[o++] = BASE64_CODE[v & 63] as number;
  }
  if (n > full) {
    const v = ((bytes[full] as number) << 16) | ((bytes[full + 1] ?? 0) << 8);
    out[o++] = BASE64_CODE[v >>> 18] as number;
    out[o++] = BASE64_CODE[(v >>> 12) & 63] as number;
    out[o++] = n - full === 2 ? (BASE64_CODE[(v >>> 6) & 63] as number) : 0x3d;
    out[o++] = 0x3d;
  }
  return asciiDecoder.decode(out);
}

/**
 * Decodes base64, validating it. Accepts the standard and URL-safe alphabets (`+/` and `-_`),
 * with or without `=` padding, and ignores whitespace (line-wrapped base64 is fine). Positions
 * in errors count characters from 1.
 *
 * @example
 * ```ts
 * fromBase64('SGk='); // { ok: true, value: Uint8Array [72, 105] }
 * fromBase64('SG!k'); // { ok: false, error: 'Not valid base64: "!" at position 3 is not ...' }
 * ```
 */
export function fromBase64(text: string): BytesResult {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let chars = 0;
  let acc = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) continue;
    if (c === 0x3d) {
      padding++;
      continue;
    }
    const value = c < 128 ? (BASE64_VALUE[c] as number) : -1;
    if (value < 0) {
      return fail(
        `Not valid base64: ${describeChar(text, i)} at position ${i + 1} is not a base64 character (A-Z, a-z, 0-9, + and /, or - and _).`,
      );
    }
    if (padding > 0) {
      return fail(
        `Not valid base64: "=" padding may only come at the end, but ${describeChar(text, i)} follows it at position ${i + 1}.`,
      );
    }
    acc = (acc << 6) | value;
    if ((++chars & 3) === 0) {
      out[o++] = acc >>> 16;
      out[o++] = (acc >>> 8) & 255;
      out[o++] = acc & 255;
      acc = 0;
    }
  }
  const tail = chars & 3;
  if (tail === 1) {
    return fail(
      `Not valid base64: ${chars} characters (without padding) cannot be whole bytes; it looks cut off or has one character too many.`,
    );
  }
  if (padding > 0 && (padding > 2 || (chars + padding) % 4 !== 0)) {
    return fail(
      `Not valid base64: ${padding} "=" after ${chars} characters; padding must complete the last group of 4.`,
    );
  }
  if (tail === 2) {
    out[o++] = (acc >>> 4) & 255;
  } else if (tail === 3) {
    out[o++] = (acc >>> 10) & 255;
    out[o++] = (acc >>> 2) & 255;
  }
  return { ok: true, value: out.slice(0, o) };
}

/** Lowercase hex, two digits a byte, no separators: `48690a`. */
export function toHex(bytes: Uint8Array): string {
  const pairs = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) pairs[i] = HEX_BYTE[bytes[i] as number] as string;
  return pairs.join('');
}

/**
 * Decodes hex, validating it. Either case; whitespace is ignored, so `48 65 6c` (as copied from
 * a hex dump's byte columns) works. Positions in errors count characters from 1.
 *
 * @example
 * ```ts
 * fromHex('48 69'); // { ok: true, value: Uint8Array [72, 105] }
 * fromHex('4g');    // { ok: false, error: 'Not valid hex: "g" at position 2 is not a hex digit (0-9, a-f).' }
 * ```
 */
export function fromHex(text: string): BytesResult {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) continue;
    const value = hexValue(c);
    if (value < 0) {
      return fail(
        `Not valid hex: ${describeChar(text, i)} at position ${i + 1} is not a hex digit (0-9, a-f).`,
      );
    }
    digits.push(value);
  }
  if (digits.length % 2 !== 0) {
    return fail(
      `Not valid hex: it has an odd number of hex digits (${digits.length}); every byte needs two.`,
    );
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = ((digits[2 * i] as number) << 4) | (digits[2 * i + 1] as number);
  }
  return { ok: true, value: out };
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/** A character quoted for an error message, made visible when it would not be. */
function describeChar(text: string, index: number): string {
  const c = text.codePointAt(index) as number;
  if (c < 0x20 || c === 0x7f || isInvisible(c))
    return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${String.fromCodePoint(c)}"`;
}

function fail(error: string): BytesResult {
  return { ok: false, error };
}
