import { bodyBytes, bodyText, classifyBody, hexDump, prettyJson } from './body-format';
import type { PaneMessage } from './message';

/** The ways the message detail shows a body. */
export type BodyView = 'text' | 'json' | 'hex';

/**
 * How much of a body the message detail renders: `preview` at first, `all` at most after
 * Show all. Beyond `all` only a download has the whole body: a 10 MB body dumped whole as hex
 * was a 51.7-million-character `<pre>` and a 21.6 s task.
 */
export const BODY_VIEW_LIMITS = {
  /** Characters of text or pretty JSON. */
  text: { preview: 64 * 1024, all: 2 * 1024 * 1024 },
  /** Bytes dumped as hex; each takes about 5 characters of the dump (79 a line of 16). */
  hex: { preview: 64 * 1024, all: 256 * 1024 },
} as const;

/** What part of a body a view renders; see {@link boundedBody}. */
export interface BoundedBody {
  /** The text to render (as text, never HTML). */
  readonly text: string;
  /** How much of the body `text` shows, in `unit`s. */
  readonly shown: number;
  /** The whole body (or its pretty JSON), in `unit`s. */
  readonly total: number;
  readonly unit: 'characters' | 'bytes';
  /**
   * `whole`: all of it. `preview`: cut, and Show all renders more. `capped`: cut at the most
   * the detail ever renders; the rest only by downloading the body.
   */
  readonly extent: 'whole' | 'preview' | 'capped';
}

/**
 * The part of `message`'s body that `view` renders, bounded by {@link BODY_VIEW_LIMITS}
 * whether or not the user asked to see all of it. Text is never cut inside a surrogate pair.
 *
 * @example
 * boundedBody(tenMegabyteMessage, 'hex', true).extent; // 'capped' (256 KiB of 10 MiB shown)
 */
export function boundedBody(message: PaneMessage, view: BodyView, showAll: boolean): BoundedBody {
  if (view === 'hex') {
    const bytes = bodyBytes(message);
    const limits = BODY_VIEW_LIMITS.hex;
    const shown = Math.min(bytes.length, showAll ? limits.all : limits.preview);
    return {
      text: hexDump(bytes, { maxBytes: shown }),
      shown,
      total: bytes.length,
      unit: 'bytes',
      extent: extentOf(shown, bytes.length, showAll),
    };
  }
  const raw = bodyText(message) ?? '';
  const full = view === 'json' ? (prettyJson(raw) ?? raw) : raw;
  const limits = BODY_VIEW_LIMITS.text;
  const text = cutText(full, showAll ? limits.all : limits.preview);
  return {
    text,
    shown: text.length,
    total: full.length,
    unit: 'characters',
    extent: extentOf(text.length, full.length, showAll),
  };
}

/** A file name for downloading a message's body, by what it contains: `message-12.json`. */
export function bodyFileName(message: PaneMessage): string {
  const kind = classifyBody(message);
  return `message-${message.seq}.${kind === 'json' ? 'json' : kind === 'text' ? 'txt' : 'bin'}`;
}

function extentOf(shown: number, total: number, showAll: boolean): BoundedBody['extent'] {
  if (shown >= total) return 'whole';
  return showAll ? 'capped' : 'preview';
}

function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? maxChars - 1 : maxChars);
}
