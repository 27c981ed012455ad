// The recording player: loads a recording through the two-step snapshots endpoint (the list of sources, then each
// source as JSON lines of [window_id, event]), shows the first frame as soon as the first source has arrived and
// adds the rest while it streams in. Recorded HTML is untrusted: rrweb's replay iframe is sandboxed without
// allow-scripts, and nothing recorded is ever put into a script.
(function () {
  'use strict';
  var root = document.getElementById('player-root');
  if (!root || !window.rrwebPlayer) return;

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

  function sourceUrl(source) {
    var url = snapshotsUrl + (snapshotsUrl.indexOf('?') < 0 ? '?' : '&') + 'source=' + encodeURIComponent(source.source);
    if (source.blob_key) url += '&blob_key=' + encodeURIComponent(source.blob_key);
    return url;
  }

  function parseLines(text, into) {
    text.split('\n').forEach(function (line) {
      if (!line) return;
      var pair = usablePair(line);
      if (pair) into.push({ windowId: pair[0], event: pair[1] });
    });
    return into;
  }

  // One event rrweb's player cannot use (stored before the server checked rrweb's shapes, or by another writer) would
  // stop the whole replay, so such a line is skipped and counted (data-skipped-events) instead of handed to rrweb.
  var skippedEvents = 0;
  function usablePair(line) {
    var pair;
    try { pair = JSON.parse(line); } catch (e) { pair = null; }
    var e = pair && pair[1];
    var d = e && e.data;
    var object = function (x) { return !!x && typeof x === 'object' && !Array.isArray(x); };
    var ok = Array.isArray(pair) && typeof pair[0] === 'string' && object(e) && typeof e.timestamp === 'number' && isFinite(e.timestamp)
      && [0, 1, 2, 3, 4, 5, 6, 7].indexOf(e.type) >= 0
      && (e.type < 2 || e.type === 7 || object(d))
      && (e.type !== 2 || object(d.node))
      && (e.type !== 4 || typeof d.href === 'string')
      && (e.type !== 6 || d.plugin !== 'rrweb/console@1'
        || (object(d.payload) && typeof d.payload.level === 'string' && Array.isArray(d.payload.payload)));
    if (ok) return pair;
    root.setAttribute('data-skipped-events', String(++skippedEvents));
    return null;
  }

  // A part is parsed while it downloads, a network chunk at a time, so that parsing a large cold segment overlaps its
  // transfer instead of following it. Measured slower on two cores (docs/benchmarks.md): reading in a worker (its
  // copies and second heap), and building the first page as soon as it had arrived rather than at the end of the part
  // (the first frame came twice as soon, but handing rrweb the rest of the part event by event cost more than that).
  // Lines: takes the text of a part in pieces, hands on the pairs of each complete line.
  function Lines(onPairs) {
    var unended = []; // the pieces of a line whose end has not arrived yet
    this.push = function (text) {
      var end = text.lastIndexOf('\n');
      if (end < 0) { unended.push(text); return; }
      unended.push(text.slice(0, end));
      onPairs(parseLines(unended.join(''), []));
      unended = [text.slice(end + 1)];
    };
    this.end = function () { onPairs(parseLines(unended.join(''), [])); unended = []; };
  }

  // Reads a response's text a network chunk at a time; onText(text) for each, then onText(null) at its end.
  function readText(response, onText) {
    if (!response.body || !window.TextDecoderStream) return response.text().then(function (text) { onText(text); onText(null); });
    var reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { onText(null); return; }
        onText(chunk.value);
        return next();
      });
    }
    return next();
  }

  // Lets the browser draw (and the admin act) between long pieces of work.
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  // The hot part's blob key is this plus the number of segments listed before it (SnapshotSource.HotKeyBase).
  var HOT_KEY_BASE = 1000000000;

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
      alignStrip();
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

  // Nothing the replay loads from a recorded site may learn this page's address (a share link's URL is its token).
  // The replay runs in rrweb's own about:blank document, which does not take this page's Referrer-Policy. A style
  // sheet keeps the policy its document had when the sheet was parsed, so the policy must be set before rrweb inserts
  // the rebuilt page: while the reopened document is still empty (rrweb's first built node), a
  // <meta name="referrer" content="no-referrer"> is put in and taken out again (the policy stays). Every rebuilt
  // head also gets that meta first, and every referrer rule of the recording's own (<meta name="referrer">,
  // referrerpolicy attributes) becomes that one as it is built (before any of its images are fetched) or changed.
  var REFERRER_RULES = 'meta[name],[referrerpolicy]';
  var noReferrer = {
    onBuild: function (node) { withoutReferrer(node); },
    handler: function (event, isSync, context) {
      var data = event.data;
      var doc = context.replayer.iframe && context.replayer.iframe.contentDocument;
      if (doc && doc.documentElement) emptiedWithPolicy.delete(doc);
      if (event.type !== 3 || !data || data.source !== 0 || !data.attributes || !data.attributes.length) return;
      if (doc) Array.prototype.forEach.call(doc.querySelectorAll(REFERRER_RULES), withoutReferrer);
    },
  };

  // The reopened documents that have had the policy set, until they hold a page again: rrweb builds a whole page
  // before it attaches it, so each node built would otherwise put the meta in and take it out again, which took half
  // of a seek into a large page (docs/benchmarks.md).
  var emptiedWithPolicy = new WeakSet();
  function withoutReferrer(node) {
    var doc = node.nodeType === 9 ? node : node.ownerDocument;
    if (doc && !doc.documentElement) {
      if (!emptiedWithPolicy.has(doc)) {
        var early = noReferrerMeta(doc);
        doc.appendChild(early);
        doc.removeChild(early);
        emptiedWithPolicy.add(doc);
      }
    } else if (doc) emptiedWithPolicy.delete(doc);
    if (node.nodeType === 9) { addNoReferrer(node, node.head); return; }
    if (node.nodeType !== 1) return;
    if (node.hasAttribute('referrerpolicy') && node.getAttribute('referrerpolicy') !== 'no-referrer') node.setAttribute('referrerpolicy', 'no-referrer');
    if (node.nodeName === 'META' && /^\s*referrer\s*$/i.test(node.getAttribute('name') || '') && node.getAttribute('content') !== 'no-referrer')
      node.setAttribute('content', 'no-referrer');
    if (node.nodeName === 'HEAD') addNoReferrer(node.ownerDocument, node);
  }

  function addNoReferrer(doc, head) {
    if (!doc || !head || head.querySelector('meta[data-replay-referrer]')) return;
    var meta = noReferrerMeta(doc);
    meta.setAttribute('data-replay-referrer', '');
    head.insertBefore(meta, head.firstChild);
  }

  function noReferrerMeta(doc) {
    var meta = doc.createElement('meta');
    meta.setAttribute('name', 'referrer');
    meta.setAttribute('content', 'no-referrer');
    return meta;
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
    alignStrip();
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

  function formatTime(ms) {
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  function labelOf(item) { return item.title + (item.detail ? ': ' + item.detail : ''); }

  // The marker strip lies under rrweb-player's scrubber, exactly as wide and as far in, so a marker at p% stands
  // where the scrubber's handle stands at p% of the time.
  function alignStrip() {
    if (!markersEl) return;
    var progress = stage.querySelector('.rr-progress');
    if (!progress) { markersEl.hidden = true; return; }
    markersEl.hidden = false;
    var bar = progress.getBoundingClientRect();
    var box = markersEl.parentElement.getBoundingClientRect();
    markersEl.style.marginLeft = Math.round(bar.left - box.left) + 'px';
    markersEl.style.width = Math.round(bar.width) + 'px';
  }

  function renderTimeline() {
    timeline.sort(function (a, b) { return a.ts - b.ts; });
    if (markersEl && player) {
      markersEl.textContent = '';
      var total = Math.max(1, player.getMetaData().totalTime);
      // The activity under the markers: how much the visitor did in each fiftieth of the recording.
      var buckets = new Array(50).fill(0);
      activity.forEach(function (a) {
        if (a.windowId !== activeWindow) return;
        buckets[Math.min(49, Math.floor(50 * offsetOf(a.ts) / total))]++;
      });
      var most = Math.max.apply(null, buckets.concat([1]));
      var density = document.createElement('div');
      density.className = 'activity';
      density.setAttribute('aria-hidden', 'true');
      buckets.forEach(function (n) {
        var bar = document.createElement('span');
        bar.style.height = Math.round(100 * n / most) + '%';
        if (n === 0) bar.className = 'idle';
        density.appendChild(bar);
      });
      markersEl.appendChild(density);
      timeline.forEach(function (item, i) {
        if (item.beforePlayback || (item.windowId && item.windowId !== activeWindow)) return;
        if (!/^(page|click|error|custom)$/.test(item.kind)) return;
        var mark = document.createElement('button');
        mark.type = 'button';
        mark.className = 'marker ' + item.kind;
        mark.title = formatTime(offsetOf(item.ts)) + ' ' + labelOf(item);
        mark.setAttribute('aria-label', mark.title);
        mark.setAttribute('data-offset', String(offsetOf(item.ts)));
        mark.setAttribute('data-index', String(i));
        mark.style.left = (100 * Math.min(1, offsetOf(item.ts) / total)) + '%';
        mark.addEventListener('click', function () { seekTo(item); });
        markersEl.appendChild(mark);
      });
      alignStrip();
    }
    root.dispatchEvent(new CustomEvent('timeline'));
  }

  // A hover over the strip shows the time there and the nearest marked event.
  if (markersEl) {
    var tip = document.createElement('div');
    tip.className = 'strip-tip';
    tip.hidden = true;
    markersEl.parentElement.insertBefore(tip, markersEl.nextSibling);
    markersEl.addEventListener('mousemove', function (e) {
      if (!player) return;
      var box = markersEl.getBoundingClientRect();
      var share = Math.max(0, Math.min(1, (e.clientX - box.left) / box.width));
      var at = share * player.getMetaData().totalTime;
      var near = null;
      timeline.forEach(function (item) {
        if (item.beforePlayback || (item.windowId && item.windowId !== activeWindow)) return;
        if (Math.abs(offsetOf(item.ts) - at) < 0.02 * player.getMetaData().totalTime && (!near || Math.abs(offsetOf(item.ts) - at) < Math.abs(offsetOf(near.ts) - at))) near = item;
      });
      tip.textContent = formatTime(at) + (near ? ' · ' + labelOf(near) : '');
      tip.hidden = false;
      tip.style.left = Math.round(e.clientX - markersEl.parentElement.getBoundingClientRect().left) + 'px';
    });
    markersEl.addEventListener('mouseleave', function () { tip.hidden = true; });
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
    // rrweb tells a seek back from its last played event, which it forgets when the replay ends and misdates for a
    // mouse move (its positions reach back in time); taken for a seek forward, it applies the target's events on
    // top of the later page. Going back through the first frame rebuilds from the first page, then moves forward.
    if (offsetMs < currentMs && offsetMs !== firstFrameMs) player.goto(firstFrameMs, false);
    player.goto(offsetMs, false);
    // Rebuilding a page focuses the replay iframe; take focus back so the keyboard shortcuts keep working.
    if (document.activeElement && document.activeElement.tagName === 'IFRAME') root.focus({ preventScroll: true });
    currentMs = offsetMs;
    root.setAttribute('data-current', String(offsetMs));
    highlightCurrent();
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

  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (/INPUT|TEXTAREA|SELECT|BUTTON/.test(tag) && e.key === ' ') return;
    if (/INPUT|TEXTAREA|SELECT/.test(tag)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); seek(currentMs + 5000); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); seek(Math.max(0, currentMs - 5000)); }
    else if (e.key === 'n') { e.preventDefault(); nextError(); }
    else if (/^[1248]$/.test(e.key) && player) { e.preventDefault(); player.setSpeed(Number(e.key)); }
    else if (e.key === 'f' && player) { e.preventDefault(); player.toggleFullscreen(); }
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
        part.lines = new Lines(function (pairs) { add(pairs, false); });
        part.finished = new Promise(function (resolve, reject) { part.resolve = resolve; part.reject = reject; });
        part.finished.catch(function () { /* reported when its turn comes */ });
        part.close = function () { if (part.closed) return; part.closed = true; part.lines.end(); part.resolve(); };
        return part;
      });
      function request(i) {
        var part = parts[i];
        if (!part || part.requested) return;
        part.requested = true;
        fetch(sourceUrl(sources[i]), { credentials: 'same-origin' }).then(function (r) {
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
          renderTimeline();
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
})();
