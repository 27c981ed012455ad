import { state, cut } from "./config.js";
import { buffer, takeBatch, exchange, whenIdle } from "./transport.js";
import { capture } from "./behavior.js";
import { startPlayback, stopPlayback } from "./playback.js";

// The server decides the mode; every answer it gives carries it, so a tab follows its session into playback.
export function applyServerState(s) {
  if (!s || !s.mode) return s;
  if (s.session_id && s.session_id !== state.sessionId) return s; // an answer for a session that has ended
  if (s.mask_all_inputs !== undefined) state.maskAllInputs = !!s.mask_all_inputs;
  if (s.recording_enabled === false) stopAll();
  if (s.mode === "playback" && state.mode !== "playback") {
    state.mode = "playback";
    state.reason = null;
    startPlayback();
  } else if (s.mode !== "playback") {
    state.reason = s.reason || null;
  }
  return s;
}

export function refreshMode() {
  return exchange("/ingest/session", {}).then(applyServerState, function () { /* next exchange will tell */ });
}

export function stopAll() {
  state.enabled = false;
  stopPlayback();
  buffer.events.length = 0;
  buffer.snapshots.length = 0;
  buffer.sizes.length = 0;
  buffer.bytes = 0;
}

export function sessionChanged(id) {
  takeBatch();
  stopPlayback();
  state.sessionId = id;
  state.mode = "behavior";
  state.reason = null;
  state.ready = refreshMode();
}

var playbackRequest = null;
function startPlaybackRecording() {
  return state.ready.then(function () {
    if (state.mode === "playback") return { mode: "playback" };
    if (!state.enabled) return { mode: "behavior", reason: "recording_disabled" };
    // Asking twice at once sends one request; asking again later is answered by the server without a new count.
    playbackRequest = playbackRequest || exchange("/ingest/playback", {}).then(function (s) {
      playbackRequest = null;
      applyServerState(s);
      return s.mode === "playback" ? { mode: "playback" } : { mode: "behavior", reason: s.reason };
    }, function (err) {
      playbackRequest = null;
      // Still rate-limited after the retries: the session stays in behaviour mode for now, and says why.
      if (err && err.code === "rate_limited") return { mode: "behavior", reason: "rate_limited" };
      throw err;
    });
    return playbackRequest;
  });
}

export const api = {
  __recordings: true,
  startPlaybackRecording: startPlaybackRecording,
  getTrackingMode: function () { return state.mode; },
  getTrackingReason: function () { return state.reason; },
  getSessionId: function () { return state.sessionId; },
  getWindowId: function () { return state.windowId; },
  identify: function (distinctId, properties) {
    capture("identify", { name: cut(distinctId, 200), properties: properties || null });
  },
  track: function (name, properties) { capture("custom", { name: cut(name, 200), properties: properties || null }); },
  flush: function () { takeBatch(); return whenIdle(); },
};
