'use client';

import { useRef, useState, type ChangeEvent } from 'react';
import { parseWorkspace, serializeWorkspace, type Workspace } from '@/lib/workspace/workspace';
import { Button } from '@/components/ui/button';
import { downloadText } from '@/components/download';

/** Export the panes as a JSON file and import one back (never with a passcode). */
export function WorkspaceMenu({
  workspace,
  onImport,
}: {
  workspace: () => Workspace;
  onImport: (w: Workspace) => Promise<{ imported: number; refused: string[] }>;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const parsed = parseWorkspace(await file.text());
    if (!parsed.ok) {
      setMessage(parsed.error);
      return;
    }
    const { imported, refused } = await onImport(parsed.value);
    setMessage(
      `Imported ${imported} pane(s) from ${file.name}.` +
        (refused.length > 0 ? ` Refused ${refused.length}: ${refused.join(' ')}` : ''),
    );
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button onClick={() => downloadText('stompwatch-workspace.json', serializeWorkspace(workspace()), 'application/json')}>
        Export workspace
      </Button>
      <Button onClick={() => input.current?.click()}>Import workspace</Button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        aria-label="Workspace file"
        className="hidden"
        onChange={importFile}
      />
      {message ? (
        <span role="status" aria-label="Workspace status" className="text-xs text-zinc-500">
          {message}
        </span>
      ) : null}
    </div>
  );
}
