import path from 'node:path';

/**
 * The `node` arguments that serve a production build through `scripts/serve.ts` (Next's custom
 * server behind the method guard) on `host`:`port`, where `next start -p port -H host` was used.
 * `root` is the project; `dir` the app folder when it is another (the bench's snapshot). Spawn
 * with `process.execPath` and a working directory inside the project, so `tsx` resolves and
 * signals reach the server itself.
 * @example spawn(process.execPath, serveArgs(root, { port: 3000, host: '127.0.0.1' }), { cwd: root })
 */
export function serveArgs(
  root: string,
  { port, host, dir }: { port: number; host: string; dir?: string },
): string[] {
  return [
    '--import',
    'tsx',
    path.join(root, 'scripts', 'serve.ts'),
    '-p',
    String(port),
    '-H',
    host,
    ...(dir ? ['--dir', dir] : []),
  ];
}
