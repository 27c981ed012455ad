import { TOKEN, API_HOST, state, now, writeJson } from "./config.js";
import { addSnapshot, takeBatch } from "./transport.js";
import { refreshMode } from "./api.js";

// Playback: rrweb's record (served beside this file) starts with a full snapshot, so the session replays from
// this moment; inputs are masked unless the environment turned masking off; rr-block/rr-mask/rr-ignore apply.
function modeKey() { return "recordings.playback." + TOKEN; }
var librariesLoading = null;

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var el = document.createElement("script");
    el.src = src;
    el.async = true;
    el.onload = resolve;
    el.onerror = function () { reject(new Error("Could not load " + src)); };
    (document.head || document.documentElement).appendChild(el);
  });
}

function loadLibraries() {
  if (window.rrwebRecord && window.rrwebPluginConsoleRecord) return Promise.resolve();
  return librariesLoading || (librariesLoading = Promise.all([
    loadScript(API_HOST + "/lib/rrweb/record.js"),
    loadScript(API_HOST + "/lib/rrweb/console-record.js"),
  ]));
}

export function startPlayback() {
  if (state.stopRecording || !state.enabled) return Promise.resolve();
  // Tell the other tabs of this browser, so they ask the server at once rather than at their next batch.
  writeJson("localStorage", modeKey(), { session: state.sessionId, at: now() });
  return loadLibraries().then(function () {
    if (state.stopRecording || state.mode !== "playback") return;
    state.stopRecording = window.rrwebRecord.record({
      emit: function (event) {
        // A full snapshot goes out at once: it is what makes the rest replayable.
        if (addSnapshot(event) || event.type === 2) setTimeout(takeBatch, 0);
      },
      maskAllInputs: state.maskAllInputs,
      maskInputOptions: { password: true },
      blockClass: "rr-block", maskTextClass: "rr-mask", ignoreClass: "rr-ignore",
      plugins: [window.rrwebPluginConsoleRecord.getRecordConsolePlugin({ level: ["log", "info", "warn", "error"] })],
    }) || function () {};
  }, function () { /* rrweb could not load: behaviour tracking goes on */ });
}

export function stopPlayback() {
  if (state.stopRecording) { state.stopRecording(); state.stopRecording = null; }
}

/** Another tab of this browser started playback for the session: ask the server at once. */
export function watchOtherTabs() {
  window.addEventListener("storage", function (e) {
    if (e.key === modeKey() && state.mode !== "playback") refreshMode();
  });
}
