import { describe, expect, it } from 'vitest';
import { BulkSender } from './bulk-sender';
import { loadBulkSender, loadedBulkSender } from './bulk-sender-loader';

describe('loadBulkSender', () => {
  it('has nothing until asked, then the BulkSender class, once', async () => {
    expect(loadedBulkSender()).toBeNull();
    const first = loadBulkSender();
    expect(loadBulkSender()).toBe(first);
    await expect(first).resolves.toBe(BulkSender);
    expect(loadedBulkSender()).toBe(BulkSender);
  });
});
