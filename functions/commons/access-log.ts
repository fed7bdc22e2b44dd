// The API's access line with the viewer in it. API Gateway's own access log records the address of
// the CloudFront edge that called it; CloudFront passes the viewer's on along the uncached API paths,
// and each function writes one line per request with it, under the API's request id (the correlation
// id) and CloudFront's request id, which join this line to the other two logs.
import { isIP } from 'node:net';
import type middy from '@middy/core';
import { CDN_REQUEST_ID_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/config';
import type { ApiEvent } from './api';
import type { HttpResult } from './http';
import { logger } from './logger';

/**
 * The log keys of the request's viewer and of CloudFront's id for it, for a request that came through
 * the CDN (the header is CloudFront's own; a caller at the API's own URL could send any value). An
 * address that is not one is left out.
 */
export function viewerKeys(headers: Record<string, string | undefined> | undefined) {
  const address = headers?.[VIEWER_ADDRESS_HEADER];
  return { viewerIp: address !== undefined && isIP(address) ? address : undefined, cdnRequestId: headers?.[CDN_REQUEST_ID_HEADER] };
}

type Request = middy.Request<ApiEvent, HttpResult>;

function writeAccessLine(request: Request) {
  const { event, response } = request;
  logger.info('request', { routeKey: event.routeKey, status: response?.statusCode });
}

/**
 * Marks every line a request writes with the API's request id, and writes its access line once the
 * answer is known, error responses included. The handler adds the viewer's keys once the request has
 * shown it came through the CDN.
 */
export const accessLog: middy.MiddlewareObj<ApiEvent, HttpResult> = {
  before: ({ event }) => logger.setCorrelationId(event.requestContext.requestId),
  after: writeAccessLine,
  onError: writeAccessLine,
};
