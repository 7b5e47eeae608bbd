'use client';

import { createContext, useContext, useState } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import type { Result } from '@/lib/util/result';
import { IconButton } from '@/components/ui/button';

/** The pane a message was received on, as the actions need it. */
export interface MessageSource {
  /** The pane's subscription id. */
  id: string;
  /** The pane's subscribed destination. */
  destination: string;
}

/** What can be done with a received message; provided once by the dashboard. */
export interface MessageActions {
  /** Sends it again at once; the text says where (and why there). */
  resend: (message: PaneMessage, source: MessageSource) => Result<string>;
  /** Fills the Send form with it; sending is left to the user. */
  editAndResend: (message: PaneMessage, source: MessageSource) => void;
  /** Picks it for the diff (the last two picked are compared). */
  compare: (message: PaneMessage, source: MessageSource) => void;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

/** `Resend`, `Edit and resend` and `Compare` for the open message, with what the last one did. */
export function MessageActionBar({
  message,
  source,
}: {
  message: PaneMessage;
  source: MessageSource;
}) {
  const actions = useContext(MessageActionsContext);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  if (!actions) return null;
  const resend = () => {
    const result = actions.resend(message, source);
    setNote(result.ok ? { ok: true, text: result.value } : { ok: false, text: result.error });
  };
  return (
    <>
      {/* Glyphs, named in full: the header row they share stays one line beside the list. */}
      <IconButton
        label="Resend"
        title="Resend: send this message again now, byte for byte"
        onClick={resend}
      >
        ↻
      </IconButton>
      <IconButton
        label="Edit and resend"
        title="Edit and resend: fill the Send form with this message"
        onClick={() => {
          actions.editAndResend(message, source);
          setNote({ ok: true, text: 'The Send form holds this message: edit it, then Send.' });
        }}
      >
        ✎
      </IconButton>
      <IconButton
        label="Compare"
        title="Compare: pick this message for a diff with another"
        onClick={() => {
          actions.compare(message, source);
          setNote({ ok: true, text: `#${message.seq} picked for the diff.` });
        }}
      >
        ⇄
      </IconButton>
      {note ? (
        <p
          aria-live="polite"
          className={`min-w-0 basis-full whitespace-normal ${note.ok ? 'text-zinc-600 dark:text-zinc-400' : 'text-red-700 dark:text-red-300'}`}
        >
          {note.text}
        </p>
      ) : null}
    </>
  );
}
