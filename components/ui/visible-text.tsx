import { hasInvisibleCharacters, visibleSegments } from '@/lib/util/visible-text';

export interface VisibleTextProps {
  /** Untrusted text: a queue or exchange name, routing key, subscription id, header. */
  text: string;
}

/**
 * Renders `text` as text, with bidirectional controls and zero-width characters shown as
 * `⟨U+202E⟩` in a style of their own instead of silently reordering or hiding what follows.
 */
export function VisibleText({ text }: VisibleTextProps) {
  if (!hasInvisibleCharacters(text)) return text;
  return visibleSegments(text).map((segment, i) =>
    segment.kind === 'plain' ? (
      segment.text
    ) : (
      <span
        key={i}
        title={segment.name}
        className="mx-px rounded bg-rose-100 px-0.5 font-mono text-[0.85em] text-rose-800 dark:bg-rose-900/50 dark:text-rose-200"
      >
        ⟨{segment.code}⟩
      </span>
    ),
  );
}
