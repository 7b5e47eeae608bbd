'use client';

import { errorMessage } from '@/lib/util/result';

import { useRef, useState, type ChangeEvent } from 'react';
import type { Workspace } from '@/lib/workspace/workspace';
import { loadWorkspaceCodec } from '@/lib/workspace/storage';
import { Button } from '@/components/ui/button';
import { downloadText } from '@/components/download';
import { StoredWorkspaceNotice } from '@/components/stored-workspace-notice';
import { ImportConsumeWarning } from '@/components/import-consume-warning';
import { paneForChoice } from '@/lib/watch/consume-warning';
import { watchNameProblem } from '@/lib/watch/firehose';
import type { ImportToTell } from '@/hooks/use-watch';
import {
  reportStoredWorkspaceProblem,
  useStoredWorkspaceProblem,
} from '@/hooks/use-stored-workspace-problem';

/** Export the panes as a JSON file and import one back (never with a passcode). */
export function WorkspaceMenu({
  workspace,
  onImport,
  checkImport,
}: {
  workspace: () => Workspace;
  onImport: (w: Workspace) => Promise<{ imported: number; refused: string[] }>;
  /** Subscription ids of the file's panes that would take other consumers' messages, with why. */
  checkImport?: (w: Workspace) => Promise<ImportToTell[]>;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState<{
    workspace: Workspace;
    file: string;
    notes: string[];
    told: ImportToTell[];
  } | null>(null);
  const storedProblem = useStoredWorkspaceProblem();

  // The workspace reader is loaded on first use; it can only fail when the dashboard is unreachable.
  const loadCodec = () =>
    loadWorkspaceCodec().catch((error: unknown) => {
      setMessage(
        `Could not load the workspace reader (${errorMessage(error)}); check that the dashboard is reachable and try again.`,
      );
      return null;
    });

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const codec = await loadCodec();
    if (!codec) return;
    // Checked before reading it into memory; UTF-8 takes at most 4 bytes a character.
    if (file.size > codec.MAX_WORKSPACE_CHARS * 4) {
      setMessage(
        `${file.name} is ${file.size.toLocaleString('en-US')} bytes, far more than any workspace; it was not read.`,
      );
      return;
    }
    const parsed = codec.parseWorkspace(await file.text(), { mode: 'import' });
    if (!parsed.ok) {
      setMessage(parsed.error);
      return;
    }
    const told = checkImport ? await checkImport(parsed.value) : [];
    if (told.length > 0) {
      setPending({ workspace: parsed.value, file: file.name, notes: parsed.notes, told });
      return;
    }
    await finishImport(parsed.value, file.name, parsed.notes);
  };

  const finishImport = async (chosen: Workspace, name: string, notes: string[]) => {
    const { imported, refused } = await onImport(chosen);
    reportStoredWorkspaceProblem(null); // the refused stored workspace is replaced now
    setMessage(
      [
        `Imported ${imported} pane(s) from ${name}.`,
        ...notes,
        ...(refused.length > 0 ? [`Refused ${refused.length}: ${refused.join(' ')}`] : []),
      ].join(' '),
    );
  };

  const choose = (choice: 'watch' | 'requeue' | 'anyway' | 'cancel') => {
    const waiting = pending;
    setPending(null);
    if (!waiting || choice === 'cancel') return;
    const flagged = new Map(waiting.told.map((entry) => [entry.subscriptionId, entry.queue]));
    const chosen = (pane: Workspace['panes'][number]) => {
      const queue = flagged.get(pane.subscriptionId);
      if (queue === undefined || choice === 'anyway') return pane;
      // Watching is offered only when every flagged queue can be watched.
      return paneForChoice(pane, choice, queue) ?? pane;
    };
    const workspace = { ...waiting.workspace, panes: waiting.workspace.panes.map(chosen) };
    void finishImport(workspace, waiting.file, waiting.notes);
  };

  const exportFile = async () => {
    const current = workspace();
    const codec = await loadCodec();
    if (codec)
      downloadText(
        'stompwatch-workspace.json',
        codec.serializeWorkspace(current),
        'application/json',
      );
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={() => void exportFile()}>
        Export workspace
      </Button>
      <Button size="sm" onClick={() => input.current?.click()}>
        Import workspace
      </Button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        aria-label="Workspace file"
        className="hidden"
        onChange={importFile}
      />
      {message ? (
        <span
          role="status"
          aria-label="Workspace status"
          className="text-xs text-zinc-600 dark:text-zinc-400"
        >
          {message}
        </span>
      ) : null}
      <StoredWorkspaceNotice problem={storedProblem} />
      {pending ? (
        <ImportConsumeWarning
          file={pending.file}
          texts={pending.told.map((entry) => `${entry.subscriptionId}: ${entry.text}`)}
          canWatch={pending.told.every(
            (entry) => watchNameProblem({ kind: 'queue', queue: entry.queue }) === null,
          )}
          onChoose={choose}
        />
      ) : null}
    </div>
  );
}
