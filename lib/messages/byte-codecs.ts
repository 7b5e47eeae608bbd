import { err, ok, type Result } from '@/lib/util/result';
import { HEX_BYTE, isInvisible } from './body-format';

/**
 * Bytes as base64 and hex and back, for bodies typed into the Send form, exported in NDJSON and
 * replayed: strict decoders that name the first bad character and its position.
 */

/** Bytes decoded from base64 or hex, or why the text is not valid. */
export type BytesResult = Result<Uint8Array>;

// Only ever given ASCII, where UTF-8 decoding is the identity.
const asciiDecoder = new TextDecoder();

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
 * fromBase64('SGk='); // ok(Uint8Array [72, 105])
 * fromBase64('SG!k'); // err('Not valid base64: "!" at position 3 is not ...')
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
      return err(
        `Not valid base64: ${describeChar(text, i)} at position ${i + 1} is not a base64 character (A-Z, a-z, 0-9, + and /, or - and _).`,
      );
    }
    if (padding > 0) {
      return err(
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
    return err(
      `Not valid base64: ${chars} characters (without padding) cannot be whole bytes; it looks cut off or has one character too many.`,
    );
  }
  if (padding > 0 && (padding > 2 || (chars + padding) % 4 !== 0)) {
    return err(
      `Not valid base64: ${padding} "=" after ${chars} characters; padding must complete the last group of 4.`,
    );
  }
  if (tail === 2) {
    out[o++] = (acc >>> 4) & 255;
  } else if (tail === 3) {
    out[o++] = (acc >>> 10) & 255;
    out[o++] = (acc >>> 2) & 255;
  }
  return ok(out.slice(0, o));
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
 * fromHex('48 69'); // ok(Uint8Array [72, 105])
 * fromHex('4g');    // err('Not valid hex: "g" at position 2 is not a hex digit (0-9, a-f).')
 * ```
 */
export function fromHex(text: string): BytesResult {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) continue;
    const value = hexValue(c);
    if (value < 0) {
      return err(
        `Not valid hex: ${describeChar(text, i)} at position ${i + 1} is not a hex digit (0-9, a-f).`,
      );
    }
    digits.push(value);
  }
  if (digits.length % 2 !== 0) {
    return err(
      `Not valid hex: it has an odd number of hex digits (${digits.length}); every byte needs two.`,
    );
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = ((digits[2 * i] as number) << 4) | (digits[2 * i + 1] as number);
  }
  return ok(out);
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
