{% load static %}// Keeps one participant page readable without a network, once it has been opened: the page
// ({{ page|escapejs }}) and the site's style sheet and scripts are saved on install; every
// later visit asks the network first and falls back to the saved copy.
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
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request).then((hit) => hit || (request.mode === "navigate" ? caches.match(PAGE) : Response.error()))
      )
  );
});
