// ISO 8601 weeks: year boundaries, 53-week years, and arithmetic that round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWeeks, isIsoWeek, isoWeekOf, weekEnd, weekRange, weeksBetween, weeksOfDates, weekStart } from '../../../shared/demand/weeks';

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2025-12-29', '2026-W01'], // the Monday of that week, still in December
    ['2021-01-03', '2020-W53'], // a Sunday that belongs to the last week of a 53-week year
    ['2020-12-31', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2027-01-03', '2026-W53'],
    ['2026-03-02', '2026-W10'],
  ])('puts %s in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('starts weeks on Monday and ends them on Sunday', () => {
    expect(weekStart('2026-W01')).toBe('2025-12-29');
    expect(weekEnd('2026-W01')).toBe('2026-01-04');
    expect(weekStart('2020-W53')).toBe('2020-12-28');
  });

  it('knows which years have a week 53', () => {
    expect(isIsoWeek('2020-W53')).toBe(true);
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2025-W00')).toBe(false);
    expect(isIsoWeek('2025-w01')).toBe(false);
  });

  it('counts and lists weeks across year ends', () => {
    expect(addWeeks('2025-W52', 1)).toBe('2026-W01');
    expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
    expect(weeksBetween('2025-W50', '2026-W02')).toBe(4);
    expect(weekRange('2020-W52', '2021-W02')).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    expect(weekRange('2021-W02', '2021-W01')).toEqual([]);
    expect(weeksOfDates('2026-03-01', '2026-03-09')).toEqual(['2026-W09', '2026-W10', '2026-W11']);
  });

  it('round-trips every date of 2000–2099 through its week', () => {
    const day = fc.integer({ min: 0, max: 36_524 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -200, max: 200 }), (date, n) => {
        const week = isoWeekOf(date);
        expect(isIsoWeek(week)).toBe(true);
        expect(weekStart(week) <= date && date <= weekEnd(week)).toBe(true);
        expect(weeksBetween(week, addWeeks(week, n))).toBe(n);
      }),
    );
  });
});
