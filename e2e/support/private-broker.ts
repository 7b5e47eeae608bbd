import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
// Playwright loads specs as CommonJS here, so __dirname (not import.meta) is the way to the root.
const root = path.resolve(__dirname, '../..');

/**
 * A second private broker of the test's own, for tests that stop and start a broker and must
 * not disturb the one the other tests share. Driven through the real `npm run broker` CLI.
 */
export class PrivateBroker {
  readonly env: NodeJS.ProcessEnv;
  readonly url: string;

  constructor(name: string, webStompPort: number) {
    this.url = `ws://127.0.0.1:${webStompPort}/ws`;
    this.env = {
      ...process.env,
      STOMPWATCH_WEB_STOMP_PORT: String(webStompPort),
      STOMPWATCH_MANAGEMENT_PORT: String(webStompPort - 2),
      STOMPWATCH_DIST_PORT: String(webStompPort + 10_000),
      STOMPWATCH_EPMD_PORT: String(webStompPort - 11_300),
      STOMPWATCH_NODE_NAME: `stompwatch-${name}@localhost`,
      STOMPWATCH_BROKER_DIR: `.broker/${name}`,
      PORT: String(webStompPort + 1),
    };
    delete this.env.STOMPWATCH_BROKER_URL;
    delete this.env.STOMPWATCH_MANAGEMENT_URL;
  }

  async broker(command: 'start' | 'stop' | 'status' | 'reset'): Promise<string> {
    const { stdout } = await run('npm', ['run', '--silent', 'broker', '--', command], {
      cwd: root,
      env: this.env,
      timeout: 120_000,
    });
    return stdout;
  }
}

/**
 * The private cluster of `npm run broker -- cluster …` (scripts/lib/cluster.ts), driven through
 * the real CLI with its own env: node i listens on Web-STOMP `webStompPort + 10·(i-1)` and
 * management `webStompPort - 2 + 10·(i-1)`, all nodes on one epmd port of their own.
 */
export class PrivateCluster {
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name = 'stompwatch-c',
    readonly webStompPort = 15804,
    readonly dir = '.broker/cluster',
  ) {
    this.env = {
      ...process.env,
      STOMPWATCH_CLUSTER_WEB_STOMP_PORT: String(webStompPort),
      STOMPWATCH_CLUSTER_MANAGEMENT_PORT: String(webStompPort - 2),
      STOMPWATCH_CLUSTER_DIST_PORT: String(webStompPort + 10_000),
      STOMPWATCH_CLUSTER_EPMD_PORT: String(webStompPort - 11_300),
      STOMPWATCH_CLUSTER_NAME: name,
      STOMPWATCH_CLUSTER_DIR: dir,
    };
    delete this.env.STOMPWATCH_CLUSTER_NODES;
  }

  /** Web-STOMP URL of node `index` (1-based). */
  url(index: number): string {
    return `ws://127.0.0.1:${this.webStompPort + 10 * (index - 1)}/ws`;
  }

  managementUrl(index: number): string {
    return `http://127.0.0.1:${this.webStompPort - 2 + 10 * (index - 1)}`;
  }

  nodeName(index: number): string {
    return `${this.name}${index}@localhost`;
  }

  /** The node index of an Erlang node name, or null when it is not one of ours. */
  indexOf(nodeName: string): number | null {
    const match = new RegExp(`^${this.name}(\\d+)@`).exec(nodeName);
    return match ? Number(match[1]) : null;
  }

  /** The Broker URL field's value for the first `nodes` nodes: their URLs, comma-separated. */
  brokerUrl(nodes: number): string {
    return Array.from({ length: nodes }, (_, i) => this.url(i + 1)).join(', ');
  }

  /** Runs `npm run broker -- cluster <args>` and returns what it printed; rejects on a non-zero exit. */
  async cluster(...args: string[]): Promise<string> {
    const { stdout } = await run('npm', ['run', '--silent', 'broker', '--', 'cluster', ...args], {
      cwd: root,
      env: this.env,
      timeout: 300_000,
    });
    return stdout;
  }
}
