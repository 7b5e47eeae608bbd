import { diffLines, diffWordsWithSpace } from 'diff';
import { bodyBytes, bodyText, classifyBody, prettyJson } from '@/lib/messages/body-format';
import type { PaneMessage } from '@/lib/messages/message';
import { SEQUENCE_HEADER } from '@/lib/delivery/tally';

/** Headers that differ on every delivery or send, so comparing them says nothing about the messages. */
export const PER_DELIVERY_HEADERS: readonly string[] = [
  'message-id',
  'ack',
  'subscription',
  'receipt',
  SEQUENCE_HEADER,
];

/** How one header compares. */
export interface HeaderChange {
  name: string;
  kind: 'added' | 'removed' | 'changed' | 'same';
  /** Its value in the first message (absent when added). */
  left?: string;
  /** Its value in the second message (absent when removed). */
  right?: string;
}

/** One run of a body diff: lines (or words) only in the first, only in the second, or in both. */
export interface DiffPart {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/** How the bodies compare. */
export type BodyDiff =
  | { kind: 'identical'; as: 'json' | 'text' | 'binary' }
  /** Pretty JSON (both parse) or text, line by line; `words` for single-line text. */
  | { kind: 'json' | 'text' | 'words'; parts: DiffPart[] }
  /** At least one is binary, or the bodies are too big or too different to diff: a byte note. */
  | { kind: 'bytes'; note: string };

export interface MessageDiff {
  headers: HeaderChange[];
  body: BodyDiff;
}

/** Bodies beyond this many characters are compared as bytes: a line diff of them could freeze the page. */
const MAX_DIFF_CHARS = 256 * 1024;
/** A diff needing more edits than this gives up (jsdiff's maxEditLength), for the same reason. */
const MAX_EDITS = 5000;

/**
 * Compares two received messages as an operator reads them: headers added, removed and changed
 * (less those that differ on every delivery, {@link PER_DELIVERY_HEADERS}); bodies as pretty
 * JSON diffed by line when both parse, as text by line (by word for one-line texts) otherwise,
 * and a byte-level note when either is binary. Diffs are jsdiff's.
 *
 * @example
 * diffMessages(a, b).headers.filter((h) => h.kind !== 'same') // [{ name: 'x-trace', kind: 'changed', left: 'one', right: 'two' }]
 */
export function diffMessages(left: PaneMessage, right: PaneMessage): MessageDiff {
  return { headers: diffHeaders(left.headers, right.headers), body: diffBodies(left, right) };
}

/** Header by header, in the first message's order, then those only the second has. */
export function diffHeaders(
  left: Readonly<Record<string, string>>,
  right: Readonly<Record<string, string>>,
): HeaderChange[] {
  const skip = new Set(PER_DELIVERY_HEADERS);
  const changes: HeaderChange[] = [];
  for (const [name, value] of Object.entries(left)) {
    if (skip.has(name)) continue;
    if (!Object.hasOwn(right, name)) changes.push({ name, kind: 'removed', left: value });
    else {
      const other = right[name]!;
      changes.push({ name, kind: other === value ? 'same' : 'changed', left: value, right: other });
    }
  }
  for (const [name, value] of Object.entries(right)) {
    if (!skip.has(name) && !Object.hasOwn(left, name))
      changes.push({ name, kind: 'added', right: value });
  }
  return changes;
}

function diffBodies(left: PaneMessage, right: PaneMessage): BodyDiff {
  const kinds = [classifyBody(left), classifyBody(right)];
  if (kinds.includes('binary')) return bytesDiff(bodyBytes(left), bodyBytes(right), 'binary');
  const a = bodyText(left) ?? '';
  const b = bodyText(right) ?? '';
  if (a.length > MAX_DIFF_CHARS || b.length > MAX_DIFF_CHARS) {
    return bytesDiff(bodyBytes(left), bodyBytes(right), 'text');
  }
  if (kinds[0] === 'json' && kinds[1] === 'json') {
    const prettyA = prettyJson(a) ?? a;
    const prettyB = prettyJson(b) ?? b;
    if (prettyA === prettyB) return { kind: 'identical', as: 'json' };
    const parts = lineParts(prettyA, prettyB);
    return parts ? { kind: 'json', parts } : tooDifferent(left, right);
  }
  if (a === b) return { kind: 'identical', as: 'text' };
  if (!a.includes('\n') && !b.includes('\n')) {
    const words = diffWordsWithSpace(a, b, { maxEditLength: MAX_EDITS });
    if (words) return { kind: 'words', parts: words.map(toPart) };
    return tooDifferent(left, right);
  }
  const parts = lineParts(a, b);
  return parts ? { kind: 'text', parts } : tooDifferent(left, right);
}

function lineParts(a: string, b: string): DiffPart[] | undefined {
  const changes = diffLines(a, b, { maxEditLength: MAX_EDITS });
  return changes?.map(toPart);
}

function toPart(change: { added: boolean; removed: boolean; value: string }): DiffPart {
  return { kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value };
}

function tooDifferent(left: PaneMessage, right: PaneMessage): BodyDiff {
  const note = bytesDiff(bodyBytes(left), bodyBytes(right), 'text');
  return {
    kind: 'bytes',
    note: `Too different to compare line by line. ${note.kind === 'bytes' ? note.note : ''}`,
  };
}

/**
 * A byte-level note: the sizes, where the first difference is (with the bytes there, in hex),
 * and how many of the common bytes differ.
 *
 * @example
 * bytesDiff(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3), 'binary').note
 * // 'Binary bodies, 3 and 3 bytes: first difference at byte 1 (0x02 vs 0x09); 1 of the 3 common bytes differ.'
 */
export function bytesDiff(a: Uint8Array, b: Uint8Array, as: 'binary' | 'text'): BodyDiff {
  const common = Math.min(a.length, b.length);
  let first = -1;
  let differing = 0;
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) {
      differing++;
      if (first === -1) first = i;
    }
  }
  if (first === -1 && a.length === b.length) return { kind: 'identical', as };
  const label = as === 'binary' ? 'Binary bodies' : 'Bodies';
  const sizes = `${label}, ${a.length.toLocaleString('en-US')} and ${b.length.toLocaleString('en-US')} bytes`;
  if (first === -1) {
    return {
      kind: 'bytes',
      note: `${sizes}: the same for the first ${common.toLocaleString('en-US')} bytes; the ${a.length > b.length ? 'first' : 'second'} is longer.`,
    };
  }
  return {
    kind: 'bytes',
    note: `${sizes}: first difference at byte ${first.toLocaleString('en-US')} (${hex(a[first]!)} vs ${hex(b[first]!)}); ${differing.toLocaleString('en-US')} of the ${common.toLocaleString('en-US')} common bytes differ.`,
  };
}

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;
