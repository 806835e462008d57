import { describe, expect, it, vi } from 'vitest';
import { nowIso, uuidv7 } from '../../../src/core/ids';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version 7, variant 10', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(FORMAT);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('encodes the millisecond timestamp in the first 48 bits', async () => {
    vi.resetModules();
    const fresh = await import('../../../src/core/ids');
    const now = Date.UTC(2025, 5, 15, 8, 30, 0, 123);
    expect(timestampOf(fresh.uuidv7(now))).toBe(now);
    expect(timestampOf(fresh.uuidv7(now + 1))).toBe(now + 1);
    // Timestamps above 2^32 ms (every real one) keep their high bytes.
    const later = 2 ** 47 + 12345;
    expect(timestampOf(fresh.uuidv7(later))).toBe(later);
  });

  it('stays in order for many ids made in the same millisecond, past the 12-bit counter', () => {
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `${ids[i - 1]} then ${ids[i]}`).toBe(true);
    for (const id of ids) expect(id).toMatch(FORMAT);
  });

  it('stays in order when the clock steps backwards', () => {
    const now = Date.now() + 60_000;
    const a = uuidv7(now);
    const b = uuidv7(now - 5_000);
    const c = uuidv7(now - 10_000);
    expect(b > a).toBe(true);
    expect(c > b).toBe(true);
  });

  it('stays in order across milliseconds', () => {
    const start = Date.now() + 120_000;
    const ids: string[] = [];
    for (let ms = 0; ms < 50; ms++) for (let k = 0; k < 20; k++) ids.push(uuidv7(start + ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('makes 10 000 distinct ids, also with the default clock', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(10_000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs in its random bits between ids from the same counter value', async () => {
    // Two fresh module instances share no state, so equal timestamps and counters: only randomness differs.
    vi.resetModules();
    const a = (await import('../../../src/core/ids')).uuidv7(1_700_000_000_000);
    vi.resetModules();
    const b = (await import('../../../src/core/ids')).uuidv7(1_700_000_000_000);
    expect(a.slice(0, 18)).toBe(b.slice(0, 18));
    expect(a).not.toBe(b);
  });
});

describe('nowIso', () => {
  it('gives a UTC timestamp with milliseconds, sortable as text', () => {
    expect(nowIso()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
