import { describePreview, type PreviewText } from '@/lib/routing/delivery-preview';
import type { Prediction } from '@/lib/routing/predict';
import { VisibleText } from '@/components/ui/visible-text';

export interface DeliveryPreviewProps {
  prediction: Prediction;
  paneCount: number;
  /** Whether the dashboard is connected; while it is not, the preview says nothing is sent yet. */
  online?: boolean;
  /** What each watch pane will see of the send, through the firehose (`lib/watch/watch-preview.ts`). */
  watched?: readonly { paneKey: string; text: string }[];
}

const FRAME: Record<PreviewText['tone'], string> = {
  info: 'border-zinc-200 bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-800/60',
  offline: 'border-dashed border-zinc-300 bg-zinc-50 dark:border-zinc-600 dark:bg-zinc-900',
  warning: 'border-amber-400 bg-amber-50 dark:border-amber-500/60 dark:bg-amber-950/40',
};

/** While a SEND destination is typed: which panes would receive the next send, and why. */
export function DeliveryPreview({
  prediction,
  paneCount,
  online = true,
  watched = [],
}: DeliveryPreviewProps) {
  if (paneCount === 0 && online) return null;
  const text = describePreview(prediction, { online });
  const labels = new Map(prediction.panes.map((pane) => [pane.key, pane.label]));
  return (
    <section
      aria-label="Delivery preview"
      className={`rounded-md border p-2 text-sm ${FRAME[text.tone]}`}
    >
      <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{text.heading}</p>
      {paneCount > 0 ? (
        <p className="font-medium">
          <VisibleText text={text.summary} />
        </p>
      ) : null}
      {paneCount > 0 && prediction.groups.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-zinc-600 dark:text-zinc-400">
          {prediction.groups.map((group) => (
            <li key={group.queue}>
              <span
                className={
                  group.kind === 'copy'
                    ? 'text-emerald-700 dark:text-emerald-400'
                    : 'text-sky-700 dark:text-sky-300'
                }
              >
                {group.kind === 'copy' ? 'copy' : 'round-robin'}
              </span>{' '}
              <VisibleText
                text={`${group.paneKeys.map((key) => labels.get(key) ?? key).join(', ')}: ${group.reason}`}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {paneCount > 0 && watched.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-zinc-600 dark:text-zinc-400">
          {watched.map((line) => (
            <li key={line.paneKey}>
              <span className="text-sky-700 dark:text-sky-300">watch</span>{' '}
              <VisibleText text={line.text} />
            </li>
          ))}
        </ul>
      ) : null}
      {paneCount > 0
        ? text.notes.map((note) =>
            note.tone === 'warning' ? (
              <p key={note.text} className="mt-1 text-xs text-amber-800 dark:text-amber-300">
                <strong>Messages would be lost:</strong> <VisibleText text={note.text} />
              </p>
            ) : (
              <p key={note.text} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                <VisibleText text={note.text} />
              </p>
            ),
          )
        : null}
    </section>
  );
}
