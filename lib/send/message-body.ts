import { err, ok, type Result } from '@/lib/util/result';
import { checkJsonBody, encodeBody, type BodyEncoding } from './encoding';
import { compileTemplate } from './template';

/** A body ready to send many times; see {@link prepareBody}. */
export interface PreparedBody {
  /** The body of message `i` (1-based): the same value every time unless templated. */
  body: (i: number) => string | Uint8Array;
  /** True when text/JSON has placeholders, so bodies differ per message. */
  templated: boolean;
  /** Advice that does not block sending (unknown placeholders, braces in binary input). */
  warnings: string[];
}

/**
 * Turns the body field and its encoding into the body function a bulk send uses: validates and
 * decodes once, and compiles `{{i}}`, `{{uuid}}` and `{{now}}` for text and JSON bodies.
 *
 * A JSON template is checked with the placeholders filled in for message 1, not as typed, since
 * `{"n": {{i}}}` is only JSON once `{{i}}` is a number. Base64 and hex bodies are never templated:
 * they are decoded once and the same bytes are sent every time.
 *
 * @example
 * const prepared = prepareBody('{"n": {{i}}}', 'json');
 * if (prepared.ok) prepared.value.body(7); // '{"n": 7}'
 */
export function prepareBody(text: string, encoding: BodyEncoding): Result<PreparedBody> {
  if (encoding === 'base64' || encoding === 'hex') {
    const encoded = encodeBody(text, encoding);
    if (!encoded.ok) {
      const hint = text.includes('{{')
        ? ' Placeholders such as {{i}} only work in text and JSON bodies.'
        : '';
      return err(encoded.error + hint);
    }
    const bytes = encoded.value;
    return ok({ body: () => bytes, templated: false, warnings: [] });
  }
  const template = compileTemplate(text);
  if (!template.templated) {
    const encoded = encodeBody(text, encoding);
    if (!encoded.ok) return encoded;
    const value = encoded.value;
    return ok({ body: () => value, templated: false, warnings: template.warnings });
  }
  if (encoding === 'json') {
    const checked = checkJsonBody(template.render(1));
    if (!checked.ok) {
      return err(
        `With the placeholders filled in for message 1, the body is not JSON. ${checked.error} (Put {{uuid}} and {{now}} inside double quotes; {{i}} may stand alone as a number.)`,
      );
    }
  }
  return ok({ body: (i) => template.render(i), templated: true, warnings: template.warnings });
}
