import { err, ok, type Result } from '@/lib/util/result';
import { z } from 'zod';
import { parsePublicHosts, type AllowedHost } from '@/lib/security/host-check';
import type { ManagementCredentials } from '@/lib/management/protocol';
import { brokerUrls, checkWebSocketUrl } from './broker-url';

// Re-exported for the scripts and tests that take them from here with the configuration.
export { brokerUrls, checkWebSocketUrl };

/**
 * Every setting stompwatch reads from the environment, with its default.
 * One table so the README, the broker script, `npm start`, `npm test` and the
 * dashboard's prefilled connection form can never disagree.
 */
export const ENV_DOCS = {
  STOMPWATCH_BROKER_URL:
    "Web-STOMP URL(s) the dashboard connects to (ws:// or wss://, or a path such as /ws on the page's own origin; comma-separated for failover)",
  STOMPWATCH_LOGIN: 'STOMP login prefilled in the connection form',
  STOMPWATCH_PASSCODE:
    'STOMP passcode for the terminal scripts (npm run send); never put into the page, and refused by npm start',
  STOMPWATCH_VHOST: 'Virtual host prefilled in the connection form',
  STOMPWATCH_MANAGEMENT_URL: 'RabbitMQ management API base URL used by the server',
  STOMPWATCH_MANAGEMENT_LOGIN:
    'Server-side management login, used when a browser sends none (every visitor then sees what it sees); set together with STOMPWATCH_MANAGEMENT_PASSCODE',
  STOMPWATCH_MANAGEMENT_PASSCODE: 'Passcode for STOMPWATCH_MANAGEMENT_LOGIN',
  STOMPWATCH_PUBLIC_HOSTS:
    'Host names (host[:port], comma-separated) the dashboard answers under besides localhost, 127.0.0.1 and [::1]',
  STOMPWATCH_BASE_PATH:
    'Path the dashboard is served under behind a reverse proxy, e.g. /stompwatch (read at build time)',
  STOMPWATCH_DIST_DIR:
    'Build folder instead of .next (read by next.config.ts; the deployment test builds its base-path copy apart)',
  STOMPWATCH_PRIVATE_BROKER:
    'Set to 1 by npm start and npm test when they run the private loopback broker: the form is then prefilled with its passcode guest (internal)',
  STOMPWATCH_WEB_STOMP_PORT: 'Web-STOMP port of the private broker',
  STOMPWATCH_MANAGEMENT_PORT: 'Management port of the private broker',
  STOMPWATCH_DIST_PORT: 'Erlang distribution port of the private broker',
  STOMPWATCH_EPMD_PORT: 'epmd port of the private broker',
  STOMPWATCH_NODE_NAME: 'Erlang node name of the private broker',
  STOMPWATCH_BROKER_DIR: 'Data folder of the private broker, relative to the project',
  PORT: 'HTTP port of the dashboard',
} as const;

export type EnvName = keyof typeof ENV_DOCS;

export const DEFAULT_PORTS = {
  webStomp: 15674,
  management: 15672,
  dist: 25692,
  epmd: 4380,
  http: 3000,
} as const;

const port = (name: EnvName, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a port number (1-65535)` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`)
    .default(fallback);

const wsUrlList = z.string().superRefine((value, ctx) => {
  const urls = brokerUrls(value);
  if (urls.length === 0)
    ctx.addIssue({ code: 'custom', message: 'STOMPWATCH_BROKER_URL is empty' });
  for (const url of urls) {
    const problem = checkWebSocketUrl(url);
    if (problem) ctx.addIssue({ code: 'custom', message: `STOMPWATCH_BROKER_URL: ${problem}` });
  }
});

const httpUrl = z.string().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `STOMPWATCH_MANAGEMENT_URL "${value}" is not a URL` });
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: `STOMPWATCH_MANAGEMENT_URL must start with http:// or https:// (got ${parsed.protocol}//)`,
    });
  }
  if (parsed.username || parsed.password) {
    ctx.addIssue({
      code: 'custom',
      message:
        'STOMPWATCH_MANAGEMENT_URL must not carry credentials; use STOMPWATCH_LOGIN/STOMPWATCH_PASSCODE',
    });
  }
});

