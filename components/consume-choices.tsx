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
      <ConsumeChoiceButtons
        labels={{
          watch: 'Watch without consuming',
          requeue: 'Subscribe with requeue',
          anyway: 'Subscribe anyway',
          cancel: cancelLabel,
        }}
        canWatch={canWatch}
        onChoose={onChoose}
      />
    </div>
  );
}

/** The four ways on, in one order and weight wherever they are offered; only the words differ. */
export function ConsumeChoiceButtons({
  labels,
  canWatch,
  onChoose,
}: {
  labels: Record<ConsumeChoice, string>;
  canWatch: boolean;
  onChoose: (choice: ConsumeChoice) => void;
}) {
  return (
    <ChoiceButtons
      choices={[
        { value: 'watch', label: labels.watch, variant: 'primary', disabled: !canWatch },
        { value: 'requeue', label: labels.requeue, variant: 'secondary' },
        { value: 'anyway', label: labels.anyway, variant: 'danger' },
        { value: 'cancel', label: labels.cancel, variant: 'ghost' },
      ]}
      onChoose={onChoose}
    />
  );
}
