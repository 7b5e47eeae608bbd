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
