'use client';

import type { FormEvent } from 'react';
import type { ConnectionForm } from '@/lib/dashboard/dashboard';
import type { ConnectionState } from '@/lib/stomp/connection';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';
import { StatusText } from '@/components/status-text';

interface Props {
  form: Omit<ConnectionForm, 'passcode'>;
  passcode: string;
  connection: ConnectionState;
  online: boolean;
  onChange: (change: Partial<ConnectionForm>) => void;
  onConnect: () => void;
  onDisconnect: () => void;
}

/** Where to connect and the connection's state, in words (ui-contract: Connection). */
export function ConnectionBar({ form, passcode, connection, online, onChange, onConnect, onDisconnect }: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (online) onDisconnect();
    else onConnect();
  };
  return (
    <form
      aria-label="Connection"
      onSubmit={submit}
      className="grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto]"
    >
      <Field label="Broker URL" hint="ws:// or wss://; several, comma-separated, fail over">
        <TextInput
          value={form.brokerUrl}
          onChange={(e) => onChange({ brokerUrl: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          disabled={online}
        />
      </Field>
      <Field label="Login">
        <TextInput value={form.login} onChange={(e) => onChange({ login: e.target.value })} autoComplete="username" disabled={online} />
      </Field>
      <Field label="Passcode">
        <TextInput
          type="password"
          value={passcode}
          onChange={(e) => onChange({ passcode: e.target.value })}
          autoComplete="current-password"
          disabled={online}
        />
      </Field>
      <Field label="Virtual host">
        <TextInput value={form.vhost} onChange={(e) => onChange({ vhost: e.target.value })} spellCheck={false} disabled={online} />
      </Field>
      <Button type="submit" variant={online ? 'secondary' : 'primary'} className="h-9 min-w-28">
        {online ? 'Disconnect' : 'Connect'}
      </Button>
      <div className="sm:col-span-2 lg:col-span-5">
        <StatusText label="Connection status" text={describeConnection(connection)} tone={toneOf(connection)} />
      </div>
    </form>
  );
}

export function describeConnection(state: ConnectionState): string {
  switch (state.status) {
    case 'idle':
      return 'disconnected';
    case 'connecting':
      return `connecting to ${state.url}…`;
    case 'connected':
      return `connected to ${state.url}${state.server ? ` (${state.server})` : ''}`;
    case 'reconnecting':
      return `reconnecting (attempt ${state.attempt}): ${state.reason}`;
    case 'disconnected':
      return 'disconnected';
    case 'error':
      return `error: ${state.reason}`;
  }
}

function toneOf(state: ConnectionState): 'ok' | 'busy' | 'bad' | 'idle' {
  if (state.status === 'connected') return 'ok';
  if (state.status === 'error') return 'bad';
  if (state.status === 'connecting' || state.status === 'reconnecting') return 'busy';
  return 'idle';
}
