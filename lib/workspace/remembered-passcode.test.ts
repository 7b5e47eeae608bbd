import { describe, expect, it } from 'vitest';
import {
  forgetRememberedPasscode,
  readRememberedPasscode,
  rememberedPasscodeFor,
  sameTarget,
  writeRememberedPasscode,
} from './remembered-passcode';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const home = { brokerUrl: 'ws://127.0.0.1:15674/ws', login: 'ops', vhost: '/' };

describe('remembered passcode', () => {
  it('is handed back only for the connection it was typed for', () => {
    const storage = memoryStorage();
    writeRememberedPasscode(storage, { ...home, passcode: 's3cret' });
    expect(rememberedPasscodeFor(storage, home)).toBe('s3cret');
    expect(
      rememberedPasscodeFor(storage, { ...home, brokerUrl: 'ws://attacker.test:9999/ws' }),
    ).toBeNull();
    expect(rememberedPasscodeFor(storage, { ...home, login: 'guest' })).toBeNull();
    expect(rememberedPasscodeFor(storage, { ...home, vhost: 'prod' })).toBeNull();
  });

  it('compares URL lists without the spaces around commas', () => {
    expect(
      sameTarget(
        { ...home, brokerUrl: 'ws://a/ws, ws://b/ws' },
        { ...home, brokerUrl: 'ws://a/ws,ws://b/ws' },
      ),
    ).toBe(true);
    expect(
      sameTarget(
        { ...home, brokerUrl: 'ws://a/ws,ws://b/ws' },
        { ...home, brokerUrl: 'ws://a/ws' },
      ),
    ).toBe(false);
  });

  it('binds a passcode of the first format to the form as the page opened, once', () => {
    const storage = memoryStorage();
    storage.setItem('stompwatch.passcode', 'old-style');
    expect(readRememberedPasscode(storage, home)).toEqual({ ...home, passcode: 'old-style' });
    expect(storage.items.has('stompwatch.passcode')).toBe(false);
    expect(rememberedPasscodeFor(storage, { ...home, brokerUrl: 'ws://elsewhere/ws' })).toBeNull();
    expect(rememberedPasscodeFor(storage, home)).toBe('old-style');
  });

  it('ignores unreadable values and forgets on request', () => {
    const storage = memoryStorage();
    storage.setItem('stompwatch.passcode.v2', '{not json');
    expect(readRememberedPasscode(storage, home)).toBeNull();
    storage.setItem('stompwatch.passcode.v2', JSON.stringify({ brokerUrl: 1, passcode: 'x' }));
    expect(readRememberedPasscode(storage, home)).toBeNull();
    writeRememberedPasscode(storage, { ...home, passcode: 'x' });
    forgetRememberedPasscode(storage);
    expect(storage.items.size).toBe(0);
  });
});
