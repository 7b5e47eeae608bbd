/**
 * Whether the configured management API answers at all, for `GET /api/health`. No credentials
 * are sent: a 401 is an answer too, and the health check must not need (or leak) a login.
 */

export type ManagementHealth = 'up' | 'down' | 'not-configured';

export interface ManagementProbe {
  /** The configured management base URL, or null when only an external broker URL is set. */
  baseUrl: string | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** A load balancer polls often; a slow management API is as good as down for it. */
export const HEALTH_TIMEOUT_MS = 2000;

/**
 * 'up' when anything answers at `<base>/api/overview` (200, 401, even 500: the process is
 * there), 'down' on a network error or timeout.
 * @example await probeManagement({ baseUrl: 'http://127.0.0.1:15672' }) // 'up'
 */
export async function probeManagement({
  baseUrl,
  timeoutMs = HEALTH_TIMEOUT_MS,
  fetchImpl = fetch,
}: ManagementProbe): Promise<ManagementHealth> {
  if (baseUrl === null) return 'not-configured';
  try {
    const response = await fetchImpl(`${baseUrl}/api/overview`, {
      method: 'GET',
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return 'up';
  } catch {
    return 'down';
  }
}
