'use client';

import { useState, useSyncExternalStore } from 'react';
import type { SendDraft, SendHistory } from '@/lib/send/history';
import type { SendFormValues } from '@/components/send-form';
import { EMPTY_QUICK } from '@/components/send-quick-fields';
import { toDraft } from '@/components/send-history';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/field';

function toValues(draft: SendDraft, current: SendFormValues): SendFormValues {
  return {
    ...current,
    destination: draft.destination,
    body: draft.body,
    encoding: draft.encoding,
    headersText: draft.headersText,
    quick: {
      ...EMPTY_QUICK,
      contentType: draft.quick.contentType ?? '',
      persistent: draft.quick.persistent ?? false,
      replyTo: draft.quick.replyTo ?? '',
      expiration: draft.quick.expiration === undefined ? '' : String(draft.quick.expiration),
      priority: draft.quick.priority === undefined ? '' : String(draft.quick.priority),
      correlationId: draft.quick.correlationId ?? '',
    },
    repeat: String(draft.repeat),
    rate: draft.ratePerSecond === null ? '' : String(draft.ratePerSecond),
  };
}

/** The last sends (one click refills the form) and named templates. */
export function SendHistoryPanel({
  history,
  values,
  onPick,
}: {
  history: SendHistory;
  values: SendFormValues;
  onPick: (values: SendFormValues) => void;
}) {
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const { entries, templates } = useSyncExternalStore(
    history.subscribe,
    history.getSnapshot,
    history.getSnapshot,
  );
  const save = () => {
    const result = history.saveTemplate(name, toDraft(values));
    setNote(result.ok ? `Saved template "${name.trim()}".` : result.error);
    if (result.ok) setName('');
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
        History ({entries.length}) and templates ({templates.length})
      </summary>
      <div className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-2">
        <div>
          <h3 className="mb-1 text-xs font-semibold">Recent sends</h3>
          <ul aria-label="Send history" className="flex max-h-48 flex-col gap-1 overflow-auto">
            {entries.map((entry) => (
              <li key={entry.at} className="flex items-center gap-2 text-xs">
                <Button size="xs" onClick={() => onPick(toValues(entry, values))}>
                  Use
                </Button>
                <span className="truncate font-mono">
                  {entry.repeat > 1 ? `${entry.repeat}× ` : ''}
                  {entry.destination}
                </span>
                <span className="shrink-0 text-zinc-600 dark:text-zinc-400">
                  {new Date(entry.at).toLocaleTimeString()}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div className="flex flex-col gap-1">
          <h3 className="text-xs font-semibold">Templates</h3>
          <div className="flex gap-1">
            <TextInput
              aria-label="Template name"
              placeholder="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <Button onClick={save} disabled={name.trim() === ''}>
              Save as template
            </Button>
          </div>
          {note ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{note}</p> : null}
          <ul aria-label="Send templates" className="flex flex-col gap-1">
            {templates.map((template) => (
              <li key={template.name} className="flex items-center gap-2 text-xs">
                <Button size="xs" onClick={() => onPick(toValues(template.draft, values))}>
                  Use {template.name}
                </Button>
                <Button
                  variant="ghost"
                  size="xs"
                  onClick={() => history.deleteTemplate(template.name)}
                >
                  Delete {template.name}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </details>
  );
}
