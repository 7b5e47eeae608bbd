'use client';

import type { ReactNode } from 'react';
import type { ConnectionState } from '@/lib/stomp/connection';
import { Button } from '@/components/ui/button';
import { StatusText } from '@/components/status-text';
import { describeConnection, connectionTone } from '@/components/connection-bar';

export interface TopBarProps {
  connection: ConnectionState;
  connectionOpen: boolean;
  onToggleConnection: () => void;
  controlsOpen: boolean;
  onToggleControls: () => void;
  onShortcuts: () => void;
  /** Offered here while connected with the connection form folded away. */
  onDisconnect: (() => void) | null;
  /** The demo and workspace menus. */
  children: ReactNode;
}

/** One compact line: product, connection state, and the controls that open what is folded away. */
export function TopBar({
  connection,
  connectionOpen,
  onToggleConnection,
  controlsOpen,
  onToggleControls,
  onShortcuts,
  onDisconnect,
  children,
}: TopBarProps) {
  return (
    <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 bg-white px-3 py-1.5 dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-base font-semibold tracking-tight">
        stomp<span className="text-sky-700 dark:text-sky-400">watch</span>
      </h1>
      <Button variant="ghost" size="sm" aria-pressed={controlsOpen} onClick={onToggleControls}>
        {controlsOpen ? 'Hide controls' : 'Show controls'}
      </Button>
      <div className="flex min-w-0 flex-1 basis-48 items-center gap-2">
        <div className="min-w-0 truncate text-xs [&_p]:text-xs">
          <StatusText
            label="Connection status"
            text={describeConnection(connection)}
            tone={connectionTone(connection)}
          />
        </div>
        <Button
          size="sm"
          className="shrink-0"
          aria-expanded={connectionOpen}
          aria-controls="connection-form"
          onClick={onToggleConnection}
        >
          Connection
        </Button>
        {onDisconnect ? (
          <Button size="sm" className="shrink-0" onClick={onDisconnect}>
            Disconnect
          </Button>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {children}
        <Button variant="ghost" size="sm" onClick={onShortcuts} title="Keyboard shortcuts (?)">
          Shortcuts
        </Button>
      </div>
    </header>
  );
}
