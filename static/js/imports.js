// A running import: poll its status, move the progress bar, reload when it has finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-text]");
  function poll() {
    fetch(box.getAttribute("data-import-status"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        text.textContent = s.status + (s.total_rows ? " — " + s.rows_done + " / " + s.total_rows : "");
        if (s.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
