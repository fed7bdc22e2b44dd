/// <reference lib="webworker" />
// The console's service worker: it keeps the shell (the page, its script and style) so that village
// staff can open the console and record lots without signal. API calls always go to the network: the
// outbox keeps what could not be sent, and nothing stale is ever shown as current.
declare const self: ServiceWorkerGlobalScope & { SHELL: string[] };

const CACHE = `console-${self.SHELL.join('|')}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(self.SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('console-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  // The shell from the network when there is one (so a deploy shows at once), else from the cache.
  event.respondWith(
    fetch(event.request).catch(() =>
      caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? (caches.match('./') as Promise<Response>)),
    ),
  );
});

export {};
