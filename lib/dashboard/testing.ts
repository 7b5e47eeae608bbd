import { loadBulkSender } from '@/lib/send/bulk-sender-loader';
import { loadStompConnection } from '@/lib/stomp/connection-loader';

/**
 * For tests that drive a Dashboard: in the page the connection and sender code arrive after
 * hydration; here they are loaded before any test (`beforeAll(loadPageModules)`).
 */
export async function loadPageModules(): Promise<void> {
  await Promise.all([loadStompConnection(), loadBulkSender()]);
}
