import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a production build reads: when any of it is newer than the build, it is stale. */
export const BUILD_SOURCES = [
  'app',
  'components',
  'hooks',
  'lib',
  'public',
  'package.json',
  'package-lock.json',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
] as const;

/** The newest modification time under `entry` (a file or a folder, relative to `root`); 0 when absent. */
export function newestMtime(root: string, entry: string): number {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full))
    newest = Math.max(newest, newestMtime(root, path.join(entry, child)));
  return newest;
}

/** The first of the project's build sources changed after `builtAt` (epoch ms), or null. */
export function staleBuildSource(root: string, builtAt: number): string | null {
  return BUILD_SOURCES.find((entry) => newestMtime(root, entry) > builtAt) ?? null;
}
