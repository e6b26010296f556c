// The portal's service worker. Flask serves it at /sw.js (portal/offline/views.py), with a
// first line that sets self.OFFLINE_SETTINGS: the version of the static files, the files to
// keep at install, and the pages that may be kept for offline use (a list of path patterns;
// nothing else is ever stored).
//
// Static files: cache first, in a cache named by version; older versions are deleted when a
// new worker takes over. Pages: the network first (a copy is kept of each good answer), the
// kept copy when the network fails.
"use strict";

const SETTINGS = self.OFFLINE_SETTINGS;
const STATIC_CACHE = `portal-static-${SETTINGS.version}`;
const PAGES_CACHE = "portal-pages";
const OUR_CACHES = [STATIC_CACHE, PAGES_CACHE];
const PAGES = SETTINGS.pages.map((pattern) => new RegExp(pattern));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(SETTINGS.precache))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("portal-") && !OUR_CACHES.includes(name))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isStatic(url)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(networkFirst(request));
  }
});

// A page asks for pages to be kept (/today: the practice pages of its items, the stop
// advice, the guide) and is told when they are.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "claim") {
    // A page whose navigation began while this worker was still activating is left out of
    // the claim at activation: it asks, and is taken over now.
    event.waitUntil(self.clients.claim());
    return;
  }
  if (message.type !== "keep-pages") return;
  const port = event.ports[0];
  event.waitUntil(keepPages(message.urls || []).then(() => port && port.postMessage("kept")));
});

function isStatic(url) {
  return url.pathname.startsWith("/static/") || url.pathname.startsWith("/bootstrap/static/");
}

function isOfflinePage(url) {
  return PAGES.some((pattern) => pattern.test(url.pathname));
}

// A page worth keeping: ours, whole, not a redirect (to the login page, say) nor an error.
function keepable(response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && response.type === "basic" && type.startsWith("text/html");
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A page kept before the files changed names the old digest: any version will do.
    const older = await caches.match(request, { ignoreSearch: true });
    if (older) return older;
    throw error;
  }
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (keepable(response)) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const kept = await cache.match(request.url, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

// Each page once: a practice page's URL names one program version's item, so it changes
// when the program does; the pages a person opens are kept fresh as they open them.
async function keepPages(hrefs) {
  const cache = await caches.open(PAGES_CACHE);
  const urls = hrefs
    .map((href) => new URL(href, self.location.origin))
    .filter((url) => url.origin === self.location.origin && isOfflinePage(url));
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(url.href, { ignoreVary: true })) return;
      try {
        const response = await fetch(url.href, { credentials: "same-origin" });
        if (keepable(response)) await cache.put(url.href, response);
      } catch (error) {
        // Offline again meanwhile: the copy kept earlier, if any, stays.
      }
    }),
  );
}
