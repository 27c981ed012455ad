// The demo page's script (the site's CSP allows no inline scripts). It sets the ready callback before the SDK
// loads, as a site following the seed would.
window.onRecordingsAPIReady = function () {
  var api = window.RecordingsAPI;
  var mode = document.getElementById("mode");
  var reason = document.getElementById("reason");
  var button = document.getElementById("start-playback");
  function show(state) {
    mode.textContent = state.mode;
    reason.textContent = state.reason ? "(" + state.reason + ")" : "";
    button.disabled = state.mode === "playback";
  }
  show({ mode: api.getTrackingMode(), reason: api.getTrackingReason && api.getTrackingReason() });
  button.addEventListener("click", function () {
    button.disabled = true;
    api.startPlaybackRecording().then(show);
  });
  var clicks = 0;
  document.getElementById("demo-click").addEventListener("click", function () {
    clicks++;
    document.getElementById("clicks").textContent = String(clicks);
    api.track("demo_button_clicked", { clicks: clicks });
  });
};
