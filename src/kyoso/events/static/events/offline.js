// Registers the page's offline helper (a service worker limited to this participant's page) and
// says so once the page is saved on the device.
(function () {
  "use strict";
  var holder = document.querySelector("[data-offline-worker]");
  if (!holder || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register(holder.dataset.offlineWorker, { scope: holder.dataset.offlineScope })
    .then(function (registration) {
      var worker = registration.installing || registration.waiting || registration.active;
      function ready() { holder.hidden = false; }
      if (!worker || worker.state === "activated") return ready();
      worker.addEventListener("statechange", function () { if (worker.state === "activated") ready(); });
    })
    .catch(function () { /* the page simply stays online-only */ });
})();
