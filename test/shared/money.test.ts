// Exact weight and money arithmetic: kg text to grams, per-lot payouts rounded half up, tolerance caps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capGrams, gramsToKg, kgToGrams, payoutFen, pctToBasisPoints } from '../../shared/money';

/** Half-up rounding of grams × fen/kg ÷ 1000, written independently of the code under test. */
function referencePayout(grams: number, fenPerKg: number): bigint {
  const product = BigInt(grams) * BigInt(fenPerKg);
  const quotient = product / 1000n;
  return product % 1000n >= 500n ? quotient + 1n : quotient;
}

// The schema allows up to 100,000,000 kg and 10,000,000 fen/kg.
const MAX_GRAMS = 100_000_000_000;
const MAX_FEN_PER_KG = 10_000_000;

describe('kgToGrams', () => {
  it.each([
    [12.345, 12_345],
    [0.001, 1],
    [100, 100_000],
    [0, 0],
    [2.5, 2_500],
    [100_000_000, 100_000_000_000],
  ])('reads %s kg as exactly %s g', (kg, grams) => {
    expect(kgToGrams(kg)).toBe(grams);
  });

  it.each([
    ['more than 3 decimals', 1.0005],
    ['0.1 + 0.2 as a float', 0.1 + 0.2],
    ['exponent notation above 1e21', 1e21],
    ['exponent notation below 1e-6', 1e-7],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative weight', -1],
    ['a negative fraction', -0.5],
  ])('refuses %s', (_label, kg) => {
    expect(kgToGrams(kg)).toBeUndefined();
  });

  it('round-trips every whole number of grams through its kg value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000_000 }), (grams) => {
        expect(kgToGrams(grams / 1000)).toBe(grams);
        expect(kgToGrams(gramsToKg(grams))).toBe(grams);
      }),
      { seed: 20_240_601, numRuns: 3_000 },
    );
  });

  it('refuses any weight with a fourth decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 9 }), (grams, fourthDecimal) => {
        const kg = Number(`${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}${fourthDecimal}`);
        expect(kgToGrams(kg)).toBeUndefined();
      }),
      { seed: 7, numRuns: 2_000 },
    );
  });
});

describe('payoutFen', () => {
  it('rounds 12.345 kg at 1234 fen/kg (15233.73 fen) up to 15234 fen', () => {
    expect(payoutFen(12_345, 1_234)).toBe(15_234);
  });

  it('rounds an exact half fen up', () => {
    expect(payoutFen(1_500, 1)).toBe(2);
    expect(payoutFen(2_500, 1)).toBe(3);
  });

  it('rounds just below a half fen down', () => {
    expect(payoutFen(1_499, 1)).toBe(1);
  });

  it('pays nothing for nothing', () => {
    expect(payoutFen(0, 1_234)).toBe(0);
    expect(payoutFen(12_345, 0)).toBe(0);
  });

  it('stays exact when the intermediate product is beyond 2^53', () => {
    // 100,000,000 kg at 99,999.99 yuan/kg: the product 999,999,900,000,000,000 is far beyond 2^53.
    expect(payoutFen(100_000_000_000, 9_999_999)).toBe(999_999_900_000_000);
    // Product 999,999,905,009,999,499 fen·g/kg: exact arithmetic rounds down; float arithmetic would round up.
    const grams = 100_000_000_501;
    expect(Math.round((grams * 9_999_999) / 1000)).toBe(999_999_905_010_000);
    expect(payoutFen(grams, 9_999_999)).toBe(999_999_905_009_999);
    // Product ending in exactly 500 beyond 2^53 still rounds the half up.
    expect(payoutFen(100_000_000_500, 9_999_999)).toBe(999_999_905_000_000);
  });

  it('returns the largest safe integer and throws RangeError one step beyond it', () => {
    expect(payoutFen(Number.MAX_SAFE_INTEGER, 1_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => payoutFen(Number.MAX_SAFE_INTEGER, 1_001)).toThrow(RangeError);
  });

  it('equals half-up rounding computed independently with BigInt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_GRAMS }), fc.integer({ min: 1, max: MAX_FEN_PER_KG }), (grams, fenPerKg) => {
        expect(BigInt(payoutFen(grams, fenPerKg))).toBe(referencePayout(grams, fenPerKg));
      }),
      { seed: 42, numRuns: 3_000 },
    );
  });

  it('never pays less for more grams at the same price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_GRAMS - 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: MAX_FEN_PER_KG }),
        (grams, more, fenPerKg) => {
          expect(payoutFen(grams + more, fenPerKg)).toBeGreaterThanOrEqual(payoutFen(grams, fenPerKg));
        },
      ),
      { seed: 1_234, numRuns: 3_000 },
    );
  });
});

describe('capGrams', () => {
  it('rounds the tolerance down to whole grams', () => {
    expect(capGrams(1, 250)).toBe(1);
    expect(capGrams(39, 250)).toBe(39);
    expect(capGrams(40, 250)).toBe(41);
  });

  it('adds 2.5% to 1000 kg', () => {
    expect(capGrams(1_000_000, 250)).toBe(1_025_000);
  });

  it('adds nothing at zero tolerance', () => {
    expect(capGrams(123_456, 0)).toBe(123_456);
  });

  it('is the floor of committed × (1 + tolerance)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_GRAMS }), fc.integer({ min: 0, max: 3_000 }), (committed, bp) => {
        const cap = BigInt(capGrams(committed, bp));
        const exact = BigInt(committed) * BigInt(10_000 + bp);
        expect(cap * 10_000n).toBeLessThanOrEqual(exact);
        expect((cap + 1n) * 10_000n).toBeGreaterThan(exact);
      }),
      { seed: 99, numRuns: 2_000 },
    );
  });
});

describe('pctToBasisPoints', () => {
  it.each([
    [2.5, 250],
    [30, 3_000],
    [0, 0],
    [0.05, 5],
    [12.34, 1_234],
  ])('reads %s%% as %s basis points', (pct, bp) => {
    expect(pctToBasisPoints(pct)).toBe(bp);
  });

  it.each([
    ['more than 2 decimals', 2.555],
    ['a negative percentage', -1],
    ['NaN', Number.NaN],
    ['exponent notation', 1e-7],
  ])('refuses %s', (_label, pct) => {
    expect(pctToBasisPoints(pct)).toBeUndefined();
  });

  it('round-trips every whole basis point from 0 to 30%', () => {
    for (let bp = 0; bp <= 3_000; bp++) expect(pctToBasisPoints(bp / 100)).toBe(bp);
  });
});
