// Calendar dates as the program means them.

/** The calendar date in China (UTC+8, no daylight saving), which is what harvest dates mean. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
