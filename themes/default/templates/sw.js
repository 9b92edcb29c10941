/* coursebook service worker, written by each build at the site's root (its scope is the whole
   site). app.js registers it only when the site is served over http(s); opened from a folder,
   the site never loads it. It keeps what a student opened, so that the site reads offline:
   pages from the network first (a new build shows at once), the cache when there is none;
   the theme's, the terms' and the search index's files from the cache first (they change only
   with the build, and each build has its own cache, named after it; older ones are deleted). */
"use strict";
var CACHE = "coursebook-{{ build_id }}";
var PRECACHE = {{ precache }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      /* One file that cannot be fetched must not stop the worker: keep what can be kept. */
      return Promise.all(PRECACHE.map(function (url) {
        return cache.add(url).catch(function () {});
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("coursebook-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* Files that change only with the build: the theme's, the terms' definitions, the search index. */
function fromBuild(url) {
  var scope = self.registration.scope;
  if (url.indexOf(scope) !== 0) return false;
  var path = url.slice(scope.length);
  return /^(_theme|_terms|search)\//.test(path);
}

/* Keeps a good answer of the site's own (the worker waits for the copy to be stored). */
function keep(event, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(event.request, copy); }));
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(self.location.origin) !== 0) return;
  if (fromBuild(request.url)) {
    event.respondWith(
      caches.match(request).then(function (cached) {
        return cached || fetch(request).then(function (response) { return keep(event, response); });
      })
    );
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) { return keep(event, response); }).catch(function () {
      return caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
