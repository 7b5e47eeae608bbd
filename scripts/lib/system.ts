import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True when this process may install Debian packages itself. */
export function canAptInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

let aptUpdated = false;

/** Installs Debian packages as root (apt-get update once per process). Returns false if it could not. */
export function aptInstall(packages: string[], log: (line: string) => void = console.log): boolean {
  if (!canAptInstall()) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  const result = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'inherit',
    env,
  });
  return result.status === 0;
}

/** Debian's Chromium, installing it as root when missing. Returns its path, or null. */
export function ensureChromium(log: (line: string) => void = console.log): string | null {
  const path = process.env.STOMPWATCH_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (aptInstall(['chromium'], log) && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return null;
}

/** Debian's nginx (for the deployment test), installing it as root when missing. Returns its path, or null. */
export function ensureNginx(log: (line: string) => void = console.log): string | null {
  const path = process.env.STOMPWATCH_NGINX ?? '/usr/sbin/nginx';
  if (existsSync(path)) return path;
  if (aptInstall(['nginx'], log) && existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  return null;
}
