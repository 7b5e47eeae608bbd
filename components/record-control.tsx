'use client';

import { captureFileName } from '@/lib/capture/format';
import { describeStopReason, type CaptureRecorder } from '@/lib/capture/recorder';
import { formatSize } from '@/lib/messages/body-format';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { useRecording } from '@/hooks/use-recording';
import { downloadBlob } from '@/components/download';
import { Button } from '@/components/ui/button';

function save(recorder: CaptureRecorder, paneId: string) {
  downloadBlob(
    captureFileName(paneId, recorder.startedAt),
    new Blob(recorder.parts() as string[], { type: 'application/x-ndjson' }),
  );
}

/**
 * `Record` / `Stop recording` for a pane, with a counter while it records and, once stopped,
 * how much was kept, why it stopped, and the file again. It re-renders with its pane (at most
 * once a frame while messages arrive), which keeps the counter current.
 */
export function RecordControl({ pane }: { pane: PaneRuntime }) {
  const { recorder, start, stop } = useRecording(pane);
  const id = pane.config.subscriptionId;
  const status = recorder?.status;
  const counter = recorder
    ? `${recorder.count.toLocaleString('en-US')} messages · ${formatSize(recorder.bytes)}`
    : '';
  return (
    <div className="flex min-w-0 items-center gap-1 whitespace-nowrap">
      {status?.status === 'recording' ? (
        <>
          <span
            aria-label="Recording status"
            className="text-red-700 tabular-nums dark:text-red-300"
          >
            ● recording {counter}
          </span>
          <Button
            size="xs"
            variant="danger"
            onClick={() => {
              const stopped = stop();
              if (stopped) save(stopped, id);
            }}
          >
            Stop recording
          </Button>
        </>
      ) : (
        <>
          {status?.status === 'stopped' && recorder ? (
            <>
              <span aria-label="Recording status" className="min-w-0 truncate" title={counter}>
                recorded {counter}, {describeStopReason(status.reason, recorder.bounds)}
              </span>
              <Button size="xs" variant="ghost" onClick={() => save(recorder, id)}>
                Save capture
              </Button>
            </>
          ) : null}
          <Button
            size="xs"
            onClick={start}
            title="Record what this pane receives from now on (at most 100,000 messages or 200 MB) into a capture file"
          >
            Record
          </Button>
        </>
      )}
    </div>
  );
}
