'use client';

import { useLayoutEffect, useRef, type FormEvent } from 'react';
import type { ConnectionForm } from '@/lib/dashboard/dashboard-types';
import type { ConnectionState } from '@/lib/stomp/connection';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';

interface Props {
  form: Omit<ConnectionForm, 'passcode'>;
  passcode: string;
  online: boolean;
  onChange: (change: Partial<ConnectionForm>) => void;
  onConnect: () => void;
  onDisconnect: () => void;
  rememberPasscode: boolean;
  onRememberPasscodeChange: (remember: boolean) => void;
  /** A workspace named another broker, login or vhost: what happened and what to do. */
  notice?: string | null;
}

/** Where to connect and the connection's state, in words (ui-contract: Connection). */
export function ConnectionBar({
  form,
  passcode,
  online,
  onChange,
  onConnect,
  onDisconnect,
  rememberPasscode,
  onRememberPasscodeChange,
  notice = null,
}: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (online) onDisconnect();
    else onConnect();
  };
  return (
    <form
      id="connection-form"
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
        <TextInput
          value={form.login}
          onChange={(e) => onChange({ login: e.target.value })}
          autoComplete="username"
          disabled={online}
        />
      </Field>
      <Field label="Passcode">
        <PasscodeInput
          value={passcode}
          onChange={(next) => onChange({ passcode: next })}
          disabled={online}
        />
      </Field>
      <Field label="Virtual host">
        <TextInput
          value={form.vhost}
          onChange={(e) => onChange({ vhost: e.target.value })}
          spellCheck={false}
          disabled={online}
        />
      </Field>
      <Button type="submit" variant={online ? 'secondary' : 'primary'} className="h-9 min-w-28">
        {online ? 'Disconnect' : 'Connect'}
      </Button>
      <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-5">
        {notice ? (
          <p role="alert" className="text-xs text-amber-800 dark:text-amber-300">
            {notice}
          </p>
        ) : null}
        <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <input
            type="checkbox"
            checked={rememberPasscode}
            onChange={(e) => onRememberPasscodeChange(e.target.checked)}
          />
          Remember passcode on this device
        </label>
        {rememberPasscode ? (
          <p role="note" className="text-xs text-amber-700 dark:text-amber-400">
            Warning: the passcode is kept in this browser&apos;s local storage as plain text; anyone
            who can use this browser profile can read it. Untick to forget it.
          </p>
        ) : null}
      </div>
    </form>
  );
}

/**
 * The passcode box, uncontrolled for its value: React keeps a controlled input's value in the
 * `value` attribute too, so any dump of the DOM would carry the passcode. Here the value is set
 * as a property only, which never reaches the markup.
 */
function PasscodeInput({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (input.current && input.current.value !== value) input.current.value = value;
  }, [value]);
  return (
    <TextInput
      ref={input}
      type="password"
      onChange={(e) => onChange(e.target.value)}
      autoComplete="current-password"
      disabled={disabled}
    />
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

export function connectionTone(state: ConnectionState): 'ok' | 'busy' | 'bad' | 'idle' {
  if (state.status === 'connected') return 'ok';
  if (state.status === 'error') return 'bad';
  if (state.status === 'connecting' || state.status === 'reconnecting') return 'busy';
  return 'idle';
}
