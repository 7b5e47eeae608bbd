import { ConsumeChoiceButtons } from '@/components/consume-choices';
import { VisibleText } from '@/components/ui/visible-text';

export interface ImportConsumeWarningProps {
  file: string;
  /** One sentence per pane that would take other consumers' messages (or might). */
  texts: string[];
  /** Whether every flagged queue can be watched through the firehose (no `*`/`#` word). */
  canWatch: boolean;
  onChoose: (choice: 'watch' | 'requeue' | 'anyway' | 'cancel') => void;
}

/**
 * Before an imported workspace subscribes panes to queues other programs consume: nothing is
 * imported until the user picks. Watching instead turns those panes into firehose watch panes.
 */
export function ImportConsumeWarning({
  file,
  texts,
  canWatch,
  onChoose,
}: ImportConsumeWarningProps) {
  return (
    <div
      role="alertdialog"
      aria-label="Imported panes would take messages"
      className="fixed inset-x-2 top-12 z-40 mx-auto flex max-w-xl flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 shadow-lg dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <p>
        <VisibleText text={file} /> has panes that would consume from queues with other consumers.
        Nothing was imported yet.
      </p>
      <ul className="list-disc pl-5 text-xs">
        {texts.map((text) => (
          <li key={text}>
            <VisibleText text={text} />
          </li>
        ))}
      </ul>
      <ConsumeChoiceButtons
        labels={{
          watch: 'Import, watching instead',
          requeue: 'Import with requeue',
          anyway: 'Import anyway',
          cancel: 'Cancel',
        }}
        canWatch={canWatch}
        onChoose={onChoose}
      />
    </div>
  );
}
