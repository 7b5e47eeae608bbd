import * as z from 'zod/mini';
import { Emitter } from '@/lib/util/emitter';
import { err, errorMessage, ok, type Result } from '@/lib/util/result';
import { BODY_ENCODINGS, type BodyEncoding } from './encoding';
import type { QuickHeaders } from './headers';

/**
 * The send form's memory: the last sends (newest first) and named templates, kept in
 * localStorage (or anything with getItem/setItem). What is read back is validated: corrupted or
 * foreign data reads as empty instead of crashing the page. No connection settings and never a
 * passcode are stored; only what the send form holds.
 */

/** Everything the send form needs to repeat a send. */
export interface SendDraft {
  destination: string;
  body: string;
  encoding: BodyEncoding;
  /** The custom headers textarea, as typed. */
  headersText: string;
  quick: QuickHeaders;
  /** How many messages (1 for a single send). */
  repeat: number;
  /** Messages per second, or null for as fast as possible. */
  ratePerSecond: number | null;
}

/** One remembered send. */
export interface SendHistoryEntry extends SendDraft {
  /** When it was sent, in ms since the epoch. */
  at: number;
}

/** A named, saved draft. */
export interface SendTemplate {
  name: string;
  savedAt: number;
  draft: SendDraft;
}

/** The part of the Web Storage API this needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** How many sends are remembered. */
/** What the history holds now, for a view: newest sends first, templates by name. */
export interface SendHistorySnapshot {
  entries: SendHistoryEntry[];
  templates: SendTemplate[];
}

export const HISTORY_LIMIT = 50;
/** Bodies longer than this (in UTF-16 units) are not remembered, so localStorage stays small. */
export const MAX_REMEMBERED_BODY = 100_000;
export const MAX_TEMPLATE_NAME = 80;

const HISTORY_KEY = 'stompwatch.send.history.v1';
const TEMPLATES_KEY = 'stompwatch.send.templates.v1';

const quickSchema = z.object({
  contentType: z.optional(z.string()),
  persistent: z.optional(z.boolean()),
  replyTo: z.optional(z.string()),
  expiration: z.optional(z.union([z.string(), z.number()])),
  priority: z.optional(z.union([z.string(), z.number()])),
  correlationId: z.optional(z.string()),
});

const draftSchema = z.object({
  destination: z.string(),
  body: z.string(),
  encoding: z.enum(BODY_ENCODINGS as [BodyEncoding, ...BodyEncoding[]]),
  headersText: z.string(),
  quick: quickSchema,
  repeat: z.number().check(z.int(), z.gte(1)),
  ratePerSecond: z.nullable(z.number().check(z.positive())),
});

const entrySchema = z.extend(draftSchema, { at: z.number() });

const templateSchema = z.object({
  name: z.string().check(z.minLength(1)),
  savedAt: z.number(),
  draft: draftSchema,
});

/**
 * Remembered sends and named templates over an injected storage.
 *
 * @example
 * const history = new SendHistory(window.localStorage);
 * history.add({ destination: '/topic/a', body: 'hi', encoding: 'text', headersText: '', quick: {}, repeat: 1, ratePerSecond: null });
 * history.entries()[0]?.destination; // '/topic/a'
 */
export class SendHistory {
  private readonly changes = new Emitter<void>();
  private snapshot: SendHistorySnapshot | null = null;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls `listener` after every change; returns the function that stops it (useSyncExternalStore). */
  subscribe = (listener: () => void): (() => void) => this.changes.on(listener);

  /** The remembered sends and templates, the same object until something changes. */
  getSnapshot = (): SendHistorySnapshot =>
    (this.snapshot ??= { entries: this.entries(), templates: this.templates() });

  /** Remembered sends, newest first. */
  entries(): SendHistoryEntry[] {
    return this.readList(HISTORY_KEY, entrySchema);
  }

  /**
   * Remembers a send at the top. Sending the same thing again only moves its time forward instead
   * of adding a copy. Keeps the newest {@link HISTORY_LIMIT}.
   */
  add(draft: SendDraft): Result<void> {
    if (draft.body.length > MAX_REMEMBERED_BODY) {
      return err(
        `Not kept in the history: the body is longer than ${MAX_REMEMBERED_BODY.toLocaleString('en-US')} characters.`,
      );
    }
    const entry: SendHistoryEntry = { ...pickDraft(draft), at: this.now() };
    const entries = this.entries();
    const newest = entries[0];
    if (newest && sameDraft(newest, entry)) entries[0] = entry;
    else entries.unshift(entry);
    return this.writeList(HISTORY_KEY, entries.slice(0, HISTORY_LIMIT), true);
  }

