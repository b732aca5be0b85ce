import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('keeps every epoch while short and gives them back in order', () => {
    const h = new History(2);
    for (let e = 0; e < 50; e++) h.push(e, [e, -e]);
    const s = h.select(600);
    expect(s.epochs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(s.values[1][49]).toBe(-49);
    expect(h.latest(0)).toBe(49);
  });

  it('stays bounded at a million epochs, keeps the first epochs whole and the latest always', () => {
    const h = new History(1, 200, 2000);
    for (let e = 0; e <= 1_000_000; e++) h.push(e, [e]);
    expect(h.size).toBeLessThanOrEqual(2001);
    expect(h.latest(0)).toBe(1_000_000);
    const s = h.select(400);
    expect(s.epochs.length).toBeLessThanOrEqual(400);
    expect(s.epochs.at(-1)).toBe(1_000_000);
    expect(s.epochs.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < s.epochs.length; i++) expect(s.epochs[i]).toBeGreaterThan(s.epochs[i - 1]);
    // Values stay attached to their epochs through compaction and selection.
    for (let i = 0; i < s.epochs.length; i++) expect(s.values[0][i]).toBe(s.epochs[i]);
  });

  it('refuses epochs out of order and a wrong number of values', () => {
    const h = new History(2);
    h.push(3, [1, 2]);
    expect(() => h.push(3, [1, 2])).toThrow(/epoch 3 after epoch 3/);
    expect(() => h.push(4, [1])).toThrow(/1 values for 2 series/);
  });
});
