// A running bulk operation: poll its status and show progress; reload when it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-bulk-status]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-bulk-text]");
  function poll() {
    fetch(box.getAttribute("data-bulk-status"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        text.textContent = s.decided + " / " + s.expected;
        if (s.status === "done" || s.status === "failed") window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
