/**
 * A real STOMP CONNECT over WebSocket from Node, to tell whether a Web-STOMP endpoint is up (and
 * whether it turns our login down), and a wait for one that is booting.
 */
import { type Client, Versions } from '@stomp/stompjs';
import { checkWebSocketUrl } from '../../lib/config/env';
import { nodeStompClient } from './node-stomp';
import { sleep } from './process';

/**
 * `refused` is true when a STOMP broker answered with an ERROR frame (bad login, passcode or
 * vhost): it is up, and asking again will not help. Otherwise it could not be reached (yet).
 */
export type ProbeResult = { ok: true } | { ok: false; reason: string; refused: boolean };

export interface ProbeOptions {
  login: string;
  passcode: string;
  vhost: string;
  /** Gives up (and closes the socket) after this long; default 3000 ms. */
  timeoutMs?: number;
}

/**
 * Does a real STOMP CONNECT over WebSocket (not merely a port check) and disconnects again.
 * Heartbeats and reconnects are off; the client is always deactivated before this resolves.
 * Never rejects. The reason never contains the passcode.
 */
export function probeStomp(url: string, options: ProbeOptions): Promise<ProbeResult> {
  if (url.startsWith('/')) {
    const reason = `${url} is a path on the page's own origin (behind a reverse proxy); only a browser can resolve it, so it is not checked here`;
    return Promise.resolve({ ok: false, reason, refused: false });
  }
  const problem = checkWebSocketUrl(url);
  if (problem) return Promise.resolve({ ok: false, reason: problem, refused: false });
  const timeoutMs = options.timeoutMs ?? 3000;

  return new Promise((resolve) => {
    let settled = false;
    let socketProblem: string | undefined;
    const client = nodeStompClient(
      { url, ...options },
      { protocols: Versions.default.protocolVersions() },
    );
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void deactivateQuickly(client).then(() => resolve(result));
    };
    client.onConnect = () => finish({ ok: true });
    client.onStompError = (frame) => {
      const detail = [frame.headers.message, frame.body.replace(/\s+/g, ' ').trim()]
        .filter(Boolean)
        .join(': ');
      finish({
        ok: false,
        reason: `the CONNECT was refused: ${detail || 'no reason given'}`,
        refused: true,
      });
    };
    client.onWebSocketError = (event: unknown) => {
      socketProblem = describeSocketError(url, event);
    };
    client.onWebSocketClose = (event: { code?: number; reason?: string }) => {
      const closed = `the WebSocket closed before STOMP connected (code ${event.code ?? '?'}${event.reason ? `, ${event.reason}` : ''})`;
      finish({ ok: false, reason: socketProblem ?? closed, refused: false });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          reason: socketProblem ?? `no STOMP CONNECTED frame within ${timeoutMs} ms`,
          refused: false,
        }),
      timeoutMs,
    );
    client.activate();
  });
}

/** A polite DISCONNECT, but no more than a second of waiting for the socket to close. */
async function deactivateQuickly(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
  const closed = await Promise.race([client.deactivate().then(() => true), slow]);
  clearTimeout(timer);
  if (!closed) await client.deactivate({ force: true });
}

function describeSocketError(url: string, event: unknown): string {
  const error = (event as { error?: NodeJS.ErrnoException; message?: string } | undefined) ?? {};
  const host = new URL(url).host;
  switch (error.error?.code) {
    case 'ECONNREFUSED':
      return `nothing listens on ${host} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host of ${url} cannot be resolved`;
    case 'ETIMEDOUT':
      return `${host} did not answer (timed out)`;
  }
  const message = error.message || error.error?.message;
  return message ? `WebSocket error: ${message}` : 'WebSocket error';
}

/** How long a booting node may refuse our CONNECT before the refusal counts (see waitForStomp). */
const BOOT_REFUSAL_GRACE_MS = 20_000;
const POLL_INTERVAL_MS = 300;

export interface StompWait extends ProbeOptions {
  /** When to give up, as a Date.now() time. */
  deadline: number;
  /** Why the node cannot answer any more (it exited), or null while it may. */
  exited?: () => string | null;
}

/** Why waitForStomp gave up: `refused` when the node answered but kept turning the login down. */
export type StompWaitFailure = { kind: 'exited' | 'timeout' | 'refused'; reason: string };

/**
 * Probes `url` until a STOMP CONNECT succeeds. A node that is still booting (above all one
 * joining a cluster, whose users and vhosts arrive from its peers) can answer "access denied"
 * for a few seconds before the default user and vhost exist on it: only a refusal that lasts
 * 20 s counts. Never rejects; resolves to null once connected, or to why it gave up.
 */
export async function waitForStomp(url: string, wait: StompWait): Promise<StompWaitFailure | null> {
  let last = 'not tried yet';
  let refusedSince: number | null = null;
  for (;;) {
    const exit = wait.exited?.();
    if (exit) return { kind: 'exited', reason: exit };
    const remaining = wait.deadline - Date.now();
    if (remaining <= 0) return { kind: 'timeout', reason: last };
    const probe = await probeStomp(url, { ...wait, timeoutMs: Math.min(2000, remaining) });
    if (probe.ok) return null;
    if (probe.refused) {
      refusedSince ??= Date.now();
      if (Date.now() - refusedSince >= BOOT_REFUSAL_GRACE_MS)
        return { kind: 'refused', reason: probe.reason };
    } else {
      refusedSince = null;
    }
    last = probe.reason;
    await sleep(POLL_INTERVAL_MS);
  }
}
