// The recording player (src/Web/Player/*.js, this one the entry, bundled by esbuild into wwwroot/js/player.js): loads
// a recording through the two-step snapshots endpoint (the list of sources, then each source as JSON lines of
// [window_id, event]), shows the first frame as soon as the first source has arrived and adds the rest while it
// streams in. Recorded HTML is untrusted: rrweb's replay iframe is sandboxed without
// allow-scripts, and nothing recorded is ever put into a script.
import { sourceUrl, Lines, readText, nextTask, HOT_KEY_BASE } from './streaming.js';
import { noReferrer } from './no-referrer.js';
import { bindKeys } from './keys.js';
import { formatTime, alignStrip, renderStrip, bindStripTip } from './timeline.js';

var root = document.getElementById('player-root');
if (root && window.rrwebPlayer) start(root);

// The player's life cycle: the parts streamed in order, the player made (again for another tab), seeks, the marker
// strip and the side list's events.
function start(root) {
  var snapshotsUrl = root.getAttribute('data-snapshots');
  var eventsUrl = root.getAttribute('data-events');
  var startAtSeconds = Number(root.getAttribute('data-start') || '0');
  var admin = root.getAttribute('data-admin'); // set on the dashboard only: autoplay and ?t= are the admin's
  var Rows = window.ReplayEvents;
  var statusEl = document.getElementById('player-status');
  var progressEl = document.getElementById('player-progress');
  var stage = document.getElementById('player-stage');
  var tabSelect = document.getElementById('player-tab');
  var markersEl = document.getElementById('player-markers');
  var nextErrorButton = document.getElementById('player-next-error');

  var player = null;
  var windows = {};          // window id -> events in time order
  var activeWindow = null;
  var firstTimestamp = null; // of the active window's replay
  var timeline = [];         // rows {ts, kind, title, detail, windowId, beforePlayback} (replay-events.js)
  var activity = [];         // timestamps of the visitor's own input (rrweb incremental events), for the strip
  var autoplayBox = document.getElementById('player-autoplay');
  var autoplayKey = admin ? 'recordings.autoplay.' + admin : null;
  var currentMs = 0;
  var firstFrameMs = 0;      // just past the active window's first full snapshot
  var playing = false;

  function setStatus(text) { if (statusEl) statusEl.textContent = text; }

  // One event rrweb's player cannot use is skipped and counted (data-skipped-events) instead of stopping the replay.
  var skippedEvents = 0;
  function countSkipped() { root.setAttribute('data-skipped-events', String(++skippedEvents)); }

  function describe(event) { return Rows ? Rows.fromRrweb(event) : null; }

  // Whether this admin wants recordings to play as they open (the default), remembered in this browser per admin.
  function autoplayWanted() {
    if (!autoplayKey) return false;
    try { return window.localStorage.getItem(autoplayKey) !== 'off'; } catch (e) { return true; }
  }
  if (autoplayBox) {
    autoplayBox.checked = autoplayWanted();
    autoplayBox.addEventListener('change', function () {
      try { window.localStorage.setItem(autoplayKey, autoplayBox.checked ? 'on' : 'off'); } catch (e) { /* private mode */ }
    });
  }

  // The replay takes the width it is given and, on a wide screen, no more height than the window has left below it
  // (less the controls and the marker strip), keeping the recorded page's proportions so it fills that box.
  var CONTROLS = 80, BELOW = 64;
  function frameSize(events) {
    var meta = (events || []).filter(function (e) { return e.type === 4 && e.data && e.data.width; })[0];
    var aspect = meta ? meta.data.height / meta.data.width : 0.5625;
    var width = Math.max(240, stage.clientWidth || 1024);
    var height = Math.round(width * aspect);
    if (window.innerWidth > 900) {
      var top = stage.getBoundingClientRect().top + window.scrollY;
      height = Math.min(height, Math.max(240, window.innerHeight - top - CONTROLS - BELOW));
    }
    return { width: width, height: height };
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (!player || document.fullscreenElement) return;
      var size = frameSize(windows[activeWindow]);
      player.$set(size);
      player.triggerResize();
      alignStripNow();
    }, 100);
  });

  function chooseWindow(ids) {
    // The tab with the most recorded events plays first; the others are a choice away.
    ids.sort(function (a, b) { return windows[b].length - windows[a].length; });
    return ids[0];
  }

  function refreshTabs() {
    if (!tabSelect) return;
    var ids = Object.keys(windows);
    tabSelect.parentElement.hidden = ids.length < 2;
    tabSelect.textContent = '';
    ids.forEach(function (id, i) {
      var option = document.createElement('option');
      option.value = id;
      option.textContent = 'Tab ' + (i + 1) + ' (' + windows[id].length + ' events)';
      option.selected = id === activeWindow;
      tabSelect.appendChild(option);
    });
  }

  function createPlayer(events, autoplay) {
    // Another tab's player: stopped and released, or its timers would keep playing it unseen and reporting its time.
    if (player) {
      var replayer = player.getReplayer();
      player.$destroy();
      replayer.destroy();
      player = null;
    }
    stage.textContent = '';
    var size = frameSize(events);
    var Player = window.rrwebPlayer.default || window.rrwebPlayer.Player || window.rrwebPlayer;
    player = new Player({
      target: stage,
      props: {
        events: events,
        width: size.width,
        height: size.height,
        maxScale: 0, // rrweb-player stops at 1:1 by default; the replay scales to the room it has
        autoPlay: false,
        skipInactive: true,
        speedOption: [1, 2, 4, 8],
        showController: true,
        mouseTail: true,
        UNSAFE_replayCanvas: false,
        // A seek replays the events since the last full snapshot at once. With rrweb's virtual DOM (its default) the
        // first mutation copies the whole page built from that snapshot into a virtual tree and diffs it back at the
        // end: for a large page that cost 5-10 times the page's own build (docs/benchmarks.md), while the few dozen
        // mutations that follow a snapshot cost little applied to the page itself.
        useVirtualDom: false,
        plugins: [noReferrer],
      },
    });
    labelControls();
    firstTimestamp = events[0].timestamp;
    // A new player starts paused at its beginning, whatever the one before it was doing.
    playing = false;
    currentMs = 0;
    root.setAttribute('data-state', 'paused');
    root.setAttribute('data-current', '0');
    player.addEventListener('ui-update-current-time', function (e) {
      currentMs = e.payload;
      root.setAttribute('data-current', String(Math.round(currentMs)));
      highlightCurrent();
      keepTimeInAddress();
    });
    player.addEventListener('ui-update-player-state', function (e) {
      playing = e.payload === 'playing';
      root.setAttribute('data-state', e.payload);
    });
    root.setAttribute('data-ready', 'true');
    var snapshot = events.filter(function (e) { return e.type === 2; })[0];
    firstFrameMs = snapshot ? offsetOf(snapshot.timestamp) + 1 : 0;
    root.setAttribute('data-first-frame', String(firstFrameMs));
    // rrweb-player draws the first page as a poster a moment after it starts and remembers that snapshot; a later
    // seek back to the first page then skips rebuilding it whenever rrweb misses that the seek went backwards, and
    // the later page stays on screen. Going to the first frame (or ?t=) at once builds the page for real instead.
    if (startAtSeconds > 0) player.goto(Math.max(firstFrameMs, startAtSeconds * 1000), !!autoplay);
    else {
      if (snapshot) seek(firstFrameMs);
      if (autoplay) player.play();
    }
    if (startAtSeconds > 0) { currentMs = Math.max(firstFrameMs, startAtSeconds * 1000); root.setAttribute('data-current', String(currentMs)); }
    alignStripNow();
  }

  // The address keeps the player's time (?t=SECONDS), so a reload or a copied address lands at the same moment.
  var shownSeconds = -1;
  function keepTimeInAddress() {
    if (!admin || !window.history.replaceState) return;
    var seconds = Math.floor(currentMs / 1000);
    if (seconds === shownSeconds) return;
    shownSeconds = seconds;
    var url = new URL(window.location.href);
    url.searchParams.set('t', String(seconds));
    window.history.replaceState(window.history.state, '', url.toString());
  }

  // rrweb-player's icon buttons carry no text: name them for screen readers and keyboard users.
  function labelControls() {
    var buttons = stage.querySelectorAll('.rr-controller button');
    buttons.forEach(function (b) {
      if (b.getAttribute('aria-label') || (b.textContent || '').trim()) return;
      b.setAttribute('aria-label', b.querySelector('svg') && b === buttons[0] ? 'Play or pause' : 'Full screen');
    });
    var progress = stage.querySelector('.rr-progress');
    if (progress) { progress.setAttribute('role', 'slider'); progress.setAttribute('aria-label', 'Timeline'); progress.setAttribute('tabindex', '0'); }
  }

  // partEnded: the last pairs of a part. The player starts once the first part with a replayable tab is all in, with
  // the tab that has the most events then; later events are handed to it as they arrive. A recording of several
  // segments (startEarly) starts as soon as a tab's first page has arrived instead: its first segment alone can be
  // 8 MB of compressed data, and its first frame must not wait for that. A recording of one segment starts at the end
  // of it, which measured faster to load whole (docs/benchmarks.md: handing rrweb the rest of a part event by event
  // costs more than it saves there).
  var startEarly = false;
  var withPage = {}; // the tabs whose first full snapshot has arrived
  function add(pairs, partEnded) {
    pairs.forEach(function (p) {
      if (p.event.type === 2) withPage[p.windowId] = true;
      (windows[p.windowId] = windows[p.windowId] || []).push(p.event);
      var d = describe(p.event);
      if (d) { d.ts = p.event.timestamp; d.windowId = p.windowId; timeline.push(d); }
      if (p.event.type === 3 && p.event.data && p.event.data.source > 0 && p.event.data.source !== 3) activity.push({ ts: p.event.timestamp, windowId: p.windowId });
    });
    if (player) {
      pairs.forEach(function (p) { if (p.windowId === activeWindow) player.addEvent(p.event); });
    } else if (partEnded || (startEarly && Object.keys(withPage).length)) {
      activeWindow = chooseWindow(partEnded ? Object.keys(windows) : Object.keys(withPage));
      if (activeWindow && windows[activeWindow].length >= 2) createPlayer(windows[activeWindow].slice(), autoplayWanted());
    }
  }

  function offsetOf(ts) { return Math.max(0, ts - (firstTimestamp || ts)); }

  function alignStripNow() { alignStrip(stage, markersEl); }

  // While parts are still arriving the strip and the inspector are drawn when the page has a moment (at most a second
  // later), once however many parts came meanwhile. Drawn after every part, Chromium's profile of the 30-minute
  // benchmark recording's load gave the inspector's highlight 42-50 ms and the strip's alignment 51-61 ms, and the
  // 6-hour one's highlight 2 s (every row rebuilt per part; docs/benchmarks.md, "The strip and the inspector…").
  var timelineSoon = null;
  function renderTimelineSoon() {
    if (timelineSoon) return;
    var run = function () { timelineSoon = null; renderTimeline(); };
    timelineSoon = window.requestIdleCallback ? { idle: window.requestIdleCallback(run, { timeout: 1000 }) } : { timer: setTimeout(run, 0) };
  }

  function renderTimeline() {
    if (timelineSoon) {
      if (timelineSoon.idle) window.cancelIdleCallback(timelineSoon.idle); else clearTimeout(timelineSoon.timer);
      timelineSoon = null;
    }
    timeline.sort(function (a, b) { return a.ts - b.ts; });
    if (markersEl && player) {
      renderStrip({
        markersEl: markersEl, stage: stage, total: Math.max(1, player.getMetaData().totalTime), timeline: timeline,
        activity: activity, activeWindow: activeWindow, offsetOf: offsetOf, onSeek: seekTo,
      });
    }
    root.dispatchEvent(new CustomEvent('timeline'));
  }

  if (markersEl) {
    bindStripTip({
      markersEl: markersEl, player: function () { return player; }, timeline: function () { return timeline; },
      activeWindow: function () { return activeWindow; }, offsetOf: offsetOf,
    });
  }

  function highlightCurrent() { root.dispatchEvent(new CustomEvent('time')); }

  // A page change is marked by rrweb's Meta event; the page itself is the full snapshot that follows it.
  function settled(ts) {
    var events = windows[activeWindow] || [];
    for (var i = 0; i < events.length; i++) {
      if (events[i].timestamp >= ts && events[i].type === 2) return events[i].timestamp - ts < 5000 ? events[i].timestamp : ts;
      if (events[i].timestamp > ts + 5000) break;
    }
    return ts;
  }

  // One millisecond past the event, so the replayer has applied it (it stops before events at the exact time).
  function seekTo(item) { seek(offsetOf(item.kind === 'page' ? settled(item.ts) : item.ts) + 1); }

  function seek(offsetMs) {
    if (!player) return;
    // Never before the first full snapshot: there is no page to show there, and rrweb would keep the old one.
    offsetMs = Math.round(Math.max(firstFrameMs, Math.min(offsetMs, player.getMetaData().totalTime)));
    // rrweb tells a seek back from its last played event: what it takes for a seek forward it applies on top of the
    // page shown, skipping the events up to that one. It forgets that event when the replay ends and misdates it for a
    // mouse move (its positions reach back in time), so it can take a seek back for one forward and apply the target's
    // events on top of the later page. Before a seek back it is made to forget it: it then rebuilds the page from the
    // full snapshot before the target (going back through the first frame instead cost a second page build).
    if (offsetMs < currentMs) player.getReplayer().service.state.context.lastPlayedEvent = null;
    gotoPaused(offsetMs);
    // Rebuilding a page focuses the replay iframe; take focus back so the keyboard shortcuts keep working.
    if (document.activeElement && document.activeElement.tagName === 'IFRAME') root.focus({ preventScroll: true });
    currentMs = offsetMs;
    root.setAttribute('data-current', String(offsetMs));
    highlightCurrent();
  }

  // rrweb's goto, paused. rrweb plays to the target and pauses: it dates and schedules every event of the recording,
  // those after the target too, only to drop them when it pauses; in a 6-hour recording (100 000 events) that was
  // most of a seek's time beside building the page. What it applies are the events from the last Meta (page start)
  // before the target up to the target, so for the seek it is given those alone, after the recording's first event
  // (its times count from it); then it gets the whole recording back.
  function gotoPaused(offsetMs) {
    var context = player.getReplayer().service.state.context;
    var all = context.events;
    var target = all[0].timestamp + offsetMs;
    var lo = 0, hi = all.length; // the first event at or after the target
    while (lo < hi) { var mid = (lo + hi) >> 1; if (all[mid].timestamp < target) lo = mid + 1; else hi = mid; }
    var meta = lo - 1;
    while (meta > 0 && all[meta].type !== 4) meta--;
    if (meta <= 0) { player.goto(offsetMs, false); return; }
    context.events = [all[0]].concat(all.slice(meta, lo));
    try { player.goto(offsetMs, false); } finally { player.getReplayer().service.state.context.events = all; }
  }

  function nextError() {
    var now = (firstTimestamp || 0) + currentMs;
    var next = timeline.filter(function (t) { return t.kind === 'error' && !t.beforePlayback && t.ts > now + 1; })[0]
      || timeline.filter(function (t) { return t.kind === 'error' && !t.beforePlayback; })[0];
    if (next) seekTo(next);
  }

  function togglePlay() {
    if (!player) return;
    if (playing) player.pause(); else player.play();
  }

  bindKeys({
    togglePlay: togglePlay, nextError: nextError, player: function () { return player; },
    seekBy: function (ms) { seek(Math.max(0, currentMs + ms)); },
  });
  if (nextErrorButton) nextErrorButton.addEventListener('click', nextError);
  if (tabSelect) tabSelect.addEventListener('change', function () {
    activeWindow = tabSelect.value;
    createPlayer(windows[activeWindow].slice(), false);
    renderTimeline();
  });

  // The behaviour events (page views, clicks, errors, custom events…), including those from before playback
  // started. Inside the replayable part rrweb's own data already marks clicks, pages and console output.
  function loadBehaviourEvents() {
    if (!eventsUrl) return Promise.resolve();
    return fetch(eventsUrl, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (body) {
        var replayStart = null;
        Object.keys(windows).forEach(function (id) {
          var first = windows[id][0];
          if (first && (replayStart === null || first.timestamp < replayStart)) replayStart = first.timestamp;
        });
        Rows.mergeBehaviour(timeline, body.results || [], replayStart);
      }).catch(function () { /* the replay still plays without the side list */ });
  }

  function load() {
    // A behaviour-only session has nothing to replay: only its events are read.
    if (!snapshotsUrl) return loadBehaviourEvents().then(function () { root.setAttribute('data-loaded', 'true'); renderTimeline(); });
    setStatus('Loading…');
    return fetch(snapshotsUrl, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('The recording could not be loaded (' + r.status + ').');
      return r.json();
    }).then(function (body) {
      var sources = body.sources || [];
      var done = 0;
      if (progressEl) { progressEl.max = Math.max(1, sources.length); progressEl.value = 0; }
      // The parts are read in time order, the first with only the hot part: the first frame waits for the first part
      // only, however long the recording (requesting every part at once made it wait for the server and the page to
      // work through all of them together). The next part is requested once a part has arrived or is being added, so
      // at most two segments are in flight; a part whose turn has not come keeps its text as it arrives, to be parsed
      // a slice at a time when it comes.
      var parts = sources.map(function () {
        var part = { live: false, texts: [], ended: false, closed: false };
        part.lines = new Lines(function (pairs) { add(pairs, false); }, countSkipped);
        part.finished = new Promise(function (resolve, reject) { part.resolve = resolve; part.reject = reject; });
        part.finished.catch(function () { /* reported when its turn comes */ });
        part.close = function () { if (part.closed) return; part.closed = true; part.lines.end(); part.resolve(); };
        return part;
      });
      function request(i) {
        var part = parts[i];
        if (!part || part.requested) return;
        part.requested = true;
        fetch(sourceUrl(snapshotsUrl, sources[i]), { credentials: 'same-origin' }).then(function (r) {
          if (!r.ok) return r.json().catch(function () { return {}; }).then(function (e) {
            throw new Error(e.detail || ('A part of the recording could not be read (' + r.status + ').'));
          });
          return readText(r, function (text) {
            if (text === null) {
              part.ended = true;
              request(i + 1);
              if (part.live && !part.texts.length) part.close();
            } else if (part.live && !part.texts.length) part.lines.push(text);
            else part.texts.push(text);
          });
        }).catch(part.reject);
      }
      // Makes a part live: what it has kept is parsed in slices of about a frame, then it goes on as it downloads.
      function addKept(part) {
        part.live = true;
        function drain() {
          var until = performance.now() + 12;
          while (part.texts.length && performance.now() < until) part.lines.push(part.texts.shift());
          if (part.texts.length) return nextTask().then(drain);
          if (part.ended) part.close();
          return part.finished;
        }
        return drain();
      }
      startEarly = sources.filter(function (s) { return s.source !== 'realtime' && Number(s.blob_key) < HOT_KEY_BASE; }).length > 1;
      request(0);
      // The hot part (listed last, the events not yet archived: small) comes with the first, as it always did.
      var last = sources[sources.length - 1];
      if (last && (last.source === 'realtime' || Number(last.blob_key) >= HOT_KEY_BASE)) request(sources.length - 1);
      var chain = Promise.resolve();
      parts.forEach(function (part, i) {
        chain = chain.then(function () {
          if (i > 0) request(i + 1);
          request(i);
          return addKept(part);
        }).then(function () {
          add([], true);
          refreshTabs();
          renderTimelineSoon();
          done++;
          if (progressEl) progressEl.value = done;
          setStatus('Loaded ' + done + ' of ' + sources.length + ' parts');
        });
      });
      return chain.then(function () {
        root.setAttribute('data-loaded', 'true');
        setStatus(player ? 'Fully loaded' : 'Nothing to replay in this recording.');
      });
    }).catch(function (e) {
      root.setAttribute('data-error', 'true');
      setStatus(e.message);
    }).then(function () { return loadBehaviourEvents(); })
      .then(renderTimeline);
  }

  // For scripts and benchmarks driving the page: the rrweb-player and the seek the shortcuts use.
  window.RecordingsPlayer = {
    get player() { return player; }, seek: seek, seekTo: seekTo, nextError: nextError,
    get timeline() { return timeline; }, get activeWindow() { return activeWindow; }, get currentMs() { return currentMs; },
    offsetOf: offsetOf, formatTime: formatTime, get ready() { return !!player; },
  };
  load();
}
