import { summarizePrediction, type Prediction } from '@/lib/routing/predict';
import { VisibleText } from '@/components/ui/visible-text';

/** While a SEND destination is typed: which panes will receive, and why (copy or shared queue). */
export function DeliveryPreview({ prediction, paneCount }: { prediction: Prediction; paneCount: number }) {
  if (paneCount === 0) return null;
  const labels = new Map(prediction.panes.map((pane) => [pane.key, pane.label]));
  return (
    <section aria-label="Delivery preview" className="rounded-md bg-zinc-100 p-2 text-sm dark:bg-zinc-800/60">
      <p className="font-medium"><VisibleText text={summarizePrediction(prediction)} /></p>
      {prediction.groups.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-zinc-600 dark:text-zinc-400">
          {prediction.groups.map((group) => (
            <li key={group.queue}>
              <span className={group.kind === 'copy' ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}>
                {group.kind === 'copy' ? 'copy' : 'round-robin'}
              </span>{' '}
              <VisibleText text={`${group.paneKeys.map((key) => labels.get(key) ?? key).join(', ')}: ${group.reason}`} />
            </li>
          ))}
        </ul>
      ) : null}
      {prediction.caveats.map((caveat) => (
        <p key={caveat} className="mt-1 text-xs text-amber-700 dark:text-amber-400">
          <VisibleText text={caveat} />
        </p>
      ))}
    </section>
  );
}
