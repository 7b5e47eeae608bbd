import { describe, expect, it } from 'vitest';
import { lazyValue } from './lazy-value';

describe('lazyValue', () => {
  it('has nothing until asked, then the value, fetched once', async () => {
    let fetches = 0;
    const lazy = lazyValue(async () => {
      fetches += 1;
      return 'module';
    });
    expect(lazy.loaded()).toBeNull();
    const first = lazy.load();
    expect(lazy.load()).toBe(first);
    await expect(first).resolves.toBe('module');
    expect(lazy.loaded()).toBe('module');
    expect(fetches).toBe(1);
  });

  it('tries again after a failed fetch', async () => {
    let fetches = 0;
    const lazy = lazyValue(async () => {
      fetches += 1;
      if (fetches === 1) throw new Error('offline');
      return 42;
    });
    await expect(lazy.load()).rejects.toThrow('offline');
    expect(lazy.loaded()).toBeNull();
    await expect(lazy.load()).resolves.toBe(42);
    expect(fetches).toBe(2);
  });
});
