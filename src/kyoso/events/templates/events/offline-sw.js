{% load static %}// Keeps one participant page readable without a network, once it has been opened: the page
// ({{ page|escapejs }}) and the site's style sheet and scripts are saved on install; every
// later visit asks the network first and falls back to the saved copy. Only those addresses are
// ever saved: fragments and other pages loaded under the scope stay off the device, and signing
// out clears the saved copies (Clear-Site-Data on the sign-out response).
"use strict";
const CACHE = "kyoso-offline-{{ cache_key|escapejs }}";
const PAGE = "{{ page|escapejs }}";
const ASSETS = [PAGE, "{% static 'kyoso/kyoso.css' %}", "{% static 'kyoso/kyoso.js' %}", "{% static 'kyoso/vendor/htmx-2.0.11.min.js' %}", "{% static 'events/offline.js' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!ASSETS.includes(url.pathname) || request.headers.get("HX-Request")) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname).then((hit) => hit || Response.error())
      )
  );
});
