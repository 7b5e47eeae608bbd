import type { ManagementCredentials } from '@/lib/management/protocol';
import type { FirehoseState } from './firehose';

/**
 * Reads whether the firehose (tracing) is on in `vhost`, from `GET /api/vhosts/<vhost>` through
 * the dashboard's management route. Only reads: the dashboard never turns tracing on.
 */
export async function readFirehose(
  vhost: string,
  credentials: ManagementCredentials,
  fetchImpl?: typeof fetch,
): Promise<FirehoseState> {
  const { fetchManagement } = await import('@/lib/management/client');
  const answer = await fetchManagement('vhosts', { vhost, credentials, fetchImpl });
  if (!answer.ok) return { status: 'error', reason: answer.error };
  if (answer.value.tracing === true) return { status: 'on' };
  if (answer.value.tracing === false) return { status: 'off' };
  return { status: 'error', reason: 'The management API did not say whether tracing is on.' };
}
