import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, SendHistory, type KeyValueStorage, type SendDraft } from './history';

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  quota = Infinity;
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (value.length > this.quota) throw new Error('QuotaExceededError');
    this.data.set(key, value);
  }
}

function draft(overrides: Partial<SendDraft> = {}): SendDraft {
  return {
    destination: '/topic/a',
    body: 'hello',
    encoding: 'text',
    headersText: 'x-a: 1',
    quick: { contentType: 'text/plain', persistent: true },
    repeat: 1,
    ratePerSecond: null,
    ...overrides,
  };
}

function setup() {
  const storage = new MemoryStorage();
  let time = 1000;
  const history = new SendHistory(storage, () => ++time);
  return { storage, history };
}

describe('SendHistory', () => {
  it('keeps sends newest first', () => {
    const { history } = setup();
    history.add(draft({ body: 'one' }));
    history.add(draft({ body: 'two' }));
    expect(history.entries().map((e) => [e.body, e.at])).toEqual([
      ['two', 1002],
      ['one', 1001],
    ]);
  });

  it('moves an identical repeat forward instead of adding a copy', () => {
    const { history } = setup();
    history.add(draft());
    history.add(draft({ quick: { persistent: true, contentType: 'text/plain', replyTo: '' } }));
    expect(history.entries()).toHaveLength(1);
    expect(history.entries()[0]?.at).toBe(1002);
    history.add(draft({ repeat: 10 }));
    history.add(draft());
    expect(history.entries().map((e) => e.repeat)).toEqual([1, 10, 1]);
  });

  it(`keeps only the last ${HISTORY_LIMIT}`, () => {
    const { history } = setup();
    for (let i = 1; i <= HISTORY_LIMIT + 5; i++) history.add(draft({ body: `#${i}` }));
    const entries = history.entries();
    expect(entries).toHaveLength(HISTORY_LIMIT);
    expect(entries[0]?.body).toBe(`#${HISTORY_LIMIT + 5}`);
    expect(entries[entries.length - 1]?.body).toBe('#6');
  });

  it('never stores fields it does not know, such as a passcode', () => {
    const { history, storage } = setup();
    const sneaky = {
      ...draft(),
      passcode: 'secret',
      quick: { ...draft().quick, passcode: 'secret' },
    } as SendDraft;
    history.add(sneaky);
    expect([...storage.data.values()].join('')).not.toContain('secret');
  });

  it('reads corrupted storage as empty, and keeps the valid entries of a damaged list', () => {
    const { history, storage } = setup();
    storage.data.set('stompwatch.send.history.v1', '{not json');
    expect(history.entries()).toEqual([]);
    storage.data.set('stompwatch.send.history.v1', '{"an":"object"}');
    expect(history.entries()).toEqual([]);
    history.add(draft({ body: 'good' }));
    const list = JSON.parse(storage.data.get('stompwatch.send.history.v1') ?? '[]') as unknown[];
    list.push({ destination: 5 }, null, { ...draft(), encoding: 'rot13', at: 1 });
    storage.data.set('stompwatch.send.history.v1', JSON.stringify(list));
    expect(history.entries().map((e) => e.body)).toEqual(['good']);
  });

  it('survives storage that throws on read', () => {
    const history = new SendHistory({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {},
    });
    expect(history.entries()).toEqual([]);
    expect(history.templates()).toEqual([]);
  });

  it('drops the oldest entries when storage is full, and says so when even one does not fit', () => {
    const { history, storage } = setup();
    for (let i = 0; i < 10; i++) history.add(draft({ body: `${i}`.padEnd(200, '.') }));
    storage.quota = 1200;
    expect(history.add(draft({ body: 'new' })).ok).toBe(true);
    const kept = history.entries();
    expect(kept[0]?.body).toBe('new');
    expect(kept.length).toBeLessThan(11);
    storage.quota = 10;
    const result = history.add(draft({ body: 'newer' }));
    expect(!result.ok && result.error).toMatch(/Could not save in the browser's storage/);
  });

  it('does not remember huge bodies', () => {
    const { history } = setup();
    expect(history.add(draft({ body: 'x'.repeat(100_001) })).ok).toBe(false);
    expect(history.entries()).toEqual([]);
  });
});

describe('SendHistory templates', () => {
  it('saves, overwrites, lists by name and deletes', () => {
    const { history } = setup();
    expect(history.saveTemplate(' order ', draft({ body: 'v1' }))).toEqual({
      ok: true,
      value: undefined,
    });
    history.saveTemplate('Alpha', draft({ body: 'a' }));
    history.saveTemplate('order', draft({ body: 'v2' }));
    expect(history.templates().map((t) => [t.name, t.draft.body])).toEqual([
      ['Alpha', 'a'],
      ['order', 'v2'],
    ]);
    expect(history.template('order')?.draft.body).toBe('v2');
    expect(history.deleteTemplate('order').ok).toBe(true);
    expect(history.deleteTemplate('missing').ok).toBe(true);
    expect(history.templates().map((t) => t.name)).toEqual(['Alpha']);
  });

  it('refuses an empty or overly long name', () => {
    const { history } = setup();
    expect(history.saveTemplate('  ', draft())).toEqual({
      ok: false,
      error: 'Give the template a name.',
    });
    expect(history.saveTemplate('x'.repeat(81), draft()).ok).toBe(false);
  });

  it('reads corrupted templates as empty', () => {
    const { history, storage } = setup();
    storage.data.set('stompwatch.send.templates.v1', '[{"name":"", "draft":{}}, 42]');
    expect(history.templates()).toEqual([]);
  });
});

describe('SendHistory as a store', () => {
  it('keeps one snapshot until a change, and tells its listeners of each change', () => {
    const { history } = setup();
    const before = history.getSnapshot();
    expect(history.getSnapshot()).toBe(before);
    let calls = 0;
    const stop = history.subscribe(() => (calls += 1));
    history.add(draft({ destination: '/topic/a' }));
    const after = history.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.entries.map((e) => e.destination)).toEqual(['/topic/a']);
    history.saveTemplate('t', draft());
    expect(history.getSnapshot().templates.map((t) => t.name)).toEqual(['t']);
    expect(calls).toBe(2);
    stop();
    history.clear();
    expect(calls).toBe(2);
    expect(history.getSnapshot().entries).toEqual([]);
  });
});
