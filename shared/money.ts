// Exact arithmetic for weights (integer grams) and money (integer fen). Floats never touch money:
// kg arrive as JSON numbers and are converted through their decimal text, never by multiplying.

const KG_TEXT = /^(\d{1,12})(?:\.(\d{1,3}))?$/;

/** Grams for a kg value with at most 3 decimals, or undefined when it has more or is not a plain number. */
export function kgToGrams(kg: number): number | undefined {
  if (!Number.isFinite(kg) || kg < 0) return undefined;
  // String(n) is the shortest text that round-trips, so 12.345 reads back as "12.345".
  const match = KG_TEXT.exec(String(kg));
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  const grams = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  return Number.isSafeInteger(grams) ? grams : undefined;
}

/** kg for display; grams / 1000 prints exactly because the result has at most 3 decimals. */
export function gramsToKg(grams: number): number {
  return grams / 1000;
}

/**
 * Payout in fen for a weight at a price per kg, rounded half up to the nearest fen, per lot.
 * Totals are always the sum of per-lot rounded payouts, so a settlement adds up line by line.
 * BigInt keeps the product exact beyond 2^53.
 */
export function payoutFen(grams: number, fenPerKg: number): number {
  const product = BigInt(grams) * BigInt(fenPerKg);
  const fen = (product + 500n) / 1000n;
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('payout exceeds the safe integer range');
  return Number(fen);
}

/** The most an agreement may take: committed plus tolerance, rounded down to whole grams. */
export function capGrams(committedGrams: number, toleranceBasisPoints: number): number {
  const extra = (BigInt(committedGrams) * BigInt(toleranceBasisPoints)) / 10_000n;
  return committedGrams + Number(extra);
}

/** Basis points for a percentage with at most 2 decimals (2.5 → 250), or undefined. */
export function pctToBasisPoints(pct: number): number | undefined {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(String(pct));
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
