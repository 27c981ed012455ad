import { TOKEN, API_HOST, BATCH_INTERVAL_MS, MAX_EVENTS_PER_BATCH, MAX_SNAPSHOT_BYTES_PER_BATCH, state, now, readJson, writeJson, store } from "./config.js";
import { applyServerState, stopAll } from "./api.js";
import { nextSequence } from "./session.js";

// Batches go out one at a time, in order; each is retried (same sequence) until the server acknowledges it,
// with backoff on network errors, 5xx and 503/429 (honouring Retry-After), and dropped on any other 4xx.
function pendingKey() { return "recordings.pending." + TOKEN; }
// sizes[i] is the JSON length of snapshots[i]; bytes their sum (see MAX_SNAPSHOT_BYTES_PER_BATCH).
export const buffer = { events: [], snapshots: [], sizes: [], bytes: 0 };
var queue = [];
var sending = false;
var idleWaiters = [];

function gzip(text) {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
}

function send(url, data, keepalive) {
  // text/plain and no custom headers keep these "simple" requests: no CORS preflight. The server recognises
  // gzip by its magic bytes.
  return fetch(url, {
    method: "POST", body: data, credentials: "omit", mode: "cors",
    keepalive: !!keepalive && (data.length || data.size) < 60000,
    headers: { "Content-Type": "text/plain" },
  });
}

function post(path, payload, keepalive) {
  var body = JSON.stringify(payload);
  var ready = typeof CompressionStream === "function" && body.length > 1024 && !keepalive ? gzip(body) : Promise.resolve(body);
  return ready.then(function (data) { return send(API_HOST + path, data, keepalive); });
}

// A batch with rrweb events goes as the split body (docs/ingestion.md): the envelope and the events as JSONL
// lines, each its own gzip member, so the server can keep the second member as the stored chunk as it is.
function postBatch(payload) {
  if (typeof CompressionStream !== "function" || !payload.snapshots.length) return post("/ingest/batch", payload);
  var envelope = {};
  for (var k in payload) if (k !== "snapshots") envelope[k] = payload[k];
  var lines = payload.snapshots.map(function (e) { return JSON.stringify([payload.window_id, e]) + "\n"; }).join("");
  return Promise.all([gzip(JSON.stringify(envelope)), gzip(lines)]).then(function (parts) {
    return send(API_HOST + "/ingest/batch?snapshots_offset=" + parts[0].size, new Blob(parts));
  });
}

// A session start refused with 429 (too many from this address, or the environment starting playback sessions
// too fast) is asked again after Retry-After (at most a minute), a few times; then the caller gets the error.
var MAX_EXCHANGE_RETRIES = 3;
// sent_at lets the server estimate this session's clock skew from its fastest exchange (usually this small one).
export function exchange(path, extra, attempt) {
  attempt = attempt || 0;
  var payload = { token: TOKEN, session_id: state.sessionId, window_id: state.windowId, sent_at: now() };
  for (var k in extra) payload[k] = extra[k];
  return post(path, payload).then(function (r) {
    if (r.status === 429 && attempt < MAX_EXCHANGE_RETRIES) {
      var wait = Math.min(60, Math.max(1, +r.headers.get("Retry-After") || 5)) * 1000;
      return new Promise(function (resolve) { setTimeout(resolve, wait + Math.random() * 250); })
        .then(function () { return exchange(path, extra, attempt + 1); });
    }
    return r.json().then(function (json) {
      if (r.ok) return json;
      var error = new Error(json.detail || r.status);
      error.code = json.code;
      throw error;
    });
  });
}

// Returns true when the buffered rrweb data should go out now.
export function addSnapshot(event) {
  var size;
  try { size = JSON.stringify(event).length; } catch (e) { return false; } // not serialisable: nothing to send
  buffer.snapshots.push(event);
  buffer.sizes.push(size);
  buffer.bytes += size;
  return buffer.snapshots.length >= MAX_EVENTS_PER_BATCH || buffer.bytes >= MAX_SNAPSHOT_BYTES_PER_BATCH;
}

export function takeBatch() {
  if (!buffer.events.length && !buffer.snapshots.length) return;
  while (buffer.events.length || buffer.snapshots.length) {
    // As many snapshots as fit the byte cap (at least one: a single larger one goes alone).
    var n = 0, bytes = 0;
    while (n < buffer.snapshots.length && n < MAX_EVENTS_PER_BATCH && (n === 0 || bytes + buffer.sizes[n] <= MAX_SNAPSHOT_BYTES_PER_BATCH)) {
      bytes += buffer.sizes[n];
      n += 1;
    }
    buffer.sizes.splice(0, n);
    buffer.bytes -= bytes;
    queue.push({
      session_id: state.sessionId, window_id: state.windowId, sequence: nextSequence(),
      events: buffer.events.splice(0, MAX_EVENTS_PER_BATCH),
      snapshots: buffer.snapshots.splice(0, n),
    });
  }
  pump();
}

function pump() {
  if (sending) return;
  if (!queue.length) { idleWaiters.splice(0).forEach(function (w) { w(); }); return; }
  sending = true;
  sendWithRetry(queue[0], 0).then(function () {
    queue.shift();
    sending = false;
    pump();
  });
}

function sendWithRetry(batch, attempt) {
  var payload = { token: TOKEN, sent_at: now() };
  for (var k in batch) payload[k] = batch[k];
  return postBatch(payload).then(function (r) {
    if (r.ok) return r.json().then(applyServerState);
    if (r.status >= 500 || r.status === 429) return retry(batch, attempt, r.headers.get("Retry-After"));
    if (r.status === 403) return r.json().then(function (e) { if (e.code === "recording_disabled") stopAll(); });
    // Any other 4xx: the batch can never be accepted; drop it rather than block the rest.
  }, function () { return retry(batch, attempt, null); });
}

function retry(batch, attempt, retryAfter) {
  var wait = retryAfter && !isNaN(+retryAfter) ? +retryAfter * 1000 : Math.min(60000, 500 * Math.pow(2, attempt));
  return new Promise(function (resolve) { setTimeout(resolve, wait + Math.random() * 250); })
    .then(function () { return sendWithRetry(batch, attempt + 1); });
}

export function whenIdle() {
  return new Promise(function (resolve) { idleWaiters.push(resolve); pump(); });
}

// On page hide: send what fits with sendBeacon and keep everything unacknowledged for the next page load of this
// tab, which sends it again (a batch that did arrive is then recognised by its sequence and stored once).
export function onPageHide() {
  takeBatch();
  if (!queue.length) return;
  writeJson("sessionStorage", pendingKey(), queue);
  queue.forEach(function (batch) {
    var payload = { token: TOKEN, sent_at: now() };
    for (var k in batch) payload[k] = batch[k];
    var body = JSON.stringify(payload);
    if (body.length < 60000 && navigator.sendBeacon) navigator.sendBeacon(API_HOST + "/ingest/batch", new Blob([body], { type: "text/plain" }));
  });
}

export function resendPending() {
  var pending = readJson("sessionStorage", pendingKey());
  try { store("sessionStorage").removeItem(pendingKey()); } catch (e) { /* blocked */ }
  if (pending && pending.length) { queue = pending.concat(queue); pump(); }
}

/** The timed send: every BATCH_INTERVAL_MS what is buffered goes out. */
export function startTransport() { setInterval(takeBatch, BATCH_INTERVAL_MS); }
