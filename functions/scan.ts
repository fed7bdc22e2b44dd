// Public: the shopper page's one lookup. One GetItem per origin hit; the CDN absorbs the scan rate.
import { createHash } from 'node:crypto';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { json, type HttpResult } from './commons/http';
import { count, METRIC } from './commons/metrics';
import { scanView } from '../shared/domain';

/**
 * The CDN keeps a scan 5 minutes (≤ 12 origin requests per code per hour whatever the scan rate),
 * serves it stale while it revalidates, and for a day if the origin fails. Browsers keep it a minute,
 * which with the CDN invalidation on recall bounds how long a recall takes to show.
 */
export const SCAN_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=300, stale-if-error=86400';
export const NOT_FOUND_CACHE = 'public, max-age=30, s-maxage=60';

function withEtag(body: string, ifNoneMatch: string | undefined): HttpResult {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': SCAN_CACHE, etag };
  const matches = ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  return matches ? { statusCode: 304, headers, body: '' } : { statusCode: 200, headers, body };
}

export const handler = createApiHandler('scan', {
  scanLot: async ({ params, event }) => {
    const record = await deps.repo.getScan(params.lotCode!);
    if (!record) {
      count(METRIC.scanNotFound);
      return json(404, { error: { code: 'not_found', message: 'No lot has this code' } }, { 'cache-control': NOT_FOUND_CACHE });
    }
    count(METRIC.scanServed);
    return withEtag(JSON.stringify(scanView(record)), event.headers['if-none-match']);
  },
});
