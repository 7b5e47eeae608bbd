import { useEffect, useRef } from 'react';
import type { ConsumeChoice } from '@/lib/watch/connect-check';
import { ChoiceButtons } from '@/components/ui/choice-buttons';

export type { ConsumeChoice };

export interface ConsumeChoicesProps {
  /** Whether the queues can be watched through the firehose (no `*`/`#` word in a name). */
  canWatch: boolean;
  /** What the last button says: `Cancel`, or what cancelling does. */
  cancelLabel: string;
  onChoose: (choice: ConsumeChoice) => void;
}

/**
 * The ways to go on when a pane would take messages from other consumers, each explained, and
 * their buttons. The choice is the next thing to do: focus moves to it, as in a dialog.
 */
export function ConsumeChoices({ canWatch, cancelLabel, onChoose }: ConsumeChoicesProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(
    () => box.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus(),
    [],
  );
  return (
    <div ref={box} className="flex flex-col gap-2">
      <ul className="list-disc pl-5 text-xs">
        <li>
          <strong>Watch without consuming</strong>: a copy of every delivery through RabbitMQ&apos;s
          firehose, with who got it; takes nothing.
        </li>
        <li>
          <strong>Subscribe with requeue</strong>: ack mode client, and each message is put back
          (NACK with requeue) once shown; the others get it again, marked redelivered.
        </li>
        <li>
          <strong>Subscribe anyway</strong>: take a share, as asked.
        </li>
      </ul>
      <ChoiceButtons
        choices={[
          {
            value: 'watch',
            label: 'Watch without consuming',
            variant: 'primary',
            disabled: !canWatch,
          },
          { value: 'requeue', label: 'Subscribe with requeue', variant: 'secondary' },
          { value: 'anyway', label: 'Subscribe anyway', variant: 'danger' },
          { value: 'cancel', label: cancelLabel, variant: 'ghost' },
        ]}
        onChoose={onChoose}
      />
    </div>
  );
}
