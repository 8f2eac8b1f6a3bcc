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

  /* Every answer of the form's check beside its own field (issue 13, item 2): the
   * field is marked invalid and described by its answer, and the first one is focused
   * (what was typed stays). */
  function clearFieldErrors(form) {
    form.querySelectorAll("[data-field-error]").forEach(function (box) {
      box.textContent = "";
      var input = form.querySelector("[name='" + box.getAttribute("data-field-error") + "']");
      if (input) { input.removeAttribute("aria-invalid"); }
    });
  }

  function showFieldErrors(form, fields) {
    var first = null;
    form.querySelectorAll("[data-field-error]").forEach(function (box) {
      var name = box.getAttribute("data-field-error");
      if (!Object.prototype.hasOwnProperty.call(fields, name)) { return; }
      box.textContent = fields[name];
      var input = form.querySelector("[name='" + name + "']");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        if (!first) { first = input; }
      }
    });
    if (first) { first.focus(); first.scrollIntoView({ block: "center" }); }
    return first !== null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-lantern-form")) { return; }
    event.preventDefault();
    var errorBox = form.querySelector("[data-form-error]");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    if (errorBox) { errorBox.textContent = ""; }
    clearFieldErrors(form);
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
      if (button) { button.disabled = false; }
      if (data && data.fields && showFieldErrors(form, data.fields)) { return; }
      if (errorBox) {
        errorBox.textContent = (data && data.message) || form.getAttribute("data-generic-error") || "Something went wrong. Please try again.";
      }
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
  function addZone(select, zone) {
    var option = document.createElement("option");
    option.value = zone;
    option.textContent = zone.replace(/_/g, " ");
    select.appendChild(option);
  }
  function hasZone(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { return true; }
    }
    return false;
  }
  function detectZones() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
      if (select.getAttribute("data-detected")) { return; }
      select.setAttribute("data-detected", "1");
      // A short list (data-zone-list) starts with UTC only: her own zone joins it.
      if (select.hasAttribute("data-zone-list") && zone && !hasZone(select, zone)) {
        addZone(select, zone);
      }
      if (hasZone(select, zone)) { select.value = zone; }
    });
  }
  new MutationObserver(detectZones).observe(document.documentElement, { childList: true, subtree: true });

  /* The directory's zone choice (data-zone-list) is drawn with two options, so the page
   * does not build 500 of them on every visit; the browser's own list of zones fills it
   * the first time it is opened or reached. The server checks whichever zone comes back. */
  function fillZones(select) {
    if (select.getAttribute("data-filled")) { return; }
    select.setAttribute("data-filled", "1");
    var zones = [];
    try { zones = Intl.supportedValuesOf("timeZone"); } catch (e) { return; }
    zones.forEach(function (zone) {
      if (zone.indexOf("/") > 0 && !hasZone(select, zone)) { addZone(select, zone); }
    });
  }
  function fillWithin(event) {
    var target = event.target;
    if (!target || target.nodeType !== 1) { return; }
    var selects = target.matches("select[data-zone-list]") ? [target]
      : target.querySelectorAll("select[data-zone-list]");
    Array.prototype.forEach.call(selects, fillZones);
  }
  // "toggle" (a details opening) does not bubble: listen while it travels down.
  document.addEventListener("toggle", fillWithin, true);
  document.addEventListener("focusin", fillWithin, true);
})();

/* Answers appear where the person is looking (issue 13, item 2). An element marked
 * data-answer is scrolled into view (never focused) whenever its words change, so a
 * result is seen beside the form that caused it; lantern.css keeps it clear of the
 * sticky header and the bottom navigation. An element marked data-focus-on-show (the
 * crisis support's heading) takes focus when it appears, so it is read out at once. */
(function () {
  "use strict";
  var shown = new WeakMap();

  function reveal(area) {
    var words = (area.textContent || "").trim();
    if (words === (shown.get(area) || "")) { return; }
    shown.set(area, words);
    // Inside a part that takes focus (crisis support), its heading decides the view.
    if (area.closest("[data-focus-on-show], [data-holds-focus]")) { return; }
    if (words) { area.scrollIntoView({ block: "nearest" }); }
  }

  function takeFocus(heading) {
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
    // The page may still be settling (the form it replaced had focus): for a moment,
    // take focus back if it fell to nowhere, never from something the person chose.
    [60, 250, 700].forEach(function (delay) {
      setTimeout(function () {
        var now = document.activeElement;
        if (heading.isConnected && (!now || now === document.body)) {
          heading.focus({ preventScroll: true });
          heading.scrollIntoView({ block: "start" });
        }
      }, delay);
    });
  }

  function visit(node) {
    if (!node || node.nodeType !== 1) { return; }
    if (node.hasAttribute("data-focus-on-show")) { takeFocus(node); }
    node.querySelectorAll("[data-focus-on-show]").forEach(takeFocus);
  }

  new MutationObserver(function (mutations) {
    var areas = new Set();
    mutations.forEach(function (mutation) {
      if (mutation.type === "attributes") {
        // An element React reused became the part that takes focus.
        if (mutation.target.hasAttribute("data-focus-on-show")) { takeFocus(mutation.target); }
        return;
      }
      var target = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
      var area = target && target.closest ? target.closest("[data-answer]") : null;
      if (area) { areas.add(area); }
      mutation.addedNodes.forEach(function (node) {
        visit(node);
        if (node.nodeType === 1) {
          if (node.hasAttribute("data-answer")) { areas.add(node); }
          node.querySelectorAll("[data-answer]").forEach(function (inner) { areas.add(inner); });
        }
      });
    });
    areas.forEach(reveal);
  }).observe(document.documentElement, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["data-focus-on-show"]
  });
})();
