import { describe, expect, it, vi } from 'vitest';
import { compileTemplate, hasPlaceholders, randomUuid } from './template';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('compileTemplate', () => {
  it('fills {{i}} with the 1-based message number', () => {
    const t = compileTemplate('msg {{i}} of run, again {{ i }}');
    expect(t.templated).toBe(true);
    expect(t.render(1)).toBe('msg 1 of run, again 1');
    expect(t.render(1_000_000)).toBe('msg 1000000 of run, again 1000000');
  });

  it('fills {{uuid}} with a fresh v4 UUID each time', () => {
    const t = compileTemplate('{{uuid}}');
    const a = t.render(1);
    const b = t.render(2);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('fills {{now}} with the current ISO time', () => {
    vi.useFakeTimers({ now: new Date('2025-03-04T05:06:07.089Z') });
    try {
      expect(compileTemplate('at {{now}}').render(1)).toBe('at 2025-03-04T05:06:07.089Z');
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves unknown placeholders as typed and warns once per token', () => {
    const t = compileTemplate('{{name}} {{i}} {{name}} {{ }}');
    expect(t.render(3)).toBe('{{name}} 3 {{name}} {{ }}');
    expect(t.warnings).toEqual([
      '{{name}} is not a placeholder; it is sent as typed. Known: {{i}}, {{uuid}}, {{now}}.',
      '{{ }} is not a placeholder; it is sent as typed. Known: {{i}}, {{uuid}}, {{now}}.',
    ]);
  });

  it('returns the text itself when there is nothing to fill in', () => {
    const t = compileTemplate('{"plain": true} {{other}}');
    expect(t.templated).toBe(false);
    expect(t.render(9)).toBe('{"plain": true} {{other}}');
  });

  it('renders a million bodies quickly (compiled once)', () => {
    const t = compileTemplate('{"n": {{i}}, "pad": "' + 'x'.repeat(50) + '"}');
    let total = 0;
    for (let i = 1; i <= 1_000_000; i++) total += t.render(i).length;
    expect(total).toBeGreaterThan(60_000_000);
  });
});

describe('hasPlaceholders', () => {
  it('sees only known placeholders', () => {
    expect(hasPlaceholders('a {{i}}')).toBe(true);
    expect(hasPlaceholders('a {{ now }}')).toBe(true);
    expect(hasPlaceholders('a {{x}} {i} {{')).toBe(false);
  });
});

describe('randomUuid', () => {
  it('falls back to getRandomValues where randomUUID is missing (plain http pages)', () => {
    const getRandomValues = (bytes: Uint8Array) => bytes.fill(0xff);
    vi.stubGlobal('crypto', { getRandomValues });
    try {
      expect(randomUuid()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(randomUuid()).toMatch(UUID);
  });
});
