import { useId } from 'react';
import type { ConsumeCheck } from '@/lib/watch/consume-warning';
import { VisibleText } from '@/components/ui/visible-text';
import { ConsumeChoices, type ConsumeChoice } from '@/components/consume-choices';

export type { ConsumeChoice };

export interface ConsumeWarningProps {
  check: Extract<ConsumeCheck, { kind: 'warn' | 'unknown' }>;
  /** Whether the queue's name can be watched through the firehose (no `*`/`#` word). */
  canWatch: boolean;
  onChoose: (choice: ConsumeChoice) => void;
}

/**
 * Shown in the Subscribe form instead of subscribing: the queue has other consumers (or nobody
 * could tell), so nothing is sent until the user picks one of the ways to go on.
 */
export function ConsumeWarning({ check, canWatch, onChoose }: ConsumeWarningProps) {
  const textId = useId();
  return (
    <div
      role="alertdialog"
      aria-label={
        check.kind === 'warn' ? `${check.queue} has other consumers` : 'Other consumers unknown'
      }
      aria-describedby={textId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onChoose('cancel');
      }}
      className="flex flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <p id={textId}>
        <VisibleText text={check.text} /> Nothing was subscribed yet.
      </p>
      <ConsumeChoices canWatch={canWatch} cancelLabel="Cancel" onChoose={onChoose} />
    </div>
  );
}
