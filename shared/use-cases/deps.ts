import type { Repository } from '../table/repository';

/** What every use case is given: the table adapter, a clock, and where QR codes point. */
export interface Deps {
  readonly repo: Repository;
  readonly now: () => Date;
  readonly publicBaseUrl: string;
}

/** The calendar date in China (UTC+8, no daylight saving), which is what harvest dates mean. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
