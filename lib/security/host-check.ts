import { err, ok, type Result } from '@/lib/util/result';
import { truncateForDisplay } from '@/lib/util/truncate';

/**
 * Which `Host` values the dashboard answers. A page on another name that resolves to the
 * dashboard's address (DNS rebinding) is same-origin with itself, so `Sec-Fetch-Site` and
 * `Origin` cannot tell it apart; only the `Host` it sends can.
 */

/** One allowed host: a lowercase name (IPv6 in brackets) and, when given, the only port allowed. */
export interface AllowedHost {
  hostname: string;
  port?: number;
}

/** Loopback names, any port: always allowed, since only the machine itself can use them. */
export const LOOPBACK_HOSTS: readonly AllowedHost[] = [
  { hostname: 'localhost' },
  { hostname: '127.0.0.1' },
  { hostname: '[::1]' },
];

const HOST_PATTERN =
  /^(?<hostname>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(?<port>\d{1,5}))?$/;

/**
 * Splits a `Host` header (or one `host[:port]` entry) into name and port; null when it is not
 * a plain host name, IPv4 or bracketed IPv6 address with an optional port.
 * @example parseHost('LocalHost:3000') // { hostname: 'localhost', port: 3000 }
 */
export function parseHost(value: string): AllowedHost | null {
  const match = HOST_PATTERN.exec(value.trim().toLowerCase());
  if (!match?.groups) return null;
  const { hostname, port } = match.groups;
  if (port === undefined) return { hostname: hostname! };
  const number = Number(port);
  if (number < 1 || number > 65535) return null;
  return { hostname: hostname!, port: number };
}

/**
 * Parses `STOMPWATCH_PUBLIC_HOSTS`: comma-separated `host[:port]` entries. An entry without a
 * port allows that name on any port.
 * @example parsePublicHosts('dash.example.com, 10.0.0.5:8443')
 * // ok([{ hostname: 'dash.example.com' }, { hostname: '10.0.0.5', port: 8443 }])
 */
export function parsePublicHosts(value: string): Result<AllowedHost[]> {
  const hosts: AllowedHost[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const host = parseHost(entry);
    if (!host) {
      return err(
        `"${truncateForDisplay(entry, 60)}" is not a host name or address with an optional port, e.g. dash.example.com or 10.0.0.5:8443 (no scheme, no path)`,
      );
    }
    hosts.push(host);
  }
  return ok(hosts);
}

/** The allowed hosts for an environment: loopback plus valid `STOMPWATCH_PUBLIC_HOSTS` entries. */
export function allowedHostsFromEnv(env: Record<string, string | undefined>): AllowedHost[] {
  const configured = parsePublicHosts(env.STOMPWATCH_PUBLIC_HOSTS ?? '');
  // An invalid list stops `npm start`; a server started some other way fails closed to loopback.
  return configured.ok ? [...LOOPBACK_HOSTS, ...configured.value] : [...LOOPBACK_HOSTS];
}

/**
 * True when a request's `Host` header names the dashboard. A missing header is refused: every
 * HTTP/1.1 client sends one.
 * @example isAllowedHost('127.0.0.1:3000', LOOPBACK_HOSTS) // true
 * @example isAllowedHost('attacker.test:3000', LOOPBACK_HOSTS) // false
 */
export function isAllowedHost(hostHeader: string | null, allowed: readonly AllowedHost[]): boolean {
  if (hostHeader === null) return false;
  const host = parseHost(hostHeader);
  if (!host) return false;
  return allowed.some(
    (candidate) =>
      candidate.hostname === host.hostname &&
      (candidate.port === undefined || candidate.port === host.port),
  );
}

/** The body of a 421 answer: says what to configure, echoes nothing from the request. */
export const MISDIRECTED_MESSAGE =
  'Misdirected request: this dashboard does not answer for that host name. If you serve it under this name, add it to STOMPWATCH_PUBLIC_HOSTS.';
