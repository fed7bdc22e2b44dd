// Public: the shopper page's one lookup. One GetItem per origin hit; the CDN absorbs the scan rate.
//
// The hot path, so it is bare (docs/performance.md): no middleware, no schema library, no document
// client, no Powertools. A 5xx is logged with console.error (Lambda's JSON log format turns it into a
// structured line) and its counters are EMF lines from emf-counter.ts. It still answers only the route
// table's scanLot route (it reads the route table, which carries no zod), refuses bodies over the
// common limit, validates the code with the same rule as the schemas, and maps errors through the
// one errorResponse.
import { createHash } from 'node:crypto';
import { lotCodeProblem } from '../shared/codes';
import { readConfig, readOriginSecrets } from '../shared/config';
import { scanView } from '../shared/scan/projection';
import { BadRequest, Forbidden, NotFound } from '../shared/errors';
import { METRIC } from '../shared/metrics';
import { dynamoDbScans } from '../shared/scan/dynamodb';
import { publicRoutes } from '../shared/routes/public';
import { routeKey } from '../shared/routes/route';
import type { ApiEvent } from './commons/api';
import { dynamoDb } from './commons/dynamodb';
import { errorResponse, json, rawBody, type HttpResult } from './commons/http';
import { countMetric } from './commons/emf-counter';
import { NOT_FROM_CDN, originGuard } from './commons/origin-guard';

/** The one route this function serves. */
export const SCAN_ROUTE_KEY = routeKey(publicRoutes.scanLot);

/**
 * The CDN keeps a scan 5 minutes (≤ 12 origin requests per code per hour whatever the scan rate),
 * serves it stale while it revalidates, and for a day if the origin fails. Browsers keep it a minute,
 * which with the CDN invalidation on recall bounds how long a recall takes to show.
 */
export const SCAN_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=300, stale-if-error=86400';
export const NOT_FOUND_CACHE = 'public, max-age=30, s-maxage=60';

const scans = dynamoDbScans(dynamoDb, readConfig().tableName);
const fromCdn = originGuard(readOriginSecrets());

function withEtag(body: string, ifNoneMatch: string | undefined): HttpResult {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': SCAN_CACHE, etag };
  const matches = ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  return matches ? { statusCode: 304, headers, body: '' } : { statusCode: 200, headers, body };
}

async function scanLot(event: ApiEvent): Promise<HttpResult> {
  // Before any work, as every function: a lookup sent to the API's own URL skipped the WAF and the cache.
  if (!fromCdn(event.headers)) throw new Forbidden(NOT_FROM_CDN);
  if (event.routeKey !== SCAN_ROUTE_KEY) throw new NotFound('Route');
  rawBody(event);
  const lotCode = event.pathParameters?.lotCode ?? '';
  const problem = lotCodeProblem(lotCode);
  if (problem) throw BadRequest.invalid([{ path: 'path.lotCode', message: problem }]);
  const record = await scans.get(lotCode);
  if (!record) {
    countMetric(METRIC.scanNotFound);
    return json(404, { error: { code: 'not_found', message: 'No lot has this code' } }, { 'cache-control': NOT_FOUND_CACHE });
  }
  countMetric(METRIC.scanServed);
  return withEtag(JSON.stringify(scanView(record)), event.headers?.['if-none-match']);
}

/**
 * A failure's line carries Lambda's request id; the message names API Gateway's, which the access log
 * records, so the two can be matched.
 */
export async function handler(event: ApiEvent): Promise<HttpResult> {
  try {
    return await scanLot(event);
  } catch (error) {
    return errorResponse(error, (failure) => console.error('request failed, API request %s', event.requestContext?.requestId, failure));
  }
}
