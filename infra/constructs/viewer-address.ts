// CloudFront's viewer-request function on the uncached API paths. API Gateway sees only the edge that
// called it, so its access log cannot name the viewer; this function passes the viewer's address on in
// a header of CloudFront's own, which the API path's origin request policy (all viewer headers but Host)
// forwards and the functions log (functions/commons/access-log.ts). It overwrites whatever a viewer sent
// under that name. The scan and page paths have no such function: a shopper's address stays in
// CloudFront's own logs.
import { VIEWER_ADDRESS_HEADER } from '../../shared/config';

/** The function's code (runtime cloudfront-js-2.0). */
export const VIEWER_ADDRESS_SOURCE = `function handler(event) {
  event.request.headers[${JSON.stringify(VIEWER_ADDRESS_HEADER)}] = { value: event.viewer.ip };
  return event.request;
}
`;
