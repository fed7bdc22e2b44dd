import cf from 'cloudfront';

// The page routes' rewrite, shared by CloudFront and `npm start`: a shopper's QR URL (`/l/{lotCode}` or the
// GS1 Digital Link `/01/{gtin14}/10/{lotCode}`) is answered by the one static page; every other path (assets,
// /api/...) passes through untouched. A Digital Link URI that asks for links (`Accept:
// application/linkset+json` or `?linkType=…`), and the resolver description, go to the API's resolver
// instead: the request is rewritten to its route, with `linkType` the only query string left (the Accept
// header becomes `linkType=all`), so the cache key, which holds the path and `linkType`, holds all the
// answer varies on.
//
// This file is a plain script (runtime cloudfront-js-2.0) whose one import is CloudFront's helper module,
// on the first line as CloudFront requires: an `export` or `module.exports` would break there. Node reads
// the same text without that line and evaluates it with `new Function`, handing it a stand-in `cf`
// (scripts/local/static.ts), so the rule exists once.
var PAGE_ROUTES = [/^\/l\/[^/]+\/?$/, /^\/01\/\d{14}\/10\/[^/]+\/?$/];
var DIGITAL_LINK = /^\/01\/(\d{14})\/10\/([^/]+)\/?$/;
// The distribution's origin id of the HTTP API (infra/constructs/cdn.ts names it so).
var API_ORIGIN_ID = 'api';

function rewriteUri(uri) {
  var i;
  // The console is one page at /console/, its screens behind the hash.
  if (uri === '/console' || uri === '/console/') return '/console/index.html';
  for (i = 0; i < PAGE_ROUTES.length; i++) {
    if (PAGE_ROUTES[i].test(uri)) return '/index.html';
  }
  return uri;
}

// A query string's or a header's value, or '' (CloudFront gives each as { value }).
function fieldValue(fields, name) {
  var field = fields ? fields[name] : undefined;
  return field ? field.value || '' : '';
}

// The resolver's route and query string for a request it answers; null for every other request.
function resolverRoute(request) {
  if (request.uri === '/.well-known/gs1resolver') return { uri: '/api/v1/resolver', querystring: {} };
  var match = DIGITAL_LINK.exec(request.uri);
  if (!match) return null;
  var linkType = fieldValue(request.querystring, 'linkType');
  if (!linkType && fieldValue(request.headers, 'accept').indexOf('application/linkset+json') >= 0) linkType = 'all';
  if (!linkType) return null;
  return { uri: `/api/v1/resolve/01/${match[1]}/10/${match[2]}`, querystring: { linkType: { value: linkType } } };
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls it by name
function handler(event) {
  var request = event.request;
  var resolver = resolverRoute(request);
  if (resolver) {
    request.uri = resolver.uri;
    request.querystring = resolver.querystring;
    cf.selectRequestOriginById(API_ORIGIN_ID);
    return request;
  }
  request.uri = rewriteUri(request.uri);
  return request;
}
