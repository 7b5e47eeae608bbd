'use client';

import { useState } from 'react';
import { childrenOf, previewOf, type JsonEntry } from '@/lib/messages/json-tree';
import { Button } from '@/components/ui/button';
import { VisibleText } from '@/components/ui/visible-text';

export interface JsonTreeProps {
  /** The parsed body. */
  value: unknown;
  /** Copies a path; the detail says whether the clipboard took it. */
  onCopyPath: (path: string) => void;
  /** Charts a numeric value's path in the pane's chart; without it, numbers offer no chart. */
  onChart?: (path: string) => void;
}

/**
 * The body as a collapsible tree: each value with its path (`body.order.total`), which one click
 * copies; containers open on demand and long ones page by 100. Keys and values render as text.
 */
export function JsonTree({ value, onCopyPath, onChart }: JsonTreeProps) {
  return (
    <ul
      aria-label="JSON tree"
      className="rounded border border-zinc-200 bg-white p-1 font-mono text-[11px] dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Children value={value} path="body" onCopyPath={onCopyPath} onChart={onChart} />
    </ul>
  );
}

type Actions = Pick<JsonTreeProps, 'onCopyPath' | 'onChart'>;

function Children({
  value,
  path,
  onCopyPath,
  onChart,
}: Actions & { value: unknown; path: string }) {
  const [page, setPage] = useState(0);
  const { entries, pages } = childrenOf(value, path, page);
  return (
    <>
      {entries.map((entry) => (
        <Node key={entry.path} entry={entry} onCopyPath={onCopyPath} onChart={onChart} />
      ))}
      {pages > 1 ? (
        <li className="flex items-center gap-1 py-0.5 pl-4 text-zinc-600 dark:text-zinc-400">
          <Button size="xs" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          page {page + 1} of {pages}
          <Button size="xs" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </li>
      ) : null}
    </>
  );
}

function Node({ entry, onCopyPath, onChart }: Actions & { entry: JsonEntry }) {
  const [open, setOpen] = useState(false);
  const container = entry.kind === 'object' || entry.kind === 'array';
  return (
    <li className="pl-3">
      <div className="group flex min-w-0 items-baseline gap-1.5 py-px">
        {container ? (
          <button
            type="button"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${entry.path}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            className="w-3 shrink-0 text-zinc-600 outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:text-zinc-400"
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="w-3 shrink-0" aria-hidden />
        )}
        <span className="shrink-0 text-sky-800 dark:text-sky-300">
          <VisibleText text={entry.label} />
        </span>
        <span
          className={`min-w-0 truncate ${entry.kind === 'string' ? 'text-emerald-800 dark:text-emerald-300' : 'text-zinc-800 dark:text-zinc-200'}`}
        >
          <VisibleText text={previewOf(entry.value)} />
        </span>
        <span className="grow" />
        <span className="hidden shrink-0 text-zinc-600 group-focus-within:inline group-hover:inline dark:text-zinc-400">
          {entry.path}
        </span>
        <Button
          variant="ghost"
          size="xs"
          className="shrink-0"
          aria-label={`Copy path ${entry.path}`}
          title={`Copy ${entry.path}`}
          onClick={() => onCopyPath(entry.path)}
        >
          Copy path
        </Button>
        {onChart && entry.kind === 'number' ? (
          <Button
            variant="ghost"
            size="xs"
            className="shrink-0"
            aria-label="Chart this field"
            title={`Chart ${entry.path} over receive time in this pane`}
            onClick={() => onChart(entry.path)}
          >
            Chart
          </Button>
        ) : null}
      </div>
      {container && open ? (
        <ul>
          <Children
            value={entry.value}
            path={entry.path}
            onCopyPath={onCopyPath}
            onChart={onChart}
          />
        </ul>
      ) : null}
    </li>
  );
}
