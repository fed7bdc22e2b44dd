// Contracted supply: each active agreement spread evenly over the weeks its delivery window touches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractedByWeek } from '../../../shared/demand/supply';

describe('contractedByWeek', () => {
  it('spreads a commitment evenly over the ISO weeks of its window, remainder to the first weeks', () => {
    const weeks = contractedByWeek([
      { committedGrams: 1_000_000, deliveryWindow: { from: '2026-03-01', to: '2026-03-09' }, status: 'active' },
    ]);
    // 1 Mar is a Sunday (W09) and 9 Mar a Monday (W11): three weeks.
    expect([...weeks]).toEqual([
      ['2026-W09', 333_334],
      ['2026-W10', 333_333],
      ['2026-W11', 333_333],
    ]);
  });

  it('adds agreements of the same weeks and leaves out cancelled ones', () => {
    const window = { from: '2026-03-02', to: '2026-03-08' };
    const weeks = contractedByWeek([
      { committedGrams: 500, deliveryWindow: window, status: 'active' },
      { committedGrams: 700, deliveryWindow: window, status: 'active' },
      { committedGrams: 9_000, deliveryWindow: window, status: 'cancelled' },
    ]);
    expect(Object.fromEntries(weeks)).toEqual({ '2026-W10': 1_200 });
  });

  it('never loses or invents a gram', () => {
    const commitment = fc.record({
      committedGrams: fc.integer({ min: 1, max: 1e11 }),
      start: fc.integer({ min: 0, max: 3000 }),
      days: fc.integer({ min: 0, max: 400 }),
    });
    fc.assert(
      fc.property(commitment, ({ committedGrams, start, days }) => {
        const from = new Date(Date.UTC(2025, 0, 1) + start * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2025, 0, 1) + (start + days) * 86_400_000).toISOString().slice(0, 10);
        const weeks = [...contractedByWeek([{ committedGrams, deliveryWindow: { from, to }, status: 'active' }]).values()];
        expect(weeks.reduce((a, b) => a + b, 0)).toBe(committedGrams);
        expect(Math.max(...weeks) - Math.min(...weeks)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
