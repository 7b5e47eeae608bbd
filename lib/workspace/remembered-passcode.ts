/**
 * The passcode a user asked this browser to remember ("Remember passcode on this device"), kept
 * together with the broker URL, login and vhost it was typed for. It is handed back only for
 * that same connection, so a workspace file that names another broker never gets it.
 */
export const REMEMBERED_PASSCODE_KEY = 'stompwatch.passcode.v2';
/** The first format kept the passcode alone, for whatever broker the form named. */
const UNBOUND_PASSCODE_KEY = 'stompwatch.passcode';

/** Where a passcode is used: the connection form without it. */
export interface ConnectionTarget {
  brokerUrl: string;
  login: string;
  vhost: string;
}

export interface RememberedPasscode extends ConnectionTarget {
  passcode: string;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Whether two connection targets are the same broker URL list, login and vhost. */
export function sameTarget(a: ConnectionTarget, b: ConnectionTarget): boolean {
  const urls = (value: string) =>
    value
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean)
      .join(',');
  return urls(a.brokerUrl) === urls(b.brokerUrl) && a.login === b.login && a.vhost === b.vhost;
}

/**
 * Reads what is remembered. A passcode stored by the first format (no target) is bound to
 * `current`, the form as the page opened, and stored again in the new format.
 */
export function readRememberedPasscode(
  storage: KeyValueStorage,
  current: ConnectionTarget,
): RememberedPasscode | null {
  const unbound = storage.getItem(UNBOUND_PASSCODE_KEY);
  if (unbound !== null) {
    storage.removeItem(UNBOUND_PASSCODE_KEY);
    const migrated = { ...pickTarget(current), passcode: unbound };
    writeRememberedPasscode(storage, migrated);
    return migrated;
  }
  try {
    const raw: unknown = JSON.parse(storage.getItem(REMEMBERED_PASSCODE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return null;
    const { brokerUrl, login, vhost, passcode } = raw as Record<string, unknown>;
    if (
      typeof brokerUrl === 'string' &&
      typeof login === 'string' &&
      typeof vhost === 'string' &&
      typeof passcode === 'string'
    ) {
      return { brokerUrl, login, vhost, passcode };
    }
  } catch {
    /* unreadable: as if nothing was remembered */
  }
  return null;
}

/** The remembered passcode for exactly this target, or null. */
export function rememberedPasscodeFor(
  storage: KeyValueStorage,
  target: ConnectionTarget,
): string | null {
  const remembered = readRememberedPasscode(storage, target);
  return remembered && sameTarget(remembered, target) ? remembered.passcode : null;
}

export function writeRememberedPasscode(storage: KeyValueStorage, entry: RememberedPasscode): void {
  storage.setItem(
    REMEMBERED_PASSCODE_KEY,
    JSON.stringify({ ...pickTarget(entry), passcode: entry.passcode }),
  );
}

export function forgetRememberedPasscode(storage: KeyValueStorage): void {
  storage.removeItem(REMEMBERED_PASSCODE_KEY);
  storage.removeItem(UNBOUND_PASSCODE_KEY);
}

const pickTarget = ({ brokerUrl, login, vhost }: ConnectionTarget): ConnectionTarget => ({
  brokerUrl,
  login,
  vhost,
});
