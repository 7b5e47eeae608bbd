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

/**
 * The text {@link bodyText} decoded and cached earlier (a row that was shown), `undefined` when it
 * has not decoded this message yet. For passes over many messages (`body-scan.ts`), which read
 * the cache but do not fill it.
 */
export function cachedBodyText(message: PaneMessage): string | null | undefined {
  const { body } = message;
  return typeof body === 'string' ? body : textCache.get(message);
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

export const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

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

export function isInvisible(c: number): boolean {
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
