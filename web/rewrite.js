// The page routes' rewrite, shared by CloudFront and `npm start`: a shopper's QR URL (`/l/{lotCode}` or the
// GS1 Digital Link `/01/{gtin14}/10/{lotCode}`) is answered by the one static page; every other path (assets,
// /api/...) passes through untouched.
//
// This file is a plain script, not a module: CloudFront Functions (runtime cloudfront-js-2.0) run its text
// as is and call `handler`, and an `export` or `module.exports` would break there. Node reads the same text
// and evaluates it with `new Function` (scripts/local/static.ts) to get `rewriteUri`, so the rule exists once.
var PAGE_ROUTES = [/^\/l\/[^/]+\/?$/, /^\/01\/\d{14}\/10\/[^/]+\/?$/];

function rewriteUri(uri) {
  var i;
  // The console is one page at /console/, its screens behind the hash.
  if (uri === '/console' || uri === '/console/') return '/console/index.html';
  for (i = 0; i < PAGE_ROUTES.length; i++) {
    if (PAGE_ROUTES[i].test(uri)) return '/index.html';
  }
  return uri;
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls it by name
function handler(event) {
  var request = event.request;
  request.uri = rewriteUri(request.uri);
  return request;
}
