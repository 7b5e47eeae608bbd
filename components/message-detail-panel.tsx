'use client';

import type { PaneMessage } from '@/lib/messages/message';
import { MessageDetail, type ChartNote } from '@/components/message-detail';
import { MessageActionBar } from '@/components/message-actions';
import type { MessageSource } from '@/components/message-actions-context';

export interface MessageDetailPanelProps {
  message: PaneMessage;
  /** The pane it was received on, for Resend and Compare. */
  source: MessageSource;
  onClose: () => void;
  /** Charts a field in the pane; returns what to tell the user. */
  onChartField?: (path: string) => ChartNote;
}

/**
 * The open message, beside the list (below it in a narrow pane): its own scroll area as tall as
 * the pane, so a long body is read whole while the rows stay in view.
 */
export function MessageDetailPanel({
  message,
  source,
  onClose,
  onChartField,
}: MessageDetailPanelProps) {
  return (
    <section
      aria-label="Message detail"
      className="min-h-0 min-w-0 flex-[3_1_0] overflow-auto rounded-md border border-zinc-200 @3xl:w-[55%] @3xl:flex-none dark:border-zinc-800"
    >
      <MessageDetail
        key={message.seq}
        message={message}
        onClose={onClose}
        onChartField={onChartField}
        actions={<MessageActionBar message={message} source={source} />}
      />
    </section>
  );
}
