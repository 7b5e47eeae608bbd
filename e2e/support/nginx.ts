import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { ensureNginx } from '../../scripts/lib/system';
import { rawRequest } from './dashboard-server';

const root = path.resolve(__dirname, '../..');

/** The `nginx` block of the README's deployment section: the test runs what people copy. */
export function readmeNginxServer(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```nginx block');
  return block;
}

/** Swaps the README's example values for this test's, and fails loudly if one is missing. */
function adapt(server: string, replacements: [string, string][]): string {
  let adapted = server;
  for (const [from, to] of replacements) {
    if (!adapted.includes(from))
      throw new Error(`The README's nginx block no longer contains "${from}"`);
    adapted = adapted.split(from).join(to);
  }
  return adapted;
}

export interface RunningNginx {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx on 127.0.0.1:`port` over TLS, with a self-signed certificate for 127.0.0.1
 * made now, running the README's server block against `dashboardPort` and `webStompHost`.
 */
export async function startNginx(options: {
  port: number;
  dashboardPort: number;
  webStompHost: string;
}): Promise<RunningNginx> {
  const nginx = ensureNginx((line) => console.log(`  ${line}`));
  if (!nginx) {
    throw new Error(
      'nginx is missing and cannot be installed here: apt-get install nginx (as root), or set STOMPWATCH_NGINX.',
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'stompwatch-nginx-'));
  // nginx's workers run as an unprivileged user and need to reach their temp folders.
  chmodSync(dir, 0o755);
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const openssl = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (openssl.status !== 0)
    throw new Error(`openssl could not make a certificate: ${openssl.stderr}`);

  const server = adapt(readmeNginxServer(), [
    ['listen 443 ssl;', `listen 127.0.0.1:${options.port} ssl;`],
    ['server_name dash.example.com;', 'server_name 127.0.0.1;'],
    ['/etc/ssl/stompwatch/cert.pem', cert],
    ['/etc/ssl/stompwatch/key.pem', key],
    ['http://127.0.0.1:3000', `http://127.0.0.1:${options.dashboardPort}`],
    ['http://127.0.0.1:15674', `http://${options.webStompHost}`],
  ]);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  const config = [
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
    server,
    '}',
  ].join('\n');
  const configFile = path.join(dir, 'nginx.conf');
  writeFileSync(configFile, config);

  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `https://127.0.0.1:${options.port}`;
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return (await rawRequest(`${origin}/stompwatch/api/health`).catch(() => null))?.status ?? 0;
      },
      { timeout: 20_000 },
    )
    .toBe(200);
  return {
    origin,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
