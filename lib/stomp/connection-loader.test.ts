import { describe, expect, it } from 'vitest';
import { StompConnection } from './connection';
import { loadStompConnection, loadedStompConnection } from './connection-loader';
import { loadBulkSender, loadedBulkSender } from '@/lib/send/bulk-sender-loader';
import { BulkSender } from '@/lib/send/bulk-sender';

// lazyValue itself (nothing until asked, once, again after a failure): lib/util/lazy-value.test.ts.
describe('the page-side modules loaded after hydration', () => {
  it('bring the StompConnection and BulkSender classes', async () => {
    await expect(loadStompConnection()).resolves.toBe(StompConnection);
    await expect(loadBulkSender()).resolves.toBe(BulkSender);
    expect(loadedStompConnection()).toBe(StompConnection);
    expect(loadedBulkSender()).toBe(BulkSender);
  });
});
