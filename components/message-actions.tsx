'use client';

import { useContext, useState } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { MessageActionsContext, type MessageSource } from '@/components/message-actions-context';
import { IconButton } from '@/components/ui/button';

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
  const resend = async () => {
    const result = await actions.resend(message, source);
    setNote(result.ok ? { ok: true, text: result.value } : { ok: false, text: result.error });
  };
  return (
    <>
      {/* Glyphs, named in full: the header row they share stays one line beside the list. */}
      <IconButton
        label="Resend"
        title="Resend: send this message again now, byte for byte"
        onClick={() => void resend()}
      >
        ↻
      </IconButton>
      <IconButton
        label="Edit and resend"
        title="Edit and resend: fill the Send form with this message"
        onClick={async () => {
          await actions.editAndResend(message, source);
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
