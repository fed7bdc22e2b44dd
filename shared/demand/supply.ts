// Supply already contracted, week by week: each active agreement's committed grams spread evenly over the
// ISO weeks its delivery window touches (a remainder of grams goes one each to its first weeks, so the
// weeks add up to the commitment exactly).
import { weeksOfDates } from './weeks';

export interface Commitment {
  readonly committedGrams: number;
  readonly deliveryWindow: { readonly from: string; readonly to: string };
  readonly status: 'active' | 'cancelled';
}

/** Contracted grams per week, over every week any active commitment touches. */
export function contractedByWeek(commitments: readonly Commitment[]): Map<string, number> {
  const byWeek = new Map<string, number>();
  for (const c of commitments) {
    if (c.status !== 'active') continue;
    const weeks = weeksOfDates(c.deliveryWindow.from, c.deliveryWindow.to);
    const share = Math.floor(c.committedGrams / weeks.length);
    const remainder = c.committedGrams - share * weeks.length;
    for (const [i, week] of weeks.entries()) byWeek.set(week, (byWeek.get(week) ?? 0) + share + (i < remainder ? 1 : 0));
  }
  return byWeek;
}
