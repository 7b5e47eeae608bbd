'use client';

import { useMemo, useState } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { bodyBytes, bodyText, classifyBody, formatSize, hexDump, prettyJson, toBase64 } from '@/lib/messages/body-format';
import { Button } from '@/components/ui/button';

type View = 'text' | 'json' | 'hex';

/** How much of a body is shown before `Show all`: rendering megabytes of text would stall the pane. */
const SHOWN_LIMIT = 64 * 1024;

const VIEW_LABELS: Record<View, string> = { text: 'Text', json: 'JSON', hex: 'Hex' };

/**
 * Every header and the full body of one message, as text, pretty JSON or a hex dump.
 * Everything is rendered as React text children: bodies and headers are untrusted.
 */
export function MessageDetail({ message }: { message: PaneMessage }) {
  const kind = classifyBody(message);
  const text = bodyText(message);
  const views: View[] = [...(text !== null ? (['text'] as const) : []), ...(kind === 'json' ? (['json'] as const) : []), 'hex'];
  const [view, setView] = useState<View>(kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text');
  const [showAll, setShowAll] = useState(false);
  const [copyStatus, setCopyStatus] = useState('');
  const headers = Object.entries(message.headers);

  const body = useMemo(() => renderBody(message, view, showAll), [message, view, showAll]);

  const copy = async (what: string, value: string, note = '') => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyStatus(`${what} copied${note}`);
    } catch {
      setCopyStatus(`copy failed: the browser did not allow clipboard access (${what.toLowerCase()})`);
    }
  };

  return (
    <div className="flex flex-col gap-2 border-t border-zinc-200 bg-zinc-50 px-2 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-950/60">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="text-zinc-500">
          #{message.seq} · {kind} · {formatSize(message.size)}
        </span>
        {views.length > 1 ? (
          <div role="group" aria-label="Body view" className="flex gap-0.5">
            {views.map((v) => (
              <Button key={v} variant="ghost" className="px-1.5 py-0.5 text-xs aria-pressed:bg-zinc-200 dark:aria-pressed:bg-zinc-800" aria-pressed={view === v} onClick={() => setView(v)}>
                {VIEW_LABELS[v]}
              </Button>
            ))}
          </div>
        ) : null}
        <span className="grow" />
        <Button className="px-1.5 py-0.5 text-xs" onClick={() => void copy('Body', text ?? toBase64(bodyBytes(message)), text === null ? ' as base64' : '')}>
          Copy body
        </Button>
        <Button className="px-1.5 py-0.5 text-xs" onClick={() => void copy('Headers', headers.map(([k, v]) => `${k}: ${v}`).join('\n'))}>
          Copy headers
        </Button>
      </div>
      {copyStatus ? (
        <p aria-live="polite" className={copyStatus.startsWith('copy failed') ? 'text-red-700 dark:text-red-300' : 'text-zinc-500'}>
          {copyStatus}
        </p>
      ) : null}
      <table className="w-full table-fixed border-collapse font-mono">
        <caption className="sr-only">Headers</caption>
        <tbody>
          {headers.map(([name, value]) => (
            <tr key={name} className="align-top">
              <th scope="row" className="w-1/3 truncate pr-2 text-left font-medium text-zinc-500" title={name}>
                {name}:
              </th>
              <td className="break-all whitespace-pre-wrap">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {body.fullSize === 0 ? (
        <p className="text-zinc-500 italic">Empty body.</p>
      ) : (
        <pre className="max-h-72 overflow-auto rounded border border-zinc-200 bg-white p-2 font-mono text-xs break-all whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-900">
          {body.text}
        </pre>
      )}
      {body.truncated ? (
        <p className="flex items-center gap-2 text-zinc-500">
          Showing the first {SHOWN_LIMIT.toLocaleString('en-US')} of {body.fullSize.toLocaleString('en-US')}{' '}
          {view === 'hex' ? 'bytes' : 'characters'}.
          <Button className="px-1.5 py-0.5 text-xs" onClick={() => setShowAll(true)}>
            Show all
          </Button>
        </p>
      ) : null}
    </div>
  );
}

function renderBody(message: PaneMessage, view: View, showAll: boolean): { text: string; truncated: boolean; fullSize: number } {
  if (view === 'hex') {
    const bytes = bodyBytes(message);
    const text = hexDump(bytes, { maxBytes: showAll ? bytes.length : SHOWN_LIMIT });
    return { text, truncated: !showAll && bytes.length > SHOWN_LIMIT, fullSize: bytes.length };
  }
  const raw = bodyText(message) ?? '';
  const full = view === 'json' ? (prettyJson(raw) ?? raw) : raw;
  if (showAll || full.length <= SHOWN_LIMIT) return { text: full, truncated: false, fullSize: full.length };
  return { text: full.slice(0, SHOWN_LIMIT), truncated: true, fullSize: full.length };
}
