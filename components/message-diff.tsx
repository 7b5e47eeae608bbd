'use client';

import { useMemo } from 'react';
import { diffMessages, PER_DELIVERY_HEADERS, type HeaderChange } from '@/lib/diff/message-diff';
import type { ComparePick } from '@/hooks/use-message-actions';
import { Button } from '@/components/ui/button';
import { VisibleText } from '@/components/ui/visible-text';

const KIND_CLASS: Record<HeaderChange['kind'] | 'same', string> = {
  added: 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
  removed: 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100',
  changed: 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
  same: 'text-zinc-600 dark:text-zinc-400',
};
const MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

const label = (pick: ComparePick) => `#${pick.message.seq} of ${pick.source.id}`;

/**
 * Two picked messages side by side: headers added, removed and changed, and the bodies diffed
 * (pretty JSON or text by line, a byte note for binary). Everything renders as text.
 */
export function MessageDiffView({
  picks,
  onClose,
}: {
  picks: readonly [ComparePick, ComparePick];
  onClose: () => void;
}) {
  const [left, right] = picks;
  const diff = useMemo(() => diffMessages(left.message, right.message), [left, right]);
  const changed = diff.headers.filter((h) => h.kind !== 'same');
  const same = diff.headers.length - changed.length;
  return (
    <section
      aria-label="Message diff"
      className="flex max-h-[50%] shrink-0 flex-col gap-2 overflow-auto rounded-lg border border-zinc-200 bg-white p-2 text-xs shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center gap-2">
        <h2 className="min-w-0 flex-1 truncate text-sm font-semibold">
          <VisibleText text={`${label(left)} → ${label(right)}`} />
        </h2>
        <Button size="xs" variant="ghost" onClick={onClose}>
          Close diff
        </Button>
      </div>
      <table className="w-full table-fixed border-collapse font-mono">
        <caption className="text-left font-sans font-medium text-zinc-700 dark:text-zinc-300">
          Headers: {changed.length === 0 ? 'no differences' : `${changed.length} differ`}
          {same > 0 ? `, ${same} the same` : ''} (not compared, as they change on every delivery:{' '}
          {PER_DELIVERY_HEADERS.join(', ')})
        </caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">header</th>
            <th scope="col">difference</th>
            <th scope="col">{label(left)}</th>
            <th scope="col">{label(right)}</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((h) => (
            <tr key={h.name} className={`align-top ${KIND_CLASS[h.kind]}`}>
              <th scope="row" className="w-1/4 truncate pr-2 text-left font-medium" title={h.name}>
                <VisibleText text={h.name} />
              </th>
              <td className="w-16 font-sans">{h.kind}</td>
              <td className="break-all whitespace-pre-wrap">
                {h.left === undefined ? '—' : <VisibleText text={h.left} />}
              </td>
              <td className="break-all whitespace-pre-wrap">
                {h.right === undefined ? '—' : <VisibleText text={h.right} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-col gap-1">
        <p className="font-medium text-zinc-700 dark:text-zinc-300">
          Body:{' '}
          {diff.body.kind === 'identical'
            ? `identical (${diff.body.as})`
            : diff.body.kind === 'json'
              ? 'JSON, pretty-printed, by line'
              : diff.body.kind === 'bytes'
                ? 'compared byte by byte'
                : `text, by ${diff.body.kind === 'words' ? 'word' : 'line'}`}
        </p>
        {diff.body.kind === 'bytes' ? <p>{diff.body.note}</p> : null}
        {diff.body.kind === 'json' || diff.body.kind === 'text' ? (
          <pre className="rounded border border-zinc-200 bg-zinc-50 font-mono text-[11px] leading-4 whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-950">
            {diff.body.parts.map((part, k) => (
              <span key={k} className={`block ${KIND_CLASS[part.kind]}`}>
                {part.text
                  .replace(/\n$/, '')
                  .split('\n')
                  .map((line) => MARK[part.kind] + line)
                  .join('\n')}
              </span>
            ))}
          </pre>
        ) : null}
        {diff.body.kind === 'words' ? (
          <p className="font-mono break-all whitespace-pre-wrap">
            {diff.body.parts.map((part, k) =>
              part.kind === 'same' ? (
                <span key={k}>{part.text}</span>
              ) : part.kind === 'added' ? (
                <ins key={k} className={KIND_CLASS.added}>
                  {part.text}
                </ins>
              ) : (
                <del key={k} className={KIND_CLASS.removed}>
                  {part.text}
                </del>
              ),
            )}
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** While one message is picked: which, and how to pick the second. */
export function ComparePending({ pick, onClear }: { pick: ComparePick; onClear: () => void }) {
  return (
    <p className="flex shrink-0 items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-2 py-1 text-xs text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
      <span className="min-w-0 flex-1">
        <VisibleText text={label(pick)} /> picked: open another message (in any pane) and press
        Compare.
      </span>
      <Button size="xs" variant="ghost" onClick={onClear}>
        Cancel compare
      </Button>
    </p>
  );
}
