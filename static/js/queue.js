// The queue: keyboard triage, the review pane loaded in place, decisions without a page reload.
// Every action also works without this file (links and forms), and with a screen reader.
(function () {
  "use strict";
  var layout = document.querySelector(".queue-layout");
  var pane = document.getElementById("pane");

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue-rows .qrow")); }
  function current() { return document.querySelector("#queue-rows .qrow.selected"); }
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  var phone = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : { matches: false };
  if (layout) layout.classList.add("js-on");

  function openSheet() {
    if (!pane || !phone.matches) return;
    pane.classList.add("sheet");
    pane.scrollTop = 0;
    document.body.classList.add("sheet-open");
  }
  function closeSheet() {
    if (!pane) return;
    pane.classList.remove("sheet");
    document.body.classList.remove("sheet-open");
    var row = current();
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  var filtersToggle = document.querySelector("[data-filters-toggle]");
  if (filtersToggle) {
    filtersToggle.addEventListener("click", function () {
      var aside = document.getElementById("queue-filters");
      var open = aside.classList.toggle("open");
      filtersToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function select(row, load) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-current"); });
    if (!row) return;
    row.classList.add("selected");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
    var link = row.querySelector(".qlink");
    if (link) link.focus({ preventScroll: true });
    if (load !== false) loadPane(row);
  }

  // Only the pane asked for last is shown: an earlier answer arriving late (j pressed twice,
  // or an undo while the next post was loading) must not replace it, or a key would act on a
  // post other than the selected one.
  var paneRequest = 0;

  function loadPane(row) {
    if (!pane || !row) return;
    var url = row.getAttribute("data-url");
    var request = ++paneRequest;
    fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + "partial=1", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (request !== paneRequest) return;
        pane.innerHTML = html;
        bindPane();
        openSheet();
        var href = new URL(window.location.href);
        href.searchParams.set("post", row.getAttribute("data-post-id"));
        window.history.replaceState(null, "", href.toString());
      })
      .catch(function () { if (request === paneRequest) window.location.href = row.querySelector(".qlink").href; });
  }

  function rowOf(form) {
    var article = form.closest("[data-pane-post]");
    var id = article && article.getAttribute("data-pane-post");
    return id ? document.querySelector("#queue-rows .qrow[data-post-id='" + id + "']") : current();
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var i = list.indexOf(current());
    var next = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + step));
    select(list[next]);
  }

  function submitDecision(form, action) {
    var error = form.querySelector("[data-decide-error]");
    var data = new FormData(form);
    data.set("action", action);
    // The decided post's row: the selected one, unless another row was selected while this
    // post was still shown.
    var row = rowOf(form);
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() }
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok || !res.body.ok) {
          error.textContent = res.body.error || "Error";
          error.hidden = false;
          error.focus && error.focus();
          return;
        }
        // The decided post's form goes at once: a key pressed before the next post has
        // loaded must not act on this one again.
        form.remove();
        var wasSelected = row === current();
        var i = rows().indexOf(row);
        // Kept for u and the toast's Undo; without a row (a post opened from a link), the undo
        // reloads the page instead of putting the row back.
        if (res.body.moved) moveCount(res.body.moved[0], res.body.moved[1]);
        undoStack.push({ url: res.body.undo, moved: res.body.moved, row: row, parent: row && row.parentNode, next: row && row.nextElementSibling });
        if (row) row.remove();
        if (wasSelected && document.activeElement && document.activeElement.blur) document.activeElement.blur();
        var after = rows();
        if (!wasSelected && current()) { /* the moderator has moved on: stay there */ }
        else if (after.length) select(after[Math.min(Math.max(i, 0), after.length - 1)]);
        else if (pane) { pane.innerHTML = "<p class=\"muted\">" + (layout ? layout.getAttribute("data-empty") || "" : "") + "</p>"; closeSheet(); }
        showToast(res.body.done || "");
      })
      .catch(function () {
        // No JSON answer: post the form the plain way, keeping the chosen decision (submit()
        // alone would not send the pressed button's value).
        var field = document.createElement("input");
        field.type = "hidden"; field.name = "action"; field.value = action;
        form.appendChild(field);
        form.submit();
      });
  }

  // The status counts beside the queue follow the decisions made here at once, and everyone
  // else's with the live poll.
  function setCount(status, n) {
    var cell = document.querySelector("[data-status-count='" + status + "']");
    if (cell) cell.textContent = String(Math.max(0, n));
  }
  function moveCount(from, to) {
    [[from, -1], [to, 1]].forEach(function (pair) {
      var cell = document.querySelector("[data-status-count='" + pair[0] + "']");
      if (cell) setCount(pair[0], (parseInt(cell.textContent, 10) || 0) + pair[1]);
    });
  }

  // Decisions made on this page, newest last: u (or the toast's Undo) takes the last one back.
  var undoStack = [];
  var toast = document.querySelector("[data-toast]");
  var toastTimer = null;

  function showToast(text) {
    if (!toast) return;
    toast.querySelector("[data-toast-text]").textContent = text;
    toast.hidden = false;
    if (toastTimer) clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, 10000);
  }

  function undoLast() {
    var last = undoStack.pop();
    if (!last) return false;
    var data = new FormData();
    data.set("csrfmiddlewaretoken", csrf());
    fetch(last.url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() }
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok || !res.body.ok) { showToast(res.body.error || "Error"); return; }
        if (toast) toast.hidden = true;
        if (last.moved) moveCount(last.moved[1], last.moved[0]);
        if (!last.row) { window.location.reload(); return; }
        // The row comes back where it was, and is opened again.
        if (last.next && last.next.parentNode === last.parent) last.parent.insertBefore(last.row, last.next);
        else if (last.parent) last.parent.appendChild(last.row);
        select(last.row);
      })
      .catch(function () { showToast("Error"); });
    return true;
  }

  if (toast) {
    toast.querySelector("[data-toast-undo]").addEventListener("click", function () { undoLast(); });
  }

  // r without a rule to cite waits for the rule's number.
  var choosingRule = false;

  function chooseRule(form, number) {
    var option = form.querySelector("select[name=rule] option[data-number='" + number + "']");
    if (!option) return false;
    form.querySelector("select[name=rule]").value = option.value;
    var hint = form.querySelector("[data-rule-hint]");
    if (hint) hint.textContent = option.textContent;
    return true;
  }

  function decide(form, action) {
    var button = form.querySelector("button[data-key][value='" + action + "']");
    if (!button) return;
    if (layout) submitDecision(form, action); else button.click();
  }

  function openNote(form) {
    var dialog = form.querySelector("[data-note-dialog]");
    var field = form.querySelector("textarea[name=note]");
    if (!dialog || !dialog.showModal) { field.focus(); return; }
    var input = dialog.querySelector("[data-note-input]");
    input.value = field.value;
    dialog.showModal();
    input.focus();
  }

  function bindNote(form) {
    var dialog = form.querySelector("[data-note-dialog]");
    if (!dialog) return;
    var input = dialog.querySelector("[data-note-input]");
    function send() {
      if (!input.value.trim()) { input.focus(); return; }
      form.querySelector("textarea[name=note]").value = input.value;
      dialog.close();
      decide(form, "escalate");
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(); }
    });
    dialog.querySelector("[data-note-send]").addEventListener("click", send);
    dialog.querySelector("[data-note-cancel]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      // Cancelled or sent, the draft stays in the form's note.
      form.querySelector("textarea[name=note]").value = input.value;
      var row = current();
      var link = row && row.querySelector(".qlink");
      if (link) link.focus({ preventScroll: true });
    });
  }

  // The author drawer (h, or the author's name in the pane).
  var authorDialog = document.getElementById("author-dialog");
  function openAuthor() {
    var link = pane && pane.querySelector("[data-author-open]");
    if (!link) return false;
    if (!authorDialog || !authorDialog.showModal) { window.location.href = link.href; return true; }
    var body = authorDialog.querySelector("[data-author-body]");
    fetch(link.href + "?partial=1", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { body.innerHTML = html; bindAuthor(body); authorDialog.showModal(); })
      .catch(function () { window.location.href = link.href; });
    return true;
  }
  function bindAuthor(body) {
    var form = body.querySelector("form[data-author-note]");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      data.set("partial", "1");
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf() } })
        .then(function (r) { return r.text(); })
        .then(function (html) { body.innerHTML = html; bindAuthor(body); })
        .catch(function () { form.submit(); });
    });
  }

  function bindPane() {
    if (!pane) return;
    var authorLink = pane.querySelector("[data-author-open]");
    if (authorLink && authorDialog) {
      authorLink.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        openAuthor();
      });
    }
    var close = pane.querySelector("[data-sheet-close]");
    if (close) close.addEventListener("click", closeSheet);
    var form = pane.querySelector("form[data-decide]");
    choosingRule = false;
    if (form) bindNote(form);
    var undoForm = pane.querySelector("form[data-undo]");
    if (undoForm && layout) {
      undoForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var row = current();
        undoStack.push({ url: undoForm.getAttribute("action"), row: row, parent: row && row.parentNode, next: row && row.nextElementSibling });
        undoLast();
      });
    }
    if (form && layout) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var action = event.submitter ? event.submitter.value : "keep";
        submitDecision(form, action);
      });
    }
    var reveal = pane.querySelector("form[data-reveal]");
    if (reveal) {
      reveal.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = new FormData(reveal);
        data.set("partial", "1");
        fetch(reveal.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf() } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { pane.innerHTML = html; bindPane(); })
          .catch(function () { reveal.submit(); });
      });
    }
    pane.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var area = document.getElementById(button.getAttribute("data-copy"));
        area.select();
        if (navigator.clipboard) navigator.clipboard.writeText(area.value);
        else document.execCommand("copy");
      });
    });
  }

  function updateSelectedCount() {
    var n = document.querySelectorAll("#queue-rows input[data-select]:checked").length;
    document.querySelectorAll("[data-selected-count]").forEach(function (el) { el.textContent = n; });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-select]")) updateSelectedCount();
  });

  document.querySelectorAll("#queue-rows .qlink").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      select(link.closest(".qrow"));
    });
  });

  var help = document.getElementById("help");
  document.querySelectorAll("[data-help-open]").forEach(function (b) {
    b.addEventListener("click", function () { if (help) help.showModal(); });
  });

  // The key's place on the keyboard, so the shortcuts work with the Ukrainian layout on
  // (where j, k, r, a, e, x type о, л, к, ф, у, ч).
  function shortcut(event) {
    if (/^[a-z1-9/?]$/.test(event.key)) return event.key;
    var code = event.code || "";
    if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
    if (/^Digit[1-9]$/.test(code)) return code.slice(5);
    if (code === "Slash") return event.shiftKey ? "?" : "/";
    return event.key;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var form = pane ? pane.querySelector("form[data-decide]") : null;
    var key = shortcut(event);
    switch (key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x": {
        var row = current();
        var box = row && row.querySelector("input[data-select]");
        if (box) { box.checked = !box.checked; updateSelectedCount(); }
        break;
      }
      case "/": {
        var q = document.getElementById("f-q");
        if (q) { q.focus(); q.select(); }
        break;
      }
      case "?": if (help) help.showModal(); break;
      case "1": case "2": case "3": case "4": case "5": case "6": case "7": case "8": case "9": {
        if (!form || !chooseRule(form, key)) return;
        if (choosingRule) { choosingRule = false; decide(form, "remove"); }
        break;
      }
      case "r": {
        if (!form || !form.querySelector("button[data-key=r]")) return;
        if (form.querySelector("select[name=rule]").value) { choosingRule = false; decide(form, "remove"); break; }
        // No rule to cite yet: the next key is the rule's number (Esc cancels).
        choosingRule = true;
        form.classList.add("choosing-rule");
        var hint = form.querySelector("[data-rule-hint]");
        if (hint) hint.classList.add("active");
        break;
      }
      case "a": if (!form) return; decide(form, "keep"); break;
      case "e": {
        if (!form || !form.querySelector("button[data-key=e]")) return;
        openNote(form);
        break;
      }
      case "h": if (!openAuthor()) return; break;
      case "u": if (!undoLast()) { var undo = pane && pane.querySelector("form[data-undo] button"); if (!undo) return; undo.click(); } break;
      case "Escape": {
        if (pane && pane.classList.contains("sheet") && !choosingRule) { closeSheet(); break; }
        if (!choosingRule || !form) return;
        choosingRule = false;
        form.classList.remove("choosing-rule");
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  // Live: every 15 seconds while the page is in view, how many new posts match these filters
  // (a link shows them; what the moderator is reading is not reloaded), and which rows were
  // decided or claimed by someone else meanwhile.
  var liveUrl = layout && layout.getAttribute("data-live");
  var banner = document.querySelector("[data-live-banner]");
  var pollRequest = 0;
  function poll() {
    if (!liveUrl || document.visibilityState !== "visible") return;
    var ids = rows().map(function (r) { return r.getAttribute("data-post-id"); }).join(",");
    var url = liveUrl + "&latest=" + encodeURIComponent(layout.getAttribute("data-latest") || "0") + "&ids=" + ids;
    var mine = ++pollRequest;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (live) {
        if (mine !== pollRequest) return;  // a later poll's answer is newer
        var surges = document.querySelector("[data-surges]");
        if (surges && typeof live.surges === "string" && surges.getAttribute("data-key") !== live.surges_key) {
          surges.innerHTML = live.surges;
          surges.setAttribute("data-key", live.surges_key || "");
        }
        Object.keys(live.counts || {}).forEach(function (status) { setCount(status, live.counts[status]); });
        document.querySelectorAll("[data-status-count]").forEach(function (cell) {
          if (live.counts && !(cell.getAttribute("data-status-count") in live.counts)) cell.textContent = "0";
        });
        if (banner) {
          banner.hidden = !live.new;
          banner.querySelector("[data-live-show]").textContent = live.message || "";
        }
        rows().forEach(function (row) {
          var state = live.rows[row.getAttribute("data-post-id")];
          var note = row.querySelector("[data-live-note]");
          var text = state ? state.note : "";
          if (!note && text) {
            note = document.createElement("span");
            note.className = "claim";
            note.setAttribute("data-live-note", "");
            var meta = row.querySelector(".qmeta");
            if (meta) meta.appendChild(note);
          }
          if (note) note.textContent = text;
          row.classList.toggle("decided-elsewhere", !!(state && text && state.status !== "pending" && row !== current()));
        });
      })
      .catch(function () { /* the next poll tries again */ });
  }
  if (liveUrl) {
    setInterval(poll, 15000);
    document.addEventListener("visibilitychange", poll);
  }
  window.vartaQueuePoll = poll;  // the browser tests call it rather than wait 15 seconds

  bindPane();
  var selectedRow = current();
  if (selectedRow) {
    select(selectedRow, false);
    if (pane && pane.querySelector("article[data-pane-post]")) openSheet();
  }
})();
