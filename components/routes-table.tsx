import { memo } from 'react';
import type { RouteRow } from '@/lib/routing/graph-types';
import { VisibleText } from '@/components/ui/visible-text';

const COLUMNS = [
  'Sent to',
  'Exchange',
  'Binding',
  'Queue',
  'Pane',
  'Sent',
  'Queue got',
  'Pane got',
  'Selected send',
] as const;

/** The routing graph in words: one row per path, its counts and the verdict on the selected send. */
export const RoutesTable = memo(function RoutesTable({ routes }: { routes: readonly RouteRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label="Routes" className="w-full border-collapse text-left text-xs">
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="px-1.5 py-1 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <tr
              key={route.id}
              className="border-b border-zinc-100 align-top dark:border-zinc-800/70"
            >
              {[route.from, route.exchange, route.binding, route.queue, route.pane].map(
                (text, i) => (
                  <td key={i} className="px-1.5 py-1 font-mono break-all">
                    <VisibleText text={text} />
                  </td>
                ),
              )}
              {[route.sent, route.queueGot, route.paneGot].map((count, i) => (
                <td key={i} className="px-1.5 py-1 font-mono tabular-nums">
                  {count}
                </td>
              ))}
              <td
                className={`px-1.5 py-1 ${route.flag ? 'font-semibold text-red-700 dark:text-red-300' : ''}`}
              >
                {route.flag ? '⚠ ' : ''}
                <VisibleText text={route.verdict} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
