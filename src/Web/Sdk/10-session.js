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
    if (!w || !w.id) w = { id: randomId() };
    writeJson("sessionStorage", WINDOW_KEY, w);
    return w;
  }

  // (session, window, sequence) names each batch once, so a retried batch is stored once. The sequence starts from a
  // random number per page load: a duplicated tab copies sessionStorage (and so the window id), and must not
  // reuse the numbers of the tab it was copied from.
  var sequence = Math.floor(Math.random() * 1073741824) * 1048576;
  function nextSequence() { sequence += 1; return sequence; }
