// Configuration, shared state and small helpers of the SDK (see main.js for how it starts).

/** The environment's token and the server's origin, read from the SDK's own script tag by configure(). */
export let TOKEN = "";
export let API_HOST = "";
export const BATCH_INTERVAL_MS = 4000;
export const MAX_EVENTS_PER_BATCH = 1000;
// rrweb data per batch, as JSON text: a big page's snapshots and mutations go out in several batches, each well
// inside the server's limits (8 MiB as sent, 48 MiB inflated) however much one burst holds.
export const MAX_SNAPSHOT_BYTES_PER_BATCH = 2 * 1024 * 1024;
export const TEXT_LIMIT = 200;

export function configure(script) {
  TOKEN = script.getAttribute("data-token") || "";
  API_HOST = (script.getAttribute("data-api-host") || new URL(script.src, location.href).origin).replace(/\/$/, "");
}

export const state = {
  mode: "behavior", reason: null, maskAllInputs: true, enabled: true,
  sessionId: null, windowId: null, ready: null, stopRecording: null,
};

export function now() { return Date.now(); }
export function cut(text, n) { text = String(text == null ? "" : text); return text.length > n ? text.slice(0, n) : text; }
export function randomId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  var bytes = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
}
export function store(kind) { try { return window[kind]; } catch (e) { return null; } }
export function readJson(kind, key) { try { return JSON.parse(store(kind).getItem(key)); } catch (e) { return null; } }
export function writeJson(kind, key, value) { try { store(kind).setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ } }
