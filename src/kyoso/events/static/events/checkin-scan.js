// The organisers' check-in scanner: the phone's camera reads a badge's QR code with the browser's
// BarcodeDetector, puts what it read into the code box and sends the form; the server decides
// where that leads. Browsers without BarcodeDetector (or without a camera) keep the box only.
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  var form = document.getElementById("checkin-code-form");
  if (!root || !form) return;
  var start = root.querySelector("[data-start]");
  var video = root.querySelector("video");
  var status = root.querySelector("[data-status]");
  var input = form.querySelector("input[name=code]");

  function say(key) { status.textContent = root.dataset[key] || ""; }

  var supported = "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  if (!supported) {
    start.hidden = true;
    say("unsupported");
    return;
  }

  start.addEventListener("click", function () {
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      start.hidden = true;
      say("unsupported");
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        say("scanning");
        return video.play().then(function () {
          function stop() { stream.getTracks().forEach(function (t) { t.stop(); }); }
          function look() {
            detector.detect(video).then(function (found) {
              if (found.length && found[0].rawValue) {
                stop();
                input.value = found[0].rawValue;
                say("found");
                form.submit();
              } else {
                window.setTimeout(look, 250);
              }
            }, function () { window.setTimeout(look, 500); });
          }
          look();
        });
      })
      .catch(function () { say("denied"); });
  });
})();
