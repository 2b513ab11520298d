// Offline use: the site's few files are cached on install; requests go to the network first (so a
// new build is seen at once) and fall back to the cache when there is no network. The page holds
// its own script and style (inlined by the build); `editor.js` is CodeMirror, which the page
// imports after the REPL is ready: cached here so it loads offline.
const CACHE = 'ferrite-v1';
const FILES = ['./', 'index.html', 'editor.js', 'ferrite.wasm', 'icon.svg'];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  ev.respondWith(
    fetch(req)
      .then((resp) => {
        if (resp.ok) {
          const copy = resp.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return resp;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || caches.match('index.html'))),
  );
});
