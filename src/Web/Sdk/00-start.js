/*
 * Recordings SDK: behaviour tracking in every session, rrweb session playback when the server says so.
 * Embed with: <script src="https://HOST/sdk/recorder.js" data-token="ENV_TOKEN" async></script>
 * Built from src/Web/Sdk/*.js (concatenated in name order into one closure at build time).
 */
(function (window, document) {
  "use strict";
  if (window.RecordingsAPI && window.RecordingsAPI.__recordings) return; // the snippet is on the page twice

  var script = document.currentScript || document.querySelector('script[data-token][src*="/sdk/recorder.js"]');
  if (!script) return;
  var TOKEN = script.getAttribute("data-token") || "";
  var API_HOST = (script.getAttribute("data-api-host") || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var BATCH_INTERVAL_MS = 4000;
  var MAX_EVENTS_PER_BATCH = 1000;
  // rrweb data per batch, as JSON text: a big page's snapshots and mutations go out in several batches, each well
  // inside the server's limits (8 MiB as sent, 48 MiB inflated) however much one burst holds.
  var MAX_SNAPSHOT_BYTES_PER_BATCH = 2 * 1024 * 1024;
  var TEXT_LIMIT = 200;

  var state = {
    mode: "behavior", reason: null, maskAllInputs: true, enabled: true,
    sessionId: null, windowId: null, ready: null, stopRecording: null,
  };

  function now() { return Date.now(); }
  function cut(text, n) { text = String(text == null ? "" : text); return text.length > n ? text.slice(0, n) : text; }
  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function store(kind) { try { return window[kind]; } catch (e) { return null; } }
  function readJson(kind, key) { try { return JSON.parse(store(kind).getItem(key)); } catch (e) { return null; } }
  function writeJson(kind, key, value) { try { store(kind).setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ } }
