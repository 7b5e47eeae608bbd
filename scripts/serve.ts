/**
 * Serves a production build like `next start`, through Next's custom server, so that requests
 * Next.js cannot take still get a proper answer: a method Node's `Request` refuses (`TRACE`,
 * `TRACK`) crashes Next's proxy adapter before `proxy.ts` runs and answers a bare 500 without
 * the security headers. Those get a 405 from `lib/security/method-guard.ts`; everything else
 * goes to Next.js unchanged (the nonce CSP of `proxy.ts` included).
 *
 * Usage: node --import tsx scripts/serve.ts [-p PORT] [-H HOST] [--dir APP_DIR]
 * (defaults: $PORT or 3000, 127.0.0.1, the project). The build is the one `next.config.ts`
 * names, so set STOMPWATCH_DIST_DIR / STOMPWATCH_BASE_PATH as for `next build`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkMethod, type MethodRefusal } from '../lib/security/method-guard';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' },
    hostname: { type: 'string', short: 'H', default: '127.0.0.1' },
    dir: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
  },
});
const port = Number(values.port);
const hostname = values.hostname;

function send(res: ServerResponse, refusal: MethodRefusal): void {
  res.writeHead(refusal.status, refusal.headers);
  res.end(refusal.body);
}

/** CONNECT never reaches a request listener in Node: it arrives as a raw socket. */
function sendOnSocket(socket: Socket, refusal: MethodRefusal): void {
  const headers = Object.entries({
    ...refusal.headers,
    'Content-Length': String(Buffer.byteLength(refusal.body)),
    Connection: 'close',
  }).map(([key, value]) => `${key}: ${value}\r\n`);
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${headers.join('')}\r\n${refusal.body}`);
}

async function main(): Promise<void> {
  // As `next start` does, and before Next.js loads React: otherwise it loads the development build.
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: path.resolve(values.dir), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    const method = checkMethod(req.method);
    if (!method.ok) return send(res, method.error);
    void handle(req, res);
  });
  server.on('connect', (req, socket: Socket) => {
    const method = checkMethod(req.method);
    if (!method.ok) sendOnSocket(socket, method.error);
    else socket.destroy();
  });
  server.listen(port, hostname, () => console.log(`Ready on http://${hostname}:${port}`));

  const stop = () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
