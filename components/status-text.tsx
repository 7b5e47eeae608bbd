import { VisibleText } from '@/components/ui/visible-text';

const tones = {
  ok: 'bg-emerald-500',
  busy: 'bg-amber-500 animate-pulse',
  bad: 'bg-red-500',
  idle: 'bg-zinc-400',
} as const;

/** A live status line: a coloured dot and the words, announced politely to screen readers. */
export function StatusText({
  label,
  text,
  tone,
}: {
  label: string;
  text: string;
  tone: keyof typeof tones;
}) {
  return (
    <p
      role="status"
      aria-label={label}
      aria-live="polite"
      className="flex min-w-0 items-start gap-2 text-sm"
    >
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${tones[tone]}`} />
      <span
        className={`min-w-0 break-words ${tone === 'bad' ? 'text-red-700 dark:text-red-300' : ''}`}
      >
        <VisibleText text={text} />
      </span>
    </p>
  );
}
