import { TOKEN, now, randomId, readJson, writeJson, state } from "./config.js";
import { sessionChanged } from "./api.js";

// One session per visitor, shared by the browser's tabs (localStorage); one window id per tab (sessionStorage).
// A session ends after 30 minutes without activity or 24 hours after it began.
function sessionKey() { return "recordings.session." + TOKEN; }
function windowKey() { return "recordings.window." + TOKEN; }
var IDLE_MS = 30 * 60 * 1000;
var MAX_SESSION_MS = 24 * 60 * 60 * 1000;

export function currentSession() {
  var s = readJson("localStorage", sessionKey());
  var t = now();
  if (!s || !s.id || t - s.lastActivity > IDLE_MS || t - s.startedAt > MAX_SESSION_MS) {
    s = { id: randomId(), startedAt: t, lastActivity: t };
    writeJson("localStorage", sessionKey(), s);
  }
  return s;
}

var lastTouch = 0;
export function touchSession() {
  var t = now();
  if (t - lastTouch < 5000) return;
  lastTouch = t;
  var s = currentSession();
  if (s.id !== state.sessionId) return sessionChanged(s.id);
  s.lastActivity = t;
  writeJson("localStorage", sessionKey(), s);
}

export function windowState() {
  var w = readJson("sessionStorage", windowKey());
  if (!w || !w.id) w = { id: randomId() };
  writeJson("sessionStorage", windowKey(), w);
  return w;
}

// (session, window, sequence) names each batch once, so a retried batch is stored once. The sequence starts from a
// random number per page load: a duplicated tab copies sessionStorage (and so the window id), and must not
// reuse the numbers of the tab it was copied from.
var sequence = Math.floor(Math.random() * 1073741824) * 1048576;
export function nextSequence() { sequence += 1; return sequence; }