  /** Forgets every remembered send (templates stay). */
  clear(): Result<void> {
    return this.writeList(HISTORY_KEY, [], false);
  }

  /** Saved templates, sorted by name. */
  templates(): SendTemplate[] {
    return this.readList(TEMPLATES_KEY, templateSchema).sort((a, b) =>
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
    );
  }

  /** Saves a template, replacing one with the same name (ignoring surrounding spaces). */
  saveTemplate(name: string, draft: SendDraft): Result<void> {
    const trimmed = name.trim();
    if (trimmed === '') return err('Give the template a name.');
    if (trimmed.length > MAX_TEMPLATE_NAME) {
      return err(`A template name can have at most ${MAX_TEMPLATE_NAME} characters.`);
    }
    if (draft.body.length > MAX_REMEMBERED_BODY) {
      return err(
        `The body is longer than ${MAX_REMEMBERED_BODY.toLocaleString('en-US')} characters, too large to save as a template.`,
      );
    }
    const templates = this.readList(TEMPLATES_KEY, templateSchema).filter(
      (t) => t.name !== trimmed,
    );
    templates.push({ name: trimmed, savedAt: this.now(), draft: pickDraft(draft) });
    return this.writeList(TEMPLATES_KEY, templates, false);
  }

  /** The template with this name, if any. */
  template(name: string): SendTemplate | undefined {
    return this.templates().find((t) => t.name === name.trim());
  }

  /** Deletes a template; deleting one that does not exist is fine. */
  deleteTemplate(name: string): Result<void> {
    const templates = this.readList(TEMPLATES_KEY, templateSchema);
    const kept = templates.filter((t) => t.name !== name.trim());
    if (kept.length === templates.length) return ok(undefined);
    return this.writeList(TEMPLATES_KEY, kept, false);
  }

  private readList<T>(key: string, schema: z.ZodMiniType<T>): T[] {
    let raw: string | null;
    try {
      raw = this.storage.getItem(key);
    } catch {
      return []; // storage disabled (privacy settings, sandboxed frame)
    }
    if (raw === null) return [];
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return [];
    }
    if (!Array.isArray(data)) return [];
    // Keep what is still valid: one bad entry should not cost the rest.
    const items: T[] = [];
    for (const item of data) {
      const parsed = schema.safeParse(item);
      if (parsed.success) items.push(parsed.data);
    }
    return items;
  }

  /** Writes; when storage is full and `shrink` is set, drops the oldest entries until it fits. */
  private writeList<T>(key: string, items: T[], shrink: boolean): Result<void> {
    let list = items;
    for (;;) {
      try {
        this.storage.setItem(key, JSON.stringify(list));
        this.snapshot = null;
        this.changes.emit();
        return ok(undefined);
      } catch (error) {
        if (!shrink || list.length <= 1) {
          return err(
            `Could not save in the browser's storage (${errorMessage(error)}); it may be full or disabled.`,
          );
        }
        list = list.slice(0, Math.ceil(list.length / 2));
      }
    }
  }
}

/** Copies only the draft's own fields, so nothing else (never a passcode) reaches storage. */
function pickDraft(draft: SendDraft): SendDraft {
  const quick = quickSchema.parse(draft.quick);
  return {
    destination: draft.destination,
    body: draft.body,
    encoding: draft.encoding,
    headersText: draft.headersText,
    quick,
    repeat: draft.repeat,
    ratePerSecond: draft.ratePerSecond,
  };
}

function sameDraft(a: SendDraft, b: SendDraft): boolean {
  return (
    a.destination === b.destination &&
    a.body === b.body &&
    a.encoding === b.encoding &&
    a.headersText === b.headersText &&
    a.repeat === b.repeat &&
    a.ratePerSecond === b.ratePerSecond &&
    JSON.stringify(normaliseQuick(a.quick)) === JSON.stringify(normaliseQuick(b.quick))
  );
}

function normaliseQuick(quick: QuickHeaders): [string, unknown][] {
  return Object.entries(quick)
    .filter(([, value]) => value !== undefined && value !== '')
    .sort(([a], [b]) => a.localeCompare(b));
}
