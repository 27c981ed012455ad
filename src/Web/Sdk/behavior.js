import { MAX_EVENTS_PER_BATCH, TEXT_LIMIT, state, now, cut } from "./config.js";
import { touchSession } from "./session.js";
import { buffer, takeBatch, onPageHide } from "./transport.js";
import { refreshMode } from "./api.js";

// Behaviour tracking, in both modes. Input values are never read: an input change sends its selector only.
export function capture(type, fields) {
  if (!state.enabled) return;
  var e = { type: type, timestamp: now() };
  for (var k in fields) if (fields[k] != null && fields[k] !== "") e[k] = fields[k];
  if (e.properties) {
    try { if (JSON.stringify(e.properties).length > 8000) e.properties = { truncated: true }; }
    catch (err) { e.properties = { unserialisable: true }; }
  }
  buffer.events.push(e);
  if (buffer.events.length >= MAX_EVENTS_PER_BATCH) takeBatch();
}

function selectorOf(el) {
  var parts = [];
  while (el && el.nodeType === 1 && parts.length < 5) {
    var part = el.tagName.toLowerCase();
    if (el.id) { parts.unshift(part + "#" + CSS.escape(el.id)); break; }
    var classes = (typeof el.className === "string" ? el.className : "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (classes.length) part += "." + classes.map(CSS.escape).join(".");
    var parent = el.parentElement;
    if (parent) {
      var same = Array.prototype.filter.call(parent.children, function (c) { return c.tagName === el.tagName; });
      if (same.length > 1) part += ":nth-of-type(" + (same.indexOf(el) + 1) + ")";
    }
    parts.unshift(part);
    el = parent;
  }
  return cut(parts.join(" > "), 1000);
}

// Text of what was clicked, short, and never from form fields or from parts the site masks or blocks.
function clickText(el) {
  if (!el.closest || el.closest("input, textarea, select, [contenteditable], .rr-mask, .rr-block")) return null;
  return cut((el.innerText || el.textContent || "").replace(/\s+/g, " ").trim(), 100);
}

function pageView() {
  capture("pageview", { url: cut(location.href, 2048), name: cut(document.title, 200),
    properties: { referrer: cut(document.referrer, 2048), title: cut(document.title, 500) } });
}

export function startBehaviorTracking() {
  pageView();
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
    if (!el) return;
    touchSession();
    capture("click", { selector: selectorOf(el), text: clickText(el) });
  }, true);
  document.addEventListener("change", function (e) {
    if (!e.target || e.target.nodeType !== 1) return;
    touchSession();
    capture("input", { selector: selectorOf(e.target) });
  }, true);
  document.addEventListener("keydown", touchSession, true);
  window.addEventListener("scroll", touchSession, { passive: true, capture: true });
  window.addEventListener("error", function (e) {
    capture("error", { name: cut(e.message || "Error", 200), url: cut(e.filename || "", 2048),
      properties: { line: e.lineno, column: e.colno } });
  });
  window.addEventListener("unhandledrejection", function (e) {
    var reason = e.reason && (e.reason.message || e.reason);
    capture("error", { name: cut("Unhandled rejection: " + reason, 200) });
  });
  ["warn", "error"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      try {
        var text = Array.prototype.map.call(arguments, function (a) {
          try { return typeof a === "string" ? a : JSON.stringify(a); } catch (err) { return String(a); }
        }).join(" ");
        capture("console", { name: level, text: cut(text, TEXT_LIMIT) });
      } catch (err) { /* never break the page's logging */ }
      return original.apply(this, arguments);
    };
  });
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var before = location.href;
      var result = original.apply(this, arguments);
      if (location.href !== before) pageView();
      return result;
    };
  });
  window.addEventListener("popstate", pageView);
  window.addEventListener("pagehide", function () { capture("pageleave", { url: cut(location.href, 2048) }); onPageHide(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") onPageHide();
    else if (state.mode !== "playback") refreshMode();
  });
}