const publicHosts = z.string().transform((value, ctx) => {
  const parsed = parsePublicHosts(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: 'custom', message: `STOMPWATCH_PUBLIC_HOSTS: ${parsed.error}` });
  return z.NEVER;
});

const basePath = z
  .string()
  .regex(
    /^(\/[A-Za-z0-9._~-]+)+$/,
    'STOMPWATCH_BASE_PATH must be a path like /stompwatch: a leading slash, no trailing slash, no query',
  );

const nodeName = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+$/,
    'STOMPWATCH_NODE_NAME must look like name@host, e.g. stompwatch@localhost',
  );

/** The resolved configuration. Never log `passcode`. */
export interface StompwatchConfig {
  brokerUrl: string;
  /** True when STOMPWATCH_BROKER_URL was set explicitly: the broker script then only checks it. */
  brokerUrlConfigured: boolean;
  login: string;
  passcode: string;
  vhost: string;
  managementUrl: string;
  /** Used upstream only when a browser sends no credentials; null unless both are configured. */
  managementCredentials: ManagementCredentials | null;
  /** Host names besides loopback that the dashboard answers under. */
  publicHosts: AllowedHost[];
  /** '' or a path such as '/stompwatch'. */
  basePath: string;
  /** True when npm start or npm test runs the private loopback broker (passcode guest). */
  privateBroker: boolean;
  ports: { webStomp: number; management: number; dist: number; epmd: number; http: number };
  nodeName: string;
  brokerDir: string;
}

export type ConfigResult = Result<StompwatchConfig, string[]>;

const schema = z.object({
  STOMPWATCH_WEB_STOMP_PORT: port('STOMPWATCH_WEB_STOMP_PORT', DEFAULT_PORTS.webStomp),
  STOMPWATCH_MANAGEMENT_PORT: port('STOMPWATCH_MANAGEMENT_PORT', DEFAULT_PORTS.management),
  STOMPWATCH_DIST_PORT: port('STOMPWATCH_DIST_PORT', DEFAULT_PORTS.dist),
  STOMPWATCH_EPMD_PORT: port('STOMPWATCH_EPMD_PORT', DEFAULT_PORTS.epmd),
  PORT: port('PORT', DEFAULT_PORTS.http),
  STOMPWATCH_BROKER_URL: wsUrlList.optional(),
  STOMPWATCH_LOGIN: z.string().default('guest'),
  STOMPWATCH_PASSCODE: z.string().default('guest'),
  STOMPWATCH_VHOST: z
    .string()
    .min(1, 'STOMPWATCH_VHOST must not be empty (the default vhost is "/")')
    .default('/'),
  STOMPWATCH_MANAGEMENT_URL: httpUrl.optional(),
  STOMPWATCH_MANAGEMENT_LOGIN: z.string().optional(),
  STOMPWATCH_MANAGEMENT_PASSCODE: z.string().optional(),
  STOMPWATCH_PUBLIC_HOSTS: publicHosts.optional(),
  STOMPWATCH_BASE_PATH: basePath.optional(),
  STOMPWATCH_PRIVATE_BROKER: z
    .enum(['0', '1'], 'STOMPWATCH_PRIVATE_BROKER is set by npm start; leave it unset')
    .default('0'),
  STOMPWATCH_NODE_NAME: nodeName.default('stompwatch@localhost'),
  STOMPWATCH_BROKER_DIR: z
    .string()
    .refine(
      (dir) => !dir.split(/[\\/]/).includes('..'),
      'STOMPWATCH_BROKER_DIR must stay inside the project',
    )
    .default('.broker/default'),
});

