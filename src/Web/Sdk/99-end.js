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
})(window, document);
