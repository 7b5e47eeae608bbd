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
import { errorMessage } from '@/lib/util/result';
import { createServer, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { refusalHeaders } from '../lib/security/headers';
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

/** An answer written on the raw socket, for what never becomes a request (CONNECT, parse errors). */
function sendOnSocket(
  socket: Duplex,
  { status, headers, body }: { status: number; headers: Record<string, string>; body: string },
): void {
  const lines = Object.entries({
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  }).map(([key, value]) => `${key}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
}

/** Node's own answer to a request its parser refuses (TRACK, a broken request line), with our headers. */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
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
  // CONNECT never reaches the request listener: Node hands it over as a raw socket.
  server.on('connect', (req, socket) => {
    const method = checkMethod(req.method);
    if (!method.ok) sendOnSocket(socket, method.error);
    else socket.destroy();
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const status = clientErrorStatus(error.code);
    sendOnSocket(socket, { status, headers: refusalHeaders(), body: `${STATUS_CODES[status]}.` });
  });
  // Next.js keeps the process alive after uncaught errors: a port in use must end it, as with next start.
  server.once('error', (error) => {
    console.error(`Cannot serve on ${hostname}:${port}: ${error.message}`);
    process.exit(1);
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
  console.error(errorMessage(error));
  process.exit(1);
});
