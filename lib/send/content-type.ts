import { isJsonContentType, type BodyEncoding } from './encoding';
import type { QuickHeaders } from './headers';

/**
 * The `content-type` each body encoding sends when the user sets none: a receiver then reads the
 * body the way the sender meant it (text as text, JSON as JSON, decoded bytes as opaque bytes).
 */
export const DEFAULT_CONTENT_TYPES: Readonly<Record<BodyEncoding, string>> = {
  text: 'text/plain',
  json: 'application/json',
  base64: 'application/octet-stream',
  hex: 'application/octet-stream',
};

/** The `content-type` a send will carry, and who chose it. */
export type ContentTypeChoice =
  /** Typed into the content-type field beside the Encoding. */
  | { source: 'field'; value: string }
  /** Set by a line of the custom headers (any letter case); the form adds nothing. */
  | { source: 'headers'; value: string }
  /** Nothing set: the encoding's default from {@link DEFAULT_CONTENT_TYPES}. */
  | { source: 'default'; value: string };

/**
 * Decides the `content-type` of a send: what the user typed in the field, else a custom
 * header's, else the default of the body's encoding. A custom header in another letter case
 * (`Content-Type`) counts as set, so the form never sends it beside a `content-type` of its own.
 *
 * @example
 * chooseContentType('text', '', {})                            // { source: 'default', value: 'text/plain' }
 * chooseContentType('hex', 'image/png', {})                    // { source: 'field', value: 'image/png' }
 * chooseContentType('json', '', { 'Content-Type': 'a/b+json' }) // { source: 'headers', value: 'a/b+json' }
 */
export function chooseContentType(
  encoding: BodyEncoding,
  field: string,
  customHeaders: Readonly<Record<string, string>>,
): ContentTypeChoice {
  const typed = field.trim();
  if (typed !== '') return { source: 'field', value: typed };
  const custom = Object.entries(customHeaders).find(
    ([name]) => name.toLowerCase() === 'content-type',
  );
  if (custom) return { source: 'headers', value: custom[1] };
  return { source: 'default', value: DEFAULT_CONTENT_TYPES[encoding] };
}

/**
 * How the body is checked before sending: as JSON when it will be labelled JSON (the `json`
 * encoding, or a `text` body whose content-type is a JSON type, so nothing goes out labelled
 * JSON that a receiver cannot parse), otherwise as its encoding says.
 *
 * @example
 * bodyCheckFor('text', 'text/plain')       // 'text': plain text is sent as typed
 * bodyCheckFor('text', 'application/json') // 'json'
 */
export function bodyCheckFor(encoding: BodyEncoding, contentType: string): BodyEncoding {
  return encoding === 'text' && isJsonContentType(contentType) ? 'json' : encoding;
}

/**
 * The quick header fields with the encoding's default `content-type` filled in when the user set
 * none (neither in the field nor in the custom headers), ready for `buildSendHeaders`.
 *
 * @example
 * withDefaultContentType('text', { persistent: true }, {}).quick // { persistent: true, contentType: 'text/plain' }
 */
export function withDefaultContentType(
  encoding: BodyEncoding,
  quick: QuickHeaders,
  customHeaders: Readonly<Record<string, string>>,
): { quick: QuickHeaders; contentType: ContentTypeChoice } {
  const contentType = chooseContentType(encoding, String(quick.contentType ?? ''), customHeaders);
  return {
    quick: contentType.source === 'default' ? { ...quick, contentType: contentType.value } : quick,
    contentType,
  };
}
