import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect } from '@playwright/test';
import { serveArgs } from '../../scripts/lib/serve-command';

const root = path.resolve(__dirname, '../..');

/**
 * A port nothing listens on right now, from the OS: fixed ports would collide with other
 * suites running on the same machine.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A second dashboard server of a build (this one by default), with its own environment. */
export interface DashboardServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the dashboard (`scripts/serve.ts`, as `npm start` does) on 127.0.0.1:`port` with `env` on top of this process's environment and
 * waits until `/api/health` answers. `basePath` is where that build serves (STOMPWATCH_BASE_PATH).
 */
export async function startDashboardServer(options: {
  port: number;
  env?: Record<string, string>;
  basePath?: string;
}): Promise<DashboardServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    serveArgs(root, { port: options.port, host: '127.0.0.1' }),
    { cwd: root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${options.port}${options.basePath ?? ''}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the dashboard server exited: ${stderr.slice(-2000)}`);
        return (await fetch(`${baseUrl}/api/health`).catch(() => null))?.status ?? 0;
      },
      {
        timeout: 30_000,
        message: `the dashboard server on port ${options.port} did not answer: ${stderr}`,
      },
    )
    .toBe(200);
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP(S) request with exactly these headers (fetch would not let a test set `Host`), e.g. a
 * DNS-rebinding page's request as the server sees it. HTTPS accepts the test's self-signed
 * certificate.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: options.method ?? 'GET', headers: options.headers, rejectUnauthorized: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
