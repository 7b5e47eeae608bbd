import { useId } from 'react';
import type { PaneConfig } from '@/lib/panes/pane-config';
import type { PaneToTell } from '@/lib/watch/consume-check';
import { canWatchAll } from '@/lib/watch/connect-check';
import { VisibleText } from '@/components/ui/visible-text';
import { ConsumeChoices, type ConsumeChoice } from '@/components/consume-choices';

export interface ConnectConsumeWarningProps {
  /** The panes Connect held back, each with what to tell about its queue. */
  told: readonly PaneToTell<PaneConfig>[];
  onChoose: (choice: ConsumeChoice) => void;
}

/**
 * After Connect, before any SUBSCRIBE of the panes that would take messages from queues other
 * programs consume (restored on reload, from a file, added while disconnected): one question
 * for all of them. The rest of the workspace is connected meanwhile.
 */
export function ConnectConsumeWarning({ told, onChoose }: ConnectConsumeWarningProps) {
  const textId = useId();
  const canWatch = canWatchAll(told);
  const one = told.length === 1;
  const unknown = told.some(({ check }) => check.kind === 'unknown');
  return (
    <div
      role="alertdialog"
      aria-label="Panes would take messages"
      aria-describedby={textId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onChoose('cancel');
      }}
      className="fixed inset-x-2 top-12 z-40 mx-auto flex max-h-[80dvh] max-w-xl flex-col gap-2 overflow-y-auto rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 shadow-lg dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <p id={textId}>
        {one
          ? 'This pane would consume from a queue with other consumers'
          : `These ${told.length} panes would consume from queues with other consumers`}
        {unknown ? ' (or nobody could tell)' : ''}. Nothing was subscribed for {one ? 'it' : 'them'}{' '}
        yet; the other panes are connected.
      </p>
      <ul className="list-disc pl-5 text-xs">
        {told.map(({ pane, check }) => (
          <li key={pane.key}>
            <strong>
              <VisibleText text={pane.subscriptionId} />
            </strong>
            : <VisibleText text={check.text} />
          </li>
        ))}
      </ul>
      <p className="text-xs">
        {one ? 'The choice holds' : 'One choice for all of them, which holds'} for this connection:
        the next Connect asks again.{' '}
        {canWatch
          ? ''
          : 'A queue whose name has a word that is * or # cannot be watched exactly, so watching is not offered.'}
      </p>
      <ConsumeChoices canWatch={canWatch} cancelLabel="Cancel and disconnect" onChoose={onChoose} />
    </div>
  );
}
