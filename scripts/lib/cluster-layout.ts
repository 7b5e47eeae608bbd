/**
 * Where each node of the private cluster lives: settings read from STOMPWATCH_CLUSTER_* and the
 * node layout derived from them (names, ports, URLs, data folders). Pure and free of process
 * code, so the e2e helpers load it as they are (CommonJS) and can never disagree with
 * `npm run broker -- cluster` about a port. Unit-tested in cluster.test.ts.
 */
import path from 'node:path';
import { err, ok, type Result } from '../../lib/util/result';
import type { Env } from './process';

// ---------------------------------------------------------------------------------------------
// Settings (pure, unit-tested in cluster.test.ts)
// ---------------------------------------------------------------------------------------------

/** Every cluster setting read from the environment, with its default. */
export const CLUSTER_ENV_DOCS = {
  STOMPWATCH_CLUSTER_NODES: 'How many nodes `cluster start` runs (2-5; default 2)',
  STOMPWATCH_CLUSTER_WEB_STOMP_PORT:
    'Web-STOMP port of node 1 (default 15804); node i adds 10·(i-1)',
  STOMPWATCH_CLUSTER_MANAGEMENT_PORT:
    'Management port of node 1 (default 15802); node i adds 10·(i-1)',
  STOMPWATCH_CLUSTER_DIST_PORT:
    'Erlang distribution port of node 1 (default 25804); node i adds 10·(i-1)',
  STOMPWATCH_CLUSTER_EPMD_PORT: 'The one epmd port all nodes register with (default 4504)',
  STOMPWATCH_CLUSTER_NAME:
    'Node name prefix: node i is <prefix><i>@localhost (default stompwatch-c)',
  STOMPWATCH_CLUSTER_DIR:
    'Data folder of the cluster, relative to the project (default .broker/cluster)',
} as const;

export const CLUSTER_DEFAULTS = {
  nodes: 2,
  webStompPort: 15804,
  managementPort: 15802,
  distPort: 25804,
  epmdPort: 4504,
  namePrefix: 'stompwatch-c',
  dir: '.broker/cluster',
} as const;

/** Ports of node i are node 1's plus PORT_STEP·(i-1). */
export const PORT_STEP = 10;
export const MAX_NODES = 5;
const HOST = 'localhost';
export const LOOPBACK = '127.0.0.1';

export interface ClusterSettings {
  nodes: number;
  webStompPort: number;
  managementPort: number;
  distPort: number;
  epmdPort: number;
  namePrefix: string;
  /** Relative to the project root. */
  dir: string;
  login: string;
  passcode: string;
  vhost: string;
}

/** One node of the cluster, numbered from 1. */
export interface ClusterNode {
  index: number;
  nodeName: string;
  url: string;
  managementUrl: string;
  ports: { webStomp: number; management: number; dist: number };
  /** The node's data folder, relative to the project root. */
  brokerDir: string;
}

export type SettingsResult = Result<ClusterSettings, string[]>;

function readPort(
  env: Env,
  name: keyof typeof CLUSTER_ENV_DOCS,
  fallback: number,
  errors: string[],
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    errors.push(`${name} must be a port number (1-65535), got "${text}"`);
    return fallback;
  }
  return value;
}

/**
 * Reads the STOMPWATCH_CLUSTER_* variables (and STOMPWATCH_LOGIN/PASSCODE/VHOST), checks that
 * every node's ports are valid and distinct, and returns the settings or every problem found.
 * `nodes` (from `--nodes N`) overrides STOMPWATCH_CLUSTER_NODES.
 */
