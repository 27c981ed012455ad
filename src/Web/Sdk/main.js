/*
 * Recordings SDK: behaviour tracking in every session, rrweb session playback when the server says so.
 * Embed with: <script src="https://HOST/sdk/recorder.js" data-token="ENV_TOKEN" async></script>
 * Built from src/Web/Sdk/*.js (ES modules, this one the entry) by esbuild into one minified file at build time.
 */
import { configure, state } from "./config.js";
import { currentSession, windowState } from "./session.js";
import { startTransport, resendPending } from "./transport.js";
import { startBehaviorTracking } from "./behavior.js";
import { watchOtherTabs } from "./playback.js";
import { api, refreshMode } from "./api.js";

function start(script) {
  configure(script);
  startTransport();
  watchOtherTabs();
  window.RecordingsAPI = api;
  window.WalkMeInsightsAPI = api;
  state.sessionId = currentSession().id;
  state.windowId = windowState().id;
  startBehaviorTracking();
  resendPending();
  state.ready = refreshMode();
  // The page sets these before the snippet loads (the seed's "must appear before the snippet").
  state.ready.then(function () {
    [window.onRecordingsAPIReady, window.onWalkMeInsightsAPIReady].forEach(function (ready) {
      if (typeof ready === "function") { try { ready(api); } catch (e) { setTimeout(function () { throw e; }); } }
    });
  });
}

const script = document.currentScript || document.querySelector('script[data-token][src*="/sdk/recorder.js"]');
// Not twice (the snippet is on the page twice), and not without its script tag (it names the token).
if (!(window.RecordingsAPI && window.RecordingsAPI.__recordings) && script) start(script);
