'use client';

import type { PaneMessage } from '@/lib/messages/message';
import { Button } from '@/components/ui/button';
import { MessageDetail } from '@/components/message-detail';
import { VisibleText } from '@/components/ui/visible-text';

export interface MessageDetailPanelProps {
  message: PaneMessage;
  onClose: () => void;
}

/**
 * The open message, beside the list (below it in a narrow pane): its own scroll area as tall as
 * the pane, so a long body is read whole while the rows stay in view.
 */
export function MessageDetailPanel({ message, onClose }: MessageDetailPanelProps) {
  return (
    <section
      aria-label="Message detail"
      className="flex min-h-0 min-w-0 flex-[3_1_0] flex-col overflow-hidden rounded-md border border-zinc-200 @3xl:w-[55%] @3xl:flex-none dark:border-zinc-800"
    >
      <div className="flex shrink-0 items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-2 py-0.5 text-xs dark:border-zinc-800 dark:bg-zinc-950/60">
        <h3 className="min-w-0 flex-1 truncate font-mono font-semibold">
          #{message.seq} ·{' '}
          {message.routingKey === '' ? '(empty key)' : <VisibleText text={message.routingKey} />}
        </h3>
        <Button
          variant="ghost"
          size="xs"
          aria-label="Close detail"
          title="Close the detail"
          onClick={onClose}
        >
          ✕
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <MessageDetail key={message.seq} message={message} />
      </div>
    </section>
  );
}