export function parseClusterSettings(env: Env, overrides: { nodes?: number } = {}): SettingsResult {
  const errors: string[] = [];
  const nodesText = env.STOMPWATCH_CLUSTER_NODES?.trim();
  const nodes = overrides.nodes ?? (nodesText ? Number(nodesText) : CLUSTER_DEFAULTS.nodes);
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > MAX_NODES) {
    errors.push(`The cluster needs 2 to ${MAX_NODES} nodes, got "${overrides.nodes ?? nodesText}"`);
  }
  const namePrefix = env.STOMPWATCH_CLUSTER_NAME?.trim() || CLUSTER_DEFAULTS.namePrefix;
  if (!/^[A-Za-z0-9_-]+$/.test(namePrefix)) {
    errors.push(
      `STOMPWATCH_CLUSTER_NAME may hold letters, digits, "-" and "_" only, got "${namePrefix}"`,
    );
  }
  const dir = env.STOMPWATCH_CLUSTER_DIR?.trim() || CLUSTER_DEFAULTS.dir;
  // Relative to the project and never climbing out of it (checked without touching the disk).
  if (path.isAbsolute(dir) || dir.split(/[\\/]/).includes('..')) {
    errors.push(`STOMPWATCH_CLUSTER_DIR "${dir}" must be a folder inside the project`);
  }
  const settings: ClusterSettings = {
    nodes: Number.isInteger(nodes) ? nodes : CLUSTER_DEFAULTS.nodes,
    webStompPort: readPort(
      env,
      'STOMPWATCH_CLUSTER_WEB_STOMP_PORT',
      CLUSTER_DEFAULTS.webStompPort,
      errors,
    ),
    managementPort: readPort(
      env,
      'STOMPWATCH_CLUSTER_MANAGEMENT_PORT',
      CLUSTER_DEFAULTS.managementPort,
      errors,
    ),
    distPort: readPort(env, 'STOMPWATCH_CLUSTER_DIST_PORT', CLUSTER_DEFAULTS.distPort, errors),
    epmdPort: readPort(env, 'STOMPWATCH_CLUSTER_EPMD_PORT', CLUSTER_DEFAULTS.epmdPort, errors),
    namePrefix,
    dir,
    login: env.STOMPWATCH_LOGIN?.trim() || 'guest',
    passcode: env.STOMPWATCH_PASSCODE?.trim() || 'guest',
    vhost: env.STOMPWATCH_VHOST?.trim() || '/',
  };
  if (errors.length === 0) errors.push(...portClashes(settings));
  return errors.length > 0 ? err(errors) : ok(settings);
}

/** Ports two nodes (or two roles) would share, or that leave the valid range, for MAX_NODES nodes. */
function portClashes(settings: ClusterSettings): string[] {
  const seen = new Map<number, string>([[settings.epmdPort, 'the epmd port']]);
  const errors: string[] = [];
  for (let index = 1; index <= MAX_NODES; index++) {
    const node = clusterNode(settings, index);
    for (const [role, port] of Object.entries(node.ports)) {
      const what = `node ${index}'s ${role} port`;
      if (port > 65535) errors.push(`${what} would be ${port}, above 65535; choose lower ports`);
      const other = seen.get(port);
      if (other) errors.push(`Ports clash: ${what} and ${other} are both ${port}`);
      else seen.set(port, what);
    }
  }
  return errors;
}

/** Node `index` (1-based): its name, ports, URLs and data folder. */
export function clusterNode(settings: ClusterSettings, index: number): ClusterNode {
  const offset = PORT_STEP * (index - 1);
  const ports = {
    webStomp: settings.webStompPort + offset,
    management: settings.managementPort + offset,
    dist: settings.distPort + offset,
  };
  const shortName = `${settings.namePrefix}${index}`;
  return {
    index,
    nodeName: `${shortName}@${HOST}`,
    url: `ws://${LOOPBACK}:${ports.webStomp}/ws`,
    managementUrl: `http://${LOOPBACK}:${ports.management}`,
    ports,
    brokerDir: path.posix.join(settings.dir.replace(/\\/g, '/'), shortName),
  };
}

/** Nodes 1..settings.nodes. */
export function clusterNodes(settings: ClusterSettings): ClusterNode[] {
  return Array.from({ length: settings.nodes }, (_, i) => clusterNode(settings, i + 1));
}

/** The Broker URL to paste into the dashboard: every node's Web-STOMP URL, comma-separated. */
export function clusterBrokerUrl(settings: ClusterSettings): string {
  return clusterNodes(settings)
    .map((node) => node.url)
    .join(', ');
}
