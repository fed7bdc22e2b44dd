// ISO 8601 weeks ("2026-W09"), the unit every demand figure is kept in: Monday to Sunday, week 1 holding
// the year's first Thursday, so a year has 52 or 53 weeks. Dates are calendar dates in China, as
// harvest and sales dates are.

export const ISO_WEEK_PATTERN = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

const DAY_MS = 86_400_000;

const epochDays = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
/** 1 for Monday … 7 for Sunday. */
const isoWeekday = (days: number) => ((((days + 3) % 7) + 7) % 7) + 1;

/** The ISO week a calendar date (`YYYY-MM-DD`) falls in. */
export function isoWeekOf(date: string): string {
  const days = epochDays(date);
  const thursday = days + 4 - isoWeekday(days);
  const year = Number(dateOf(thursday).slice(0, 4));
  const week = Math.floor((thursday - epochDays(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Whether a text is an ISO week that exists (week 53 only in the years that have one). */
export function isIsoWeek(text: string): boolean {
  return ISO_WEEK_PATTERN.test(text) && isoWeekOf(weekStart(text)) === text;
}

/** The Monday of an ISO week. */
export function weekStart(week: string): string {
  const [, year, number] = ISO_WEEK_PATTERN.exec(week) ?? [];
  const january4 = epochDays(`${year}-01-04`);
  return dateOf(january4 - (isoWeekday(january4) - 1) + (Number(number) - 1) * 7);
}

/** The Sunday of an ISO week. */
export const weekEnd = (week: string): string => dateOf(epochDays(weekStart(week)) + 6);

/** The week `count` weeks after (or before, when negative) `week`. */
export const addWeeks = (week: string, count: number): string => isoWeekOf(dateOf(epochDays(weekStart(week)) + count * 7));

/** How many weeks `to` is after `from` (negative when before). */
export const weeksBetween = (from: string, to: string): number => (epochDays(weekStart(to)) - epochDays(weekStart(from))) / 7;

/** Every week from `from` to `to`, both included; empty when `to` is before `from`. */
export function weekRange(from: string, to: string): string[] {
  const count = weeksBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addWeeks(from, i));
}

/** The weeks a span of calendar dates touches, in order. */
export const weeksOfDates = (from: string, to: string): string[] => weekRange(isoWeekOf(from), isoWeekOf(to));

/** The calendar date `days` days after (or before) `date`. */
export const addDays = (date: string, days: number): string => dateOf(epochDays(date) + days);
