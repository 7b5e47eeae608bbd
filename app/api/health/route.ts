/**
 * GET /api/health: for load balancers and process managers. Says the dashboard runs, its
 * version, and whether the management API answers; nothing secret (no URL, no login).
 */
import packageJson from '@/package.json';
import { loadConfig } from '@/lib/config/env';
import { probeManagement } from '@/lib/management/health';

export const dynamic = 'force-dynamic';

const HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Type': 'application/json',
  'X-Content-Type-Options': 'nosniff',
};

export async function GET(): Promise<Response> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch {
    const body = {
      status: 'error',
      version: packageJson.version,
      reason: 'invalid configuration; see the server log',
    };
    return new Response(JSON.stringify(body), { status: 500, headers: HEADERS });
  }
  // The default management URL belongs to the private broker; an external broker needs its own.
  const managementUrlSet = (process.env.STOMPWATCH_MANAGEMENT_URL ?? '').trim() !== '';
  const configured = managementUrlSet || !config.brokerUrlConfigured;
  const management = await probeManagement({ baseUrl: configured ? config.managementUrl : null });
  return new Response(JSON.stringify({ status: 'ok', version: packageJson.version, management }), {
    status: 200,
    headers: HEADERS,
  });
}
