'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';

const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['/', 'Focus the filter of the focused pane (or the first one)'],
  ['Ctrl + Enter  (⌘ + Enter)', 'Send, from anywhere in the Send form'],
  ['Esc', 'Restore a maximised pane'],
  ['?', 'Show this list'],
  ['Arrow keys on a resize handle', 'Resize (Shift: bigger steps)'],
];

/** The list of keyboard shortcuts, as a modal dialog (Esc or Close shuts it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-label="Keyboard shortcuts"
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-300 bg-white p-4 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 className="mb-3 text-base font-semibold">Keyboard shortcuts</h2>
      <p className="mb-3 text-xs text-zinc-700 dark:text-zinc-300">
        None of them fires while you type in a text field, except sending.
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">
                {keys}
              </kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </dialog>
  );
}
