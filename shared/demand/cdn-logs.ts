// Shopper scans read from the CDN's standard logs (W3C: a `#Fields:` line names the tab-separated fields of
// the lines after it; values are URL-encoded, `-` when absent). A scan is a shopper opening a lot: a GET of
// a lot's page (`/l/{lotCode}`, `/01/{gtin14}/10/{lotCode}`) answered with the page, or a GET of
// `/api/v1/scan/{lotCode}` that no page of ours made (a partner's app, a resolver client); the page's own
// lookup is the same opening, counted by its page hit. Only 2xx and 304 answers count, and neither robots
// nor clients without a user agent do. Nothing of the viewer (address, user agent) is kept: a scan is a lot
// code and the ISO week (China time) of the request.
import { isLotCode } from '../codes';
import { chinaDate } from '../dates';
import { isoWeekOf } from './weeks';

/** Where in the log bucket the CDN's standard logs land: the prefix the scan-log worker is told of. */
export const CDN_LOG_PREFIX = 'cloudfront';

/** The fields a scan is read from; the log may hold any others, in any order. */
export const SCAN_FIELDS = [
  'date',
  'time',
  'cs-method',
  'cs-uri-stem',
  'sc-status',
  'cs(Referer)',
  'cs(User-Agent)',
  'sc-content-type',
] as const;

export interface ScanHit {
  readonly lotCode: string;
  readonly week: string;
}

/** Why a line was not a scan, for the function's log: how much of a file was what. */
export type Skipped = 'header' | 'no-fields' | 'malformed' | 'not-scan' | 'status' | 'robot' | 'page-lookup';

/** Crawlers, link previews, monitors, headless browsers and HTTP libraries: none is a shopper. */
// (Cubot is a phone maker, not a robot.)
const ROBOT =
  /(?<!cu)bot\b|crawl|spider|slurp|preview|facebookexternalhit|embedly|headless|lighthouse|pingdom|uptime|curl\/|wget\/|python|go-http-client|java\/|okhttp|axios|node-fetch|undici|postman|httpie|scrapy|phantomjs|puppeteer|playwright/i;

const PAGE_ROUTES = [/^\/l\/([^/]+)\/?$/, /^\/01\/\d{14}\/10\/([^/]+)\/?$/];
const LOOKUP_ROUTE = /^\/api\/v1\/scan\/([^/]+)$/;

/** A logged value as the client sent it: CloudFront URL-encodes values and writes `-` for none. */
function decoded(value: string | undefined): string | undefined {
  if (value === undefined || value === '-' || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The lot code of a page path, if it is one. */
function pageLot(path: string): string | undefined {
  for (const route of PAGE_ROUTES) {
    const code = route.exec(path)?.[1];
    if (code !== undefined) return code;
  }
  return undefined;
}

const isPageReferer = (referer: string | undefined) => {
  if (!referer) return false;
  try {
    return pageLot(new URL(referer).pathname) !== undefined;
  } catch {
    return false;
  }
};

/**
 * A reader of one log file, line by line: a scan, or why the line is none. A `#Fields:` line sets the
 * fields of the lines after it; lines before any are `no-fields` (a file in another format).
 */
export function scanReader(): (line: string) => ScanHit | Skipped {
  let index: Partial<Record<(typeof SCAN_FIELDS)[number], number>> | undefined;
  return (line) => {
    if (line.startsWith('#')) {
      const fields = /^#Fields:\s*(.*)$/.exec(line)?.[1]?.trim().split(/\s+/);
      if (fields) index = Object.fromEntries(SCAN_FIELDS.map((name) => [name, fields.indexOf(name)]).filter(([, i]) => (i as number) >= 0));
      return 'header';
    }
    if (!index) return 'no-fields';
    const values = line.split('\t');
    const field = (name: (typeof SCAN_FIELDS)[number]) => {
      const at = index?.[name];
      return at === undefined ? undefined : values[at];
    };
    const path = decoded(field('cs-uri-stem'));
    const date = field('date');
    const time = field('time');
    if (!path || !date || !time) return 'malformed';
    const page = pageLot(path);
    const lotCode = page ?? LOOKUP_ROUTE.exec(path)?.[1];
    if (lotCode === undefined || field('cs-method') !== 'GET' || !isLotCode(lotCode)) return 'not-scan';
    const status = Number(field('sc-status'));
    if (!((status >= 200 && status < 300) || status === 304)) return 'status';
    const agent = decoded(field('cs(User-Agent)'));
    if (!agent || ROBOT.test(agent)) return 'robot';
    if (page !== undefined) {
      // A page path answered with something other than the page (a linkset for a resolver client) is no scan.
      const type = decoded(field('sc-content-type'));
      if (type !== undefined && !type.startsWith('text/html')) return 'not-scan';
    } else if (isPageReferer(decoded(field('cs(Referer)')))) {
      return 'page-lookup';
    }
    const at = new Date(`${date}T${time}Z`);
    if (Number.isNaN(at.getTime())) return 'malformed';
    return { lotCode, week: isoWeekOf(chinaDate(at)) };
  };
}

/** The scans of one file: per lot code, per week; and how many lines were what. */
export interface ScanTally {
  readonly scans: Map<string, Map<string, number>>;
  readonly lines: number;
  readonly counted: number;
  readonly skipped: Partial<Record<Skipped, number>>;
}

/** Reads every line of a file (in order) and counts its scans. */
export async function tallyScans(lines: AsyncIterable<string> | Iterable<string>): Promise<ScanTally> {
  const read = scanReader();
  const scans = new Map<string, Map<string, number>>();
  const skipped: Partial<Record<Skipped, number>> = {};
  let count = 0;
  let counted = 0;
  for await (const line of lines) {
    if (line === '') continue;
    count++;
    const hit = read(line);
    if (typeof hit === 'string') {
      skipped[hit] = (skipped[hit] ?? 0) + 1;
      continue;
    }
    counted++;
    const weeks = scans.get(hit.lotCode) ?? new Map<string, number>();
    weeks.set(hit.week, (weeks.get(hit.week) ?? 0) + 1);
    scans.set(hit.lotCode, weeks);
  }
  return { scans, lines: count, counted, skipped };
}
