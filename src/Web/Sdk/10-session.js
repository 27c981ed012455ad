  // One session per visitor, shared by the browser's tabs (localStorage); one window id per tab (sessionStorage).
  // A session ends after 30 minutes without activity or 24 hours after it began.
  var SESSION_KEY = "recordings.session." + TOKEN;
  var WINDOW_KEY = "recordings.window." + TOKEN;
  var IDLE_MS = 30 * 60 * 1000;
  var MAX_SESSION_MS = 24 * 60 * 60 * 1000;

  function currentSession() {
    var s = readJson("localStorage", SESSION_KEY);
    var t = now();
    if (!s || !s.id || t - s.lastActivity > IDLE_MS || t - s.startedAt > MAX_SESSION_MS) {
      s = { id: randomId(), startedAt: t, lastActivity: t };
      writeJson("localStorage", SESSION_KEY, s);
    }
    return s;
  }

  var lastTouch = 0;
  function touchSession() {
    var t = now();
    if (t - lastTouch < 5000) return;
    lastTouch = t;
    var s = currentSession();
    if (s.id !== state.sessionId) return sessionChanged(s.id);
    s.lastActivity = t;
    writeJson("localStorage", SESSION_KEY, s);
  }

  function windowState() {
    var w = readJson("sessionStorage", WINDOW_KEY);
    if (!w || !w.id) w = { id: randomId(), sequence: 0 };
    writeJson("sessionStorage", WINDOW_KEY, w);
    return w;
  }

  // Sequences continue across page loads of the tab, so (session, window, sequence) names each batch once.
  function nextSequence() {
    var w = windowState();
    w.sequence += 1;
    writeJson("sessionStorage", WINDOW_KEY, w);
    return w.sequence;
  }
