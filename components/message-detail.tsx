'use client';

import { useMemo, useState, type ReactNode } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { bodyBytes, bodyText, classifyBody, formatSize } from '@/lib/messages/body-format';
import { toBase64 } from '@/lib/messages/byte-codecs';
import { bodyFileName, boundedBody, type BodyView as View } from '@/lib/messages/bounded-body';
import { Button } from '@/components/ui/button';
import { downloadBlob } from '@/components/download';
import { VisibleText } from '@/components/ui/visible-text';
import { JsonTree } from '@/components/json-tree';

type DetailView = View | 'tree';

const VIEW_LABELS: Record<DetailView, string> = {
  text: 'Text',
  json: 'JSON',
  tree: 'Tree',
  hex: 'Hex',
};

/** What charting a field did: added, or why not. */
export interface ChartNote {
  ok: boolean;
  text: string;
}

/** Bodies up to this size are offered as a tree; bigger ones stay text (parsing is the cost). */
const TREE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Every header and the full body of one message, as text, pretty JSON or a hex dump.
 * Everything is rendered as React text children: bodies and headers are untrusted.
 */
export function MessageDetail({
  message,
  onClose,
  onChartField,
  actions,
}: {
  message: PaneMessage;
  onClose?: () => void;
  /** What can be done with the message (Resend, Edit and resend, Compare), in the header row. */
  actions?: ReactNode;
  /** Charts a field in the pane; returns what to tell the user (added, or why not). */
  onChartField?: (path: string) => ChartNote;
}) {
  const kind = classifyBody(message);
  const text = bodyText(message);
  const views: DetailView[] = [
    ...(text !== null ? (['text'] as const) : []),
    ...(kind === 'json' ? (['json'] as const) : []),
    ...(kind === 'json' && message.size <= TREE_MAX_BYTES ? (['tree'] as const) : []),
    'hex',
  ];
  const [view, setView] = useState<DetailView>(
    kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text',
  );
  const [showAll, setShowAll] = useState(false);
  const [copyStatus, setCopyStatus] = useState('');
  const [chartNote, setChartNote] = useState<ChartNote | null>(null);
  const headers = Object.entries(message.headers);

  const body = useMemo(
    () => boundedBody(message, view === 'tree' ? 'json' : view, showAll),
    [message, view, showAll],
  );
  const tree = useMemo(() => {
    if (view !== 'tree' || text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [view, text]);

  // The whole body, byte for byte (the view shows at most a few MB of it). slice(): a Blob takes
  // only bytes over a plain ArrayBuffer, and the copy is made on click, not per render.
  const downloadBody = () =>
    downloadBlob(bodyFileName(message), new Blob([bodyBytes(message).slice()]));

  const copy = async (what: string, value: string, note = '') => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyStatus(`${what} copied${note}`);
    } catch {
      setCopyStatus(
        `copy failed: the browser did not allow clipboard access (${what.toLowerCase()})`,
      );
    }
  };

  return (
    <div className="flex flex-col gap-1.5 bg-zinc-50 px-2 pb-2 text-xs dark:bg-zinc-950/60">
      {/* Stays in view while the body scrolls, with Close. */}
      <div className="sticky top-0 z-10 -mx-2 flex flex-wrap items-center gap-x-1.5 gap-y-0.5 border-b border-zinc-200 bg-zinc-50 px-2 py-0.5 whitespace-nowrap dark:border-zinc-800 dark:bg-zinc-950">
        <span className="min-w-16 flex-1 basis-0 truncate text-zinc-600 dark:text-zinc-400">
          <span className="font-semibold text-zinc-900 dark:text-zinc-100">
            #{message.seq} ·{' '}
            {message.routingKey === '' ? '(empty key)' : <VisibleText text={message.routingKey} />}
          </span>{' '}
          · {kind} · {formatSize(message.size)}
        </span>
        {views.length > 1 ? (
          <div role="group" aria-label="Body view" className="flex shrink-0 gap-0.5">
            {views.map((v) => (
              <Button
                key={v}
                variant="ghost"
                size="xs"
                className="aria-pressed:bg-zinc-200 dark:aria-pressed:bg-zinc-800"
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {VIEW_LABELS[v]}
              </Button>
            ))}
          </div>
        ) : null}
        <span className="grow" />
        {actions}
        <Button
          size="xs"
          onClick={() =>
            void copy(
              'Body',
              text ?? toBase64(bodyBytes(message)),
              text === null ? ' as base64' : '',
            )
          }
        >
          Copy body
        </Button>
        <Button
          size="xs"
          onClick={() => void copy('Headers', headers.map(([k, v]) => `${k}: ${v}`).join('\n'))}
        >
          Copy headers
        </Button>
        {onClose ? (
          <Button
            variant="ghost"
            size="xs"
            aria-label="Close detail"
            title="Close the detail"
            onClick={onClose}
          >
            ✕
          </Button>
        ) : null}
      </div>
      {copyStatus ? (
        <p
          aria-live="polite"
          className={
            copyStatus.startsWith('copy failed')
              ? 'text-red-700 dark:text-red-300'
              : 'text-zinc-600 dark:text-zinc-400'
          }
        >
          {copyStatus}
        </p>
      ) : null}
      {chartNote ? (
        <p
          role="status"
          className={
            chartNote.ok ? 'text-zinc-600 dark:text-zinc-400' : 'text-red-700 dark:text-red-300'
          }
        >
          {chartNote.text}
        </p>
      ) : null}
      {view === 'tree' && tree !== undefined ? (
        <JsonTree
          value={tree}
          onCopyPath={(path) => void copy('Path', path, `: ${path}`)}
          onChart={onChartField ? (path) => setChartNote(onChartField(path)) : undefined}
        />
      ) : body.total === 0 ? (
        <p className="text-zinc-600 italic dark:text-zinc-400">Empty body.</p>
      ) : (
        // No height of its own: the detail panel scrolls as a whole, so a long body reads without an inner scroll.
        <pre className="rounded border border-zinc-200 bg-white px-2 py-0.5 font-mono text-[11px] leading-[12px] break-all whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-900">
          {body.text}
        </pre>
      )}
      {view !== 'tree' && body.extent !== 'whole' ? (
        <p className="flex flex-wrap items-center gap-2 text-zinc-600 dark:text-zinc-400">
          Showing the first {body.shown.toLocaleString('en-US')} of{' '}
          {body.total.toLocaleString('en-US')} {body.unit}
          {body.extent === 'capped' ? ': the rest is too long to show here.' : '.'}
          {body.extent === 'preview' ? (
            <Button size="xs" onClick={() => setShowAll(true)}>
              Show all
            </Button>
          ) : null}
          <Button size="xs" onClick={downloadBody}>
            Download body
          </Button>
        </p>
      ) : null}
      <table className="w-full table-fixed border-collapse font-mono">
        <caption className="sr-only">Headers</caption>
        <tbody>
          {headers.map(([name, value]) => (
            <tr key={name} className="align-top">
              <th
                scope="row"
                className="w-1/3 truncate pr-2 text-left font-medium text-zinc-600 dark:text-zinc-400"
                title={name}
              >
                <VisibleText text={name} />:
              </th>
              <td className="break-all whitespace-pre-wrap">
                <VisibleText text={value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
