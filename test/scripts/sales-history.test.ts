// The demo sales model: deterministic, in season only, busiest at the peak and at weekends, growing year on
// year, with whole grams and fen.
import { describe, expect, it } from 'vitest';
import { DEMO_SEASONS, daySales } from '../../scripts/local/sales-history';
import { addDays } from '../../shared/demand/weeks';

const [dekopon] = DEMO_SEASONS;
const CHENGDU = 'cd-jinjiang-002';

describe('the demo sales model', () => {
  it('sells the same on the same date, in whole grams and fen, with 2–4 % waste', () => {
    const line = daySales(dekopon!, CHENGDU, '2025-02-14');
    expect(line).toEqual(daySales(dekopon!, CHENGDU, '2025-02-14'));
    expect(line).toMatchObject({ crop: 'dekopon', soldGrams: expect.any(Number), revenueFen: expect.any(Number) });
    for (const value of Object.values(line!).slice(1)) expect(Number.isInteger(value)).toBe(true);
    expect(line!.wasteGrams / line!.soldGrams).toBeGreaterThanOrEqual(0.019);
    expect(line!.wasteGrams / line!.soldGrams).toBeLessThanOrEqual(0.041);
  });

  it('sells in season only, most near the peak, and more each year', () => {
    expect(daySales(dekopon!, CHENGDU, '2025-08-01')).toBeUndefined();
    expect(daySales(dekopon!, 'no-such-store', '2025-02-14')).toBeUndefined();
    const week = (start: string) =>
      Array.from({ length: 7 }, (_, i) => daySales(dekopon!, CHENGDU, addDays(start, i))?.soldGrams ?? 0).reduce((a, b) => a + b);
    expect(week('2025-02-10')).toBeGreaterThan(2 * week('2025-04-07'));
    expect(week('2026-02-09') / week('2025-02-10')).toBeGreaterThan(1.02);
  });
});
