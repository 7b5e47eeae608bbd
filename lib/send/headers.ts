import { validateReplyTo } from '@/lib/routing/destination';
import { err, ok, type Result } from '@/lib/util/result';

/**
 * SEND headers as a person types them: a textarea with one `name: value` per line, plus the
 * "quick" fields of the send form (content type, persistent, reply-to, expiration, priority,
 * correlation id). Everything that would make RabbitMQ close the connection, or that the client
 * owns, is refused here with a plain-words reason, before anything is sent.
 *
 * Header values travel safely whatever they contain: on a STOMP 1.2 connection stompjs escapes
 * values on the wire (`\` as `\\`, `:` as `\c`, line feed as `\n`, carriage return as `\r`),
 * and RabbitMQ unescapes them. Header *names* are not escaped by stompjs, which is why a name
 * may not contain `:` or `\`.
 */

/** Headers the client or the form owns, with the reason a custom line may not set them. */
const RESERVED: Readonly<Record<string, string>> = {
  'content-length': 'the client computes content-length from the body',
  'message-id':
    'RabbitMQ refuses message-id on SEND (it closes the connection); use correlation-id, or amqp-message-id to set the AMQP message id',
  destination: 'use the Destination field',
  receipt: 'use the receipt option of the send form',
  transaction:
    'this form does not send transactions (BEGIN/COMMIT); a message in a transaction that is never committed is never delivered',
};

/** Escapes the textarea syntax understands inside a value, after the backslash. */
const VALUE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', '\\': '\\' };

/**
 * Parses the custom-headers textarea: one `name: value` per line.
 *
 * - A line is split at its **first** colon; the one space after the colon is dropped, any other
 *   whitespace in the value is kept. Whitespace around the name is trimmed. Blank lines are ignored.
 * - Values may contain `:` (stompjs escapes it as `\c` on the wire).
 * - A value cannot span lines, so a line break is written as an escape: `\n` (backslash, n) is
 *   sent as a real line feed, and `\\` as one backslash. Any other backslash sequence is refused
 *   (so `C:\temp` asks for `C:\\temp` instead of sending something unexpected).
 * - Refused, each with its line number: an empty name, a name containing `:` or `\`, the same
 *   name twice, and the reserved `content-length`, `message-id`, `destination`, `receipt` and
 *   `transaction` (in any letter case). `content-type` and everything else are allowed.
 *
 * Every problem found is reported, one per line of the error.
 *
 * @example
 * parseHeaderLines('x-trace: a:b\nnote: line 1\\nline 2')
 * // ok({ 'x-trace': 'a:b', note: 'line 1\nline 2' })
 */
export function parseHeaderLines(text: string): Result<Record<string, string>> {
  const headers: Record<string, string> = {};
  const firstLine = new Map<string, number>();
  const problems: string[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.trim() === '') return;
    const problem = parseLine(line, lineNo);
    if (typeof problem === 'string') {
      problems.push(problem);
      return;
    }
    const { name, value } = problem;
    const earlier = firstLine.get(name);
    if (earlier !== undefined) {
      problems.push(
        `Line ${lineNo}: the header "${name}" is already set on line ${earlier}. A header can be sent once; remove one of the two lines.`,
      );
      return;
    }
    firstLine.set(name, lineNo);
    headers[name] = value;
  });
  if (problems.length > 0) return err(problems.join('\n'));
  return ok(headers);
}

function parseLine(line: string, lineNo: number): { name: string; value: string } | string {
  const colon = line.indexOf(':');
  if (colon < 0) {
    return `Line ${lineNo}: "${shorten(line.trim())}" has no colon. Write each header as name: value.`;
  }
  const name = line.slice(0, colon).trim();
  let raw = line.slice(colon + 1);
  if (raw.startsWith(' ')) raw = raw.slice(1);
  if (name === '') {
    return `Line ${lineNo}: the header name before the colon is empty. Write each header as name: value. A name cannot contain a colon: each line is split at its first colon, so there is no way to write one.`;
  }
  // stompjs does not escape header names, so RabbitMQ would read a backslash as a broken escape.
  if (name.includes('\\')) {
    return `Line ${lineNo}: the header name "${shorten(name)}" contains a backslash. stompjs sends header names unescaped and RabbitMQ would read it as a broken escape sequence, closing the connection; a name cannot contain "\\" or ":". Rename the header.`;
  }
  if (name.includes('\u0000') || raw.includes('\u0000')) {
    return `Line ${lineNo}: a NUL character cannot be sent in a STOMP header; remove it.`;
  }
  const reserved = RESERVED[name.toLowerCase()];
  if (reserved !== undefined) {
    return `Line ${lineNo}: "${name}" cannot be set here: ${reserved}.`;
  }
  const value = unescapeValue(raw);
  if (!value.ok) return `Line ${lineNo}: in the value of "${name}", ${value.error}`;
  return { name, value: value.value };
}

function unescapeValue(raw: string): Result<string> {
  if (!raw.includes('\\')) return ok(raw);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) {
      return err(
        'the value ends with a lone backslash. Write \\\\ for a backslash, \\n for a line break.',
      );
    }
    const replacement = VALUE_ESCAPES[next];
    if (replacement === undefined) {
      return err(
        `"\\${next}" at position ${i + 1} is not an escape this form knows. Write \\\\ for a backslash (so C:\\\\temp) and \\n for a line break.`,
      );
    }
    out += replacement;
    i++;
  }
  return ok(out);
}

/**
 * The inverse of {@link parseHeaderLines}: headers as textarea text, escaping backslashes and
 * line feeds so that parsing the result gives the same headers back. (A carriage return has no
 * escape in this syntax; parseHeaderLines never produces one.)
 */
