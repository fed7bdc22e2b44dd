// Reading shopper scans from the CDN's standard logs: which lines are scans, of which lot and week, and
// which are not (robots, failures, the page's own lookup, other formats).
import { describe, expect, it } from 'vitest';
import { type LogEntry, w3cLog } from '../../../scripts/local/cdn-logs';
import { newLotCode } from '../../../shared/codes';
import { scanReader, tallyScans } from '../../../shared/demand/cdn-logs';

const LOT = newLotCode();
const OTHER = newLotCode();
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47';

/** A shopper's GET answered 200 on 2026-03-04 at 10:00 UTC, with any field replaced. */
const hit = (fields: LogEntry = {}): LogEntry => ({
  date: '2026-03-04',
  time: '10:00:00',
  'cs-method': 'GET',
  'cs-uri-stem': `/l/${LOT}`,
  'sc-status': 200,
  'cs(User-Agent)': PHONE,
  'sc-content-type': 'text/html; charset=utf-8',
  'c-ip': '203.0.113.9',
  ...fields,
});

/** The lines of a log of these requests, as CloudFront writes them. */
const lines = (...entries: LogEntry[]) => w3cLog(entries).split('\n');

const read = (entry: LogEntry) => {
  const reader = scanReader();
  const [version, fields, line] = lines(entry);
  expect([reader(version!), reader(fields!)]).toEqual(['header', 'header']);
  return reader(line!);
};

describe('which requests are scans', () => {
  it('reads a page hit and an outside lookup as scans of their lot, in the ISO week of the request in China', () => {
    expect(read(hit())).toEqual({ lotCode: LOT, week: '2026-W10' });
    expect(read(hit({ 'cs-uri-stem': `/01/06931234567899/10/${LOT}` }))).toEqual({ lotCode: LOT, week: '2026-W10' });
    expect(read(hit({ 'cs-uri-stem': `/api/v1/scan/${LOT}`, 'sc-content-type': 'application/json' }))).toEqual({
      lotCode: LOT,
      week: '2026-W10',
    });
    // Sunday 16:30 UTC is Monday 00:30 in China: the next ISO week.
    expect(read(hit({ date: '2026-03-08', time: '16:30:00' }))).toEqual({ lotCode: LOT, week: '2026-W11' });
    expect(read(hit({ 'sc-status': 304, 'sc-content-type': undefined }))).toMatchObject({ lotCode: LOT });
  });

  it("leaves out the page's own lookup, which its page hit already counted", () => {
    const lookup = { 'cs-uri-stem': `/api/v1/scan/${LOT}`, 'sc-content-type': 'application/json' };
    expect(read(hit({ ...lookup, 'cs(Referer)': `https://shop.example/l/${LOT}` }))).toBe('page-lookup');
    expect(read(hit({ ...lookup, 'cs(Referer)': `https://shop.example/01/06931234567899/10/${LOT}` }))).toBe('page-lookup');
    expect(read(hit({ ...lookup, 'cs(Referer)': 'https://partner.example/app' }))).toMatchObject({ lotCode: LOT });
  });

  it('leaves out failures, robots, clients without a user agent, other methods and other paths', () => {
    for (const status of [400, 404, 500, 503, 307]) expect(read(hit({ 'sc-status': status })), String(status)).toBe('status');
    for (const agent of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
      'Sogou web spider/4.0',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36',
      'curl/8.5.0',
      'python-requests/2.32',
      'facebookexternalhit/1.1',
      undefined,
    ]) {
      expect(read(hit({ 'cs(User-Agent)': agent })), String(agent)).toBe('robot');
    }
    expect(read(hit({ 'cs(User-Agent)': 'Mozilla/5.0 (Linux; Android 12; CUBOT X50) Mobile Safari/537.36' }))).toMatchObject({
      lotCode: LOT,
    });
    expect(read(hit({ 'cs-method': 'HEAD' }))).toBe('not-scan');
    expect(read(hit({ 'cs-uri-stem': '/index.html' }))).toBe('not-scan');
    expect(read(hit({ 'cs-uri-stem': '/api/v1/lots/X' }))).toBe('not-scan');
    // A lot code whose check character is wrong never reached a lot.
    expect(read(hit({ 'cs-uri-stem': `/l/${LOT.slice(0, -1)}${LOT.endsWith('0') ? '1' : '0'}` }))).toBe('not-scan');
    // A resolver client asking the page's path for its links gets a linkset, not the page.
    expect(read(hit({ 'cs-uri-stem': `/01/06931234567899/10/${LOT}`, 'sc-content-type': 'application/linkset+json' }))).toBe('not-scan');
  });

  it('reads the fields by the header, in whatever order, and nothing of a file without one', () => {
    const reader = scanReader();
    expect(reader(`{"date":"2026-03-04","cs-uri-stem":"/l/${LOT}"}`)).toBe('no-fields');
    expect(reader('#Fields: cs-uri-stem sc-status cs(User-Agent) cs-method time date')).toBe('header');
    expect(reader([`/l/${LOT}`, '200', encodeURI(PHONE), 'GET', '23:59:59', '2026-03-04'].join('\t'))).toEqual({
      lotCode: LOT,
      week: '2026-W10',
    });
    expect(reader(['/l/', '200'].join('\t'))).toBe('malformed');
  });
});

describe('a whole file', () => {
  it('counts scans per lot and week, and says how many lines were what', async () => {
    const tally = await tallyScans(
      lines(
        hit(),
        hit({ time: '11:00:00' }),
        hit({ 'cs-uri-stem': `/l/${OTHER}` }),
        hit({ date: '2026-03-11' }),
        hit({ 'cs(User-Agent)': 'Googlebot/2.1' }),
        hit({ 'sc-status': 404 }),
        hit({ 'cs-uri-stem': '/main.js' }),
      ),
    );
    expect(tally.scans).toEqual(
      new Map([
        [
          LOT,
          new Map([
            ['2026-W10', 2],
            ['2026-W11', 1],
          ]),
        ],
        [OTHER, new Map([['2026-W10', 1]])],
      ]),
    );
    expect(tally).toMatchObject({ lines: 9, counted: 4, skipped: { header: 2, robot: 1, status: 1, 'not-scan': 1 } });
  });
});
