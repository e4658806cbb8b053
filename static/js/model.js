// The Model page: while a retraining is queued or running, show its phase and time, and
// reload when it has finished (the new version then shows in the table).
(function () {
  "use strict";
  var box = document.querySelector("[data-retrain-status]");
  if (!box || box.hidden) return;
  var bar = box.querySelector("[data-retrain-progress]");
  var text = box.querySelector("[data-retrain-text]");
  function poll() {
    fetch(box.getAttribute("data-retrain-status"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (s.state === "running" || s.state === "queued") {
          if (s.text) text.textContent = s.text;
          if (bar) { if (s.step) { bar.value = s.step; bar.max = s.steps; } else bar.removeAttribute("value"); }
          window.setTimeout(poll, 2000);
        } else if (s.state === "none") {
          window.location.reload();  // finished: the page shows the new version
        } else {
          window.setTimeout(poll, 5000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
