import { brokerUrls, checkWebSocketUrl } from '@/lib/config/broker-url';
import { err, ok, type Result } from '@/lib/util/result';
import type { ConnectionTarget } from '@/lib/workspace/remembered-passcode';
import type { ConnectionForm, NewPane } from './dashboard-types';
import { validateSubscribeDestination } from '@/lib/routing/destination';
import { validateSubscriptionId, type PaneConfig } from '@/lib/panes/pane-config';

/** The connection form's URLs, or what is wrong with the form, before anything is opened. */
export function checkConnectionForm(form: ConnectionForm): Result<string[]> {
  const urls = brokerUrls(form.brokerUrl);
  if (urls.length === 0) return err('Enter a broker URL, e.g. ws://127.0.0.1:15674/ws.');
  for (const url of urls) {
    const problem = checkWebSocketUrl(url);
    if (problem) return err(problem);
  }
  if (form.vhost.trim() === '') return err('Enter a virtual host ("/" is the default).');
  return ok(urls);
}

/** The plain-words warning for a workspace that names another broker, login or vhost. */
export function describeMove(next: ConnectionTarget, online: boolean): string {
  const hosts = brokerUrls(next.brokerUrl).map((url) => {
    try {
      return new URL(url).host || url;
    } catch {
      return url;
    }
  });
  const where = hosts.length > 0 ? hosts.join(', ') : 'no broker URL';
  const now = online ? 'Your current connection stays as it is; ' : '';
  return (
    `This workspace points at ${where} (login "${next.login}", vhost "${next.vhost}"), not the connection you had. ` +
    `The passcode was cleared and nothing was sent there. ${now}Its panes wait: check the address, ` +
    `${online ? 'Disconnect, ' : ''}type the passcode for that broker and press Connect.`
  );
}

/**
 * Why a pane cannot be subscribed as configured next to `panes`, or null: checked before
 * anything is sent (the Subscribe form, an imported or restored workspace).
 */
export function paneProblem(pane: NewPane, panes: readonly PaneConfig[]): string | null {
  const destination = validateSubscribeDestination(pane.destination);
  if (!destination.ok) return destination.error;
  const id = validateSubscriptionId(pane.subscriptionId);
  if (!id.ok) return id.error;
  if (pane.connection === 'shared') {
    const clash = panes.find(
      (other) => other.connection === 'shared' && other.subscriptionId === pane.subscriptionId,
    );
    if (clash) {
      return `Subscription id "${pane.subscriptionId}" is already used on the shared connection (pane on ${clash.destination}). RabbitMQ would close the whole connection and leave an orphaned queue behind, so nothing was sent. Pick another id, or give this pane its own connection.`;
    }
  }
  return null;
}