export function formatHeaderLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => {
      const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
      return `${name}: ${escaped}`;
    })
    .join('\n');
}

/**
 * The quick fields of the send form. Empty strings count as unset (that is what an empty input
 * gives), and numbers may come as strings.
 */
export interface QuickHeaders {
  /** `content-type`, e.g. `application/json`. */
  contentType?: string;
  /** `persistent: true`: RabbitMQ stores the message on disk, and a receipt then waits for the broker's confirm. */
  persistent?: boolean;
  /** `reply-to`, usually `/temp-queue/NAME`; checked with validateReplyTo. */
  replyTo?: string;
  /** `expiration`: per-message TTL in milliseconds, a whole number. */
  expiration?: string | number;
  /** `priority`: a whole number 0–255 (queues with x-max-priority usually use 0–9). */
  priority?: string | number;
  /** `correlation-id`. */
  correlationId?: string;
}

type QuickField = keyof QuickHeaders;

/** The STOMP header each quick field sets. */
export const QUICK_HEADER_NAMES: Readonly<Record<QuickField, string>> = {
  contentType: 'content-type',
  persistent: 'persistent',
  replyTo: 'reply-to',
  expiration: 'expiration',
  priority: 'priority',
  correlationId: 'correlation-id',
};

const QUICK_LABELS: Readonly<Record<QuickField, string>> = {
  contentType: 'Content type',
  persistent: 'Persistent',
  replyTo: 'Reply-to',
  expiration: 'Expiration',
  priority: 'Priority',
  correlationId: 'Correlation id',
};

/** RabbitMQ's largest per-message TTL (2^32 - 1 ms, about 49.7 days). */
export const MAX_EXPIRATION_MS = 4_294_967_295;

/**
 * Combines the quick fields and the custom headers into the headers of one SEND.
 *
 * Validates what RabbitMQ would otherwise answer by closing the connection: `priority` must be a
 * whole number 0–255, `expiration` a whole, non-negative number of milliseconds (at most
 * 2^32 - 1), `reply-to` a destination RabbitMQ can parse. The same rules apply to a custom
 * header of exactly the same name. A quick field and a custom header setting the same header (in
 * any letter case) is refused rather than silently picking one. `persistent: true` becomes
 * `persistent: 'true'`; `persistent: false` sends nothing (non-persistent is the default).
 *
 * @example
 * buildSendHeaders({ contentType: 'application/json', persistent: true, priority: '5' }, { 'x-app': 'demo' })
 * // ok({ 'content-type': 'application/json', persistent: 'true', priority: '5', 'x-app': 'demo' })
 */
export function buildSendHeaders(
  quick: QuickHeaders,
  custom: Record<string, string>,
): Result<Record<string, string>> {
  const problems: string[] = [];
  const headers: Record<string, string> = {};
  const normalised: Record<string, string> = {};
  const customByLower = new Map(Object.keys(custom).map((name) => [name.toLowerCase(), name]));

  for (const field of Object.keys(QUICK_HEADER_NAMES) as QuickField[]) {
    const header = QUICK_HEADER_NAMES[field];
    const raw = quickValue(quick, field);
    const customName = customByLower.get(header);
    if (raw === undefined) {
      // Header names are case-sensitive: only the exact name has RabbitMQ's meaning and rules.
      const same = custom[header];
      if (same !== undefined) {
        const checked = checkHeaderValue(header, same);
        if (!checked.ok) problems.push(`Custom header "${header}": ${checked.error}`);
        else normalised[header] = checked.value;
      }
      continue;
    }
    if (customName !== undefined) {
      problems.push(
        `${QUICK_LABELS[field]} is set and the custom headers also set "${customName}". Keep one of the two.`,
      );
      continue;
    }
    const checked = checkHeaderValue(header, raw);
    if (!checked.ok) problems.push(`${QUICK_LABELS[field]}: ${checked.error}`);
    else headers[header] = checked.value;
  }
  if (problems.length > 0) return err(problems.join('\n'));
  return ok({ ...headers, ...custom, ...normalised });
}

function quickValue(quick: QuickHeaders, field: QuickField): string | undefined {
  const value = quick[field];
  if (value === undefined || value === false) return undefined;
  if (value === true) return 'true';
  const text = String(value);
  return text.trim() === '' ? undefined : text;
}

/** Checks one value of a header that has rules; returns it normalised. */
function checkHeaderValue(header: string, value: string): Result<string> {
  switch (header) {
    case 'priority':
      return isWholeNumberIn(value, 0, 255)
        ? ok(value.trim())
        : err(
            `"${shorten(value)}" is not a priority. RabbitMQ takes a whole number from 0 to 255 (queues declared with x-max-priority usually use 0–9; a higher priority counts as the queue's maximum).`,
          );
    case 'expiration':
      return isWholeNumberIn(value, 0, MAX_EXPIRATION_MS)
        ? ok(value.trim())
        : err(
            `"${shorten(value)}" is not an expiration. Give the time to live in milliseconds as a whole number from 0 to ${MAX_EXPIRATION_MS} (60000 is one minute); RabbitMQ closes the connection over anything else.`,
          );
    case 'persistent': {
      const v = value.trim().toLowerCase();
      if (v === 'true' || v === 'false') return ok(v);
      return err(`"${shorten(value)}" should be true or false.`);
    }
    case 'reply-to': {
      const checked = validateReplyTo(value);
      return checked.ok ? { ok: true, value } : err(checked.error);
    }
    case 'content-type':
      return value.trim() === '' ? err('the content type is empty.') : ok(value.trim());
    default:
      return { ok: true, value };
  }
}

function isWholeNumberIn(value: string, min: number, max: number): boolean {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 50)}…` : text;
}
