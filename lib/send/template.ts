/**
 * Per-message body templates for repeated sends: `{{i}}` is the message number within the run
 * (from 1), `{{uuid}}` a fresh random UUID, `{{now}}` the current time in ISO 8601 (UTC).
 * Spaces inside the braces are allowed (`{{ i }}`). Anything else in double braces is left as
 * typed and reported as a warning.
 *
 * A template is compiled once into literal parts and placeholders, so rendering a million bodies
 * costs a few string concatenations each. Templates apply to text and JSON bodies only.
 */

/** The placeholders a template understands. */
export const PLACEHOLDERS = ['i', 'uuid', 'now'] as const;

export type PlaceholderName = (typeof PLACEHOLDERS)[number];

/** A compiled template; see {@link compileTemplate}. */
export interface CompiledTemplate {
  /** The body of message `i` (1-based). */
  render(i: number): string;
  /** Unknown placeholders, in plain words; they are sent as typed. */
  warnings: string[];
  /** True when the text has at least one known placeholder (otherwise every body is the same). */
  templated: boolean;
}

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

type Part = { kind: 'literal'; text: string } | { kind: PlaceholderName };

/** True when `text` contains a known placeholder (`{{i}}`, `{{uuid}}`, `{{now}}`). */
export function hasPlaceholders(text: string): boolean {
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    if (isPlaceholder(match[1] ?? '')) return true;
  }
  return false;
}

/**
 * Compiles a body template.
 *
 * @example
 * const t = compileTemplate('{"n": {{i}}, "id": "{{uuid}}", "at": "{{now}}"}');
 * t.render(1); // '{"n": 1, "id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427", "at": "2025-01-01T12:00:00.000Z"}'
 * compileTemplate('{{name}}').warnings; // ['{{name}} is not a placeholder; it is sent as typed. Known: {{i}}, {{uuid}}, {{now}}.']
 */
export function compileTemplate(text: string): CompiledTemplate {
  const parts: Part[] = [];
  const unknown = new Set<string>();
  let literalStart = 0;
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1] ?? '';
    if (!isPlaceholder(name)) {
      unknown.add(match[0]);
      continue;
    }
    const index = match.index ?? 0;
    if (index > literalStart)
      parts.push({ kind: 'literal', text: text.slice(literalStart, index) });
    parts.push({ kind: name });
    literalStart = index + match[0].length;
  }
  if (literalStart < text.length) parts.push({ kind: 'literal', text: text.slice(literalStart) });

  const warnings = [...unknown].map(
    (token) =>
      `${token} is not a placeholder; it is sent as typed. Known: {{i}}, {{uuid}}, {{now}}.`,
  );
  if (!parts.some((part) => part.kind !== 'literal')) {
    return { render: () => text, warnings, templated: false };
  }
  return {
    warnings,
    templated: true,
    render(i: number): string {
      let out = '';
      for (const part of parts) {
        switch (part.kind) {
          case 'literal':
            out += part.text;
            break;
          case 'i':
            out += i;
            break;
          case 'uuid':
            out += randomUuid();
            break;
          case 'now':
            out += new Date().toISOString();
            break;
        }
      }
      return out;
    },
  };
}

function isPlaceholder(name: string): name is PlaceholderName {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * A random (version 4) UUID. `crypto.randomUUID` exists only in secure contexts (https or
 * localhost) in browsers, so a dashboard opened over plain http on a LAN address falls back to
 * `crypto.getRandomValues`, which works everywhere, and to Math.random only without Web Crypto.
 */
export function randomUuid(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let k = 0; k < 16; k++) bytes[k] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
