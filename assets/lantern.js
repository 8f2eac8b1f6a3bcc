/* Lantern page helpers, served from our own origin (the CSP allows no inline code).
 * 1. Quick exit: the button, or Shift pressed three times in a row within 3 seconds,
 *    hides the page at once and replaces this history entry with a neutral site.
 * 2. Account forms: post with fetch so errors appear in place and nothing typed is lost.
 */
(function () {
  "use strict";
  var EXIT_FALLBACK = "https://weather.com/";
  var SHIFT_WINDOW_MS = 3000;
  var shiftPresses = [];

  function quickExit() {
    var button = document.querySelector("[data-quick-exit]");
    var target = (button && button.getAttribute("data-exit-url")) || EXIT_FALLBACK;
    document.documentElement.style.visibility = "hidden";
    document.title = "Weather";
    // Sign out on the way (unless the member chose to stay signed in): the beacon is
    // sent even as the page goes away.
    try { navigator.sendBeacon("/auth/quick-exit"); } catch (e) { /* best effort */ }
    try { sessionStorage.clear(); } catch (e) { /* storage may be blocked */ }
    window.location.replace(target);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-quick-exit]")) {
      event.preventDefault();
      event.stopPropagation();
      quickExit();
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { shiftPresses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < SHIFT_WINDOW_MS; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) { shiftPresses = []; quickExit(); }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-lantern-form")) { return; }
    event.preventDefault();
    var errorBox = form.querySelector("[data-form-error]");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    if (errorBox) { errorBox.textContent = ""; }
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false }; });
    }).then(function (data) {
      if (data && data.ok && data.redirect) {
        // Who is signed in changed: drop this tab's state token, so the next page
        // starts a fresh state on the server (the old one is cleared there too).
        try { sessionStorage.clear(); } catch (e) { /* storage may be blocked */ }
        window.location.replace(data.redirect);
        return;
      }
      if (errorBox) {
        errorBox.textContent = (data && data.message) || form.getAttribute("data-generic-error") || "Something went wrong. Please try again.";
        errorBox.focus();
      }
      if (button) { button.disabled = false; }
    }).catch(function () {
      if (errorBox) { errorBox.textContent = form.getAttribute("data-offline-error") || "We could not reach Lantern. Check your connection and try again."; }
      if (button) { button.disabled = false; }
    });
  }, true);
})();

/* Pre-select the browser's own time zone in sign-up forms (the member can change it),
 * and keep it in this tab's sessionStorage ("lantern_zone"): Reflex sends it with the
 * page's first event, so a visitor's directory shows her own clock from the first paint
 * (portal/state/resources.py). Nothing else is stored, and quick exit clears it. */
(function () {
  "use strict";
  try {
    var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserZone) { sessionStorage.setItem("lantern_zone", browserZone); }
  } catch (e) { /* storage may be blocked: the directory then shows UTC */ }
  function detectZones() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
      if (select.getAttribute("data-detected")) { return; }
      select.setAttribute("data-detected", "1");
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.value = zone; break; }
      }
    });
  }
  new MutationObserver(detectZones).observe(document.documentElement, { childList: true, subtree: true });
})();