/**
 * Parses and validates the environment. Empty strings count as unset, so
 * `STOMPWATCH_LOGIN= npm start` falls back to the default instead of failing.
 */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const present: Record<string, string> = {};
  for (const name of Object.keys(ENV_DOCS)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') present[name] = value.trim();
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => issue.message));
  }
  const e = parsed.data;
  const ports = {
    webStomp: e.STOMPWATCH_WEB_STOMP_PORT,
    management: e.STOMPWATCH_MANAGEMENT_PORT,
    dist: e.STOMPWATCH_DIST_PORT,
    epmd: e.STOMPWATCH_EPMD_PORT,
    http: e.PORT,
  };
  const clashes = findPortClashes(ports);
  if (clashes.length > 0) return err(clashes);
  const managementLogin = e.STOMPWATCH_MANAGEMENT_LOGIN;
  const managementPasscode = e.STOMPWATCH_MANAGEMENT_PASSCODE;
  if ((managementLogin === undefined) !== (managementPasscode === undefined)) {
    return err([
      'STOMPWATCH_MANAGEMENT_LOGIN and STOMPWATCH_MANAGEMENT_PASSCODE go together: set both (every visitor then sees what that login sees) or neither (each visitor signs in with their own)',
    ]);
  }
  return ok({
    brokerUrl: e.STOMPWATCH_BROKER_URL ?? `ws://127.0.0.1:${ports.webStomp}/ws`,
    brokerUrlConfigured: e.STOMPWATCH_BROKER_URL !== undefined,
    login: e.STOMPWATCH_LOGIN,
    passcode: e.STOMPWATCH_PASSCODE,
    vhost: e.STOMPWATCH_VHOST,
    managementUrl: (e.STOMPWATCH_MANAGEMENT_URL ?? `http://127.0.0.1:${ports.management}`).replace(
      /\/+$/,
      '',
    ),
    managementCredentials:
      managementLogin !== undefined && managementPasscode !== undefined
        ? { login: managementLogin, passcode: managementPasscode }
        : null,
    publicHosts: e.STOMPWATCH_PUBLIC_HOSTS ?? [],
    basePath: e.STOMPWATCH_BASE_PATH ?? '',
    privateBroker: e.STOMPWATCH_PRIVATE_BROKER === '1',
    ports,
    nodeName: e.STOMPWATCH_NODE_NAME,
    brokerDir: e.STOMPWATCH_BROKER_DIR,
  });
}

function findPortClashes(ports: StompwatchConfig['ports']): string[] {
  const seen = new Map<number, string>();
  const errors: string[] = [];
  for (const [name, value] of Object.entries(ports)) {
    const other = seen.get(value);
    if (other)
      errors.push(`Ports clash: ${other} and ${name} are both ${value}; give each its own port`);
    else seen.set(value, name);
  }
  return errors;
}

/** The passcode of the private broker `npm start` runs on loopback (its only user is guest). */
export const PRIVATE_BROKER_PASSCODE = 'guest';

/** What the page's connection form starts with. */
export interface FormDefaults {
  brokerUrl: string;
  login: string;
  passcode: string;
  vhost: string;
}

/**
 * The connection form's prefilled values, as sent to every browser that opens the page. Never a
 * configured passcode: only guest, and only for the private loopback broker npm start (or
 * npm test) runs itself, which accepts nothing else and nobody from another machine.
 */
export function formDefaults(config: StompwatchConfig): FormDefaults {
  return {
    brokerUrl: config.brokerUrl,
    login: config.login,
    passcode: config.privateBroker ? PRIVATE_BROKER_PASSCODE : '',
    vhost: config.vhost,
  };
}

/**
 * Why `npm start` refuses to run with this environment, or null. A configured
 * STOMPWATCH_PASSCODE would be handed to everyone who can open the dashboard.
 */
export function dashboardStartRefusal(env: Record<string, string | undefined>): string | null {
  if ((env.STOMPWATCH_PASSCODE ?? '').trim() === '') return null;
  return [
    'STOMPWATCH_PASSCODE is set, but the dashboard does not put a passcode into the page: everyone who opened it would receive it.',
    'Unset it (unset STOMPWATCH_PASSCODE) and type the passcode into the connection form instead;',
    'tick "Remember passcode on this device" to keep it in that browser. npm run send still reads it.',
  ].join('\n  ');
}

/** Like parseConfig, but throws one readable error listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): StompwatchConfig {
  const result = readConfig(env);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** {@link loadConfig} for command-line tools: the configuration, or what is wrong with it. */
export function readConfig(
  env: Record<string, string | undefined> = process.env,
): Result<StompwatchConfig> {
  const result = parseConfig(env);
  return result.ok ? result : err(`Invalid configuration:\n  - ${result.error.join('\n  - ')}`);
}
