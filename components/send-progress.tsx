'use client';

import { describeProgress, type BulkSendProgress } from '@/lib/send/bulk-job';
import { Button } from '@/components/ui/button';

/** What the send is doing: the progress bar, the status words, and Cancel while it runs. */
export function SendProgress({
  progress,
  problem,
  onCancel,
}: {
  progress: BulkSendProgress | null;
  problem: string | null;
  onCancel: () => void;
}) {
  const running = progress?.status === 'sending' || progress?.status === 'waiting-for-connection';
  const percent =
    progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <div
          role="progressbar"
          aria-label="Send progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={progress ? `${progress.sent} of ${progress.total}` : 'nothing sent yet'}
          className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        {running ? (
          <Button variant="danger" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
      <p
        role="status"
        aria-label="Send status"
        className={`text-sm break-words ${problem || progress?.status === 'failed' ? 'text-red-700 dark:text-red-300' : ''}`}
      >
        {problem ?? (progress ? statusText(progress) : '')}
      </p>
    </div>
  );
}

function statusText(progress: BulkSendProgress): string {
  const text = describeProgress(progress);
  if (progress.status === 'done' && progress.receipts !== 'none') {
    return progress.confirmed === progress.total
      ? `confirmed: ${text}`
      : `not all confirmed: ${text}`;
  }
  return text;
}
