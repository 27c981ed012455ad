// The inspector beside the player: tabs (Events, Console, Summary), the event rows with search and a type filter,
// the current one highlighted while playing, console output by level, and j/k through the playlist.
(function () {
  'use strict';
  var root = document.getElementById('player-root');
  var P = window.RecordingsPlayer;
  var listEl = document.getElementById('player-events');
  var consoleEl = document.getElementById('player-console');
  var search = document.getElementById('events-search');
  var kindSelect = document.getElementById('events-kind');
  var levelSelect = document.getElementById('console-level');
  if (!root || !listEl) return;

  // Tabs, as WAI-ARIA describes them: arrow keys move between tabs, each tab shows its panel.
  var tabs = Array.prototype.slice.call(document.querySelectorAll('.inspector [role=tab]'));
  function select(tab) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', String(on));
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    });
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { select(tab); });
    tab.addEventListener('keydown', function (e) {
      var step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      var next = tabs[(i + step + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });

  function clock(ts) { return new Date(ts).toISOString().slice(11, 19); }

  function row(item, index) {
    var li = document.createElement('li');
    li.className = 'event ' + item.kind + (item.beforePlayback ? ' before' : '');
    var button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('data-index', String(index));
    var time = document.createElement('span');
    time.className = 'time';
    // Before playback there is no replay time: the row says when it happened, by the clock (UTC).
    time.textContent = item.beforePlayback ? clock(item.ts) : P.formatTime(P.offsetOf(item.ts));
    var text = document.createElement('span');
    text.className = 'label';
    var title = document.createElement('strong');
    title.textContent = item.title;
    text.appendChild(title);
    if (item.detail) {
      var detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = item.detail;
      text.appendChild(detail);
    }
    button.appendChild(time);
    button.appendChild(text);
    button.disabled = !!item.beforePlayback || !P.ready;
    if (item.beforePlayback) button.title = 'Recorded before playback started: not replayable';
    button.addEventListener('click', function () { P.seekTo(item); });
    li.appendChild(button);
    return li;
  }

  function heading(text) {
    var li = document.createElement('li');
    li.className = 'section';
    li.textContent = text;
    return li;
  }

  function visible(item) {
    if (item.windowId && P.activeWindow && item.windowId !== P.activeWindow) return false;
    var kind = kindSelect ? kindSelect.value : '';
    if (kind === 'other' ? /^(page|click|input|error|custom)$/.test(item.kind) : kind && item.kind !== kind) return false;
    var q = search ? search.value.trim().toLowerCase() : '';
    return !q || (item.title + ' ' + (item.detail || '')).toLowerCase().indexOf(q) >= 0;
  }

  function render() {
    var rows = P.timeline;
    listEl.textContent = '';
    marks = null;
    var before = rows.filter(function (r) { return r.beforePlayback; });
    var shown = 0;
    if (before.length) listEl.appendChild(heading('Before playback started (not replayable)'));
    rows.forEach(function (item, i) {
      if (!item.beforePlayback || !visible(item)) return;
      listEl.appendChild(row(item, i)); shown++;
    });
    var replayable = rows.some(function (r) { return !r.beforePlayback; });
    if (before.length && replayable) listEl.appendChild(heading('Replay'));
    rows.forEach(function (item, i) {
      if (item.beforePlayback || item.kind === 'console' || !visible(item)) return;
      listEl.appendChild(row(item, i)); shown++;
    });
    setCount('events-count', shown);
    // One error, one row: the count beside the list is the rows the list has for errors.
    var errors = rows.filter(function (r) { return r.kind === 'error' && (!r.windowId || !P.activeWindow || r.windowId === P.activeWindow); }).length;
    var errorsEl = document.getElementById('list-errors');
    if (errorsEl) errorsEl.textContent = String(errors);
    renderConsole();
    highlight();
  }

  function renderConsole() {
    if (!consoleEl) return;
    consoleEl.textContent = '';
    var level = levelSelect ? levelSelect.value : '';
    var n = 0;
    P.timeline.forEach(function (item, i) {
      if (!item.level || (level && item.level !== level)) return;
      if (item.windowId && P.activeWindow && item.windowId !== P.activeWindow) return;
      consoleEl.appendChild(row(item, i)); n++;
    });
    if (!n) consoleEl.appendChild(heading(level ? 'Nothing at this level.' : 'No console output was recorded.'));
    setCount('console-count', n);
  }

  function setCount(id, n) { var el = document.getElementById(id); if (el) el.textContent = String(n); }

  // The last event at or before the player's time is the current one; the list keeps it in view while playing. This
  // runs on every seek and every frame of playback, so the list's buttons and their replay times are kept from one
  // call to the next (until the list is drawn again or another player is made) and only rows whose state changes are
  // touched: going through all rows' classes each time cost a long recording's seek about 15 ms.
  var marks = null; // { player, buttons, at (ms into the replay; Infinity before playback), past, current }
  function highlight() {
    if (!P.ready) return;
    if (!marks || marks.player !== P.player) {
      var buttons = Array.prototype.slice.call(listEl.querySelectorAll('button[data-index]'));
      marks = {
        player: P.player, buttons: buttons, current: null,
        at: buttons.map(function (b) {
          var item = P.timeline[Number(b.getAttribute('data-index'))];
          return !item || item.beforePlayback ? Infinity : P.offsetOf(item.ts);
        }),
        past: buttons.map(function (b) { b.classList.remove('past', 'current'); return false; }),
      };
    }
    var now = P.currentMs;
    var current = null;
    for (var i = 0; i < marks.buttons.length; i++) {
      var past = marks.at[i] <= now;
      if (past !== marks.past[i]) { marks.buttons[i].classList.toggle('past', past); marks.past[i] = past; }
      if (past) current = marks.buttons[i];
    }
    if (current !== marks.current) {
      if (marks.current) marks.current.classList.remove('current');
      if (current) current.classList.add('current');
      marks.current = current;
    }
    if (current && root.getAttribute('data-state') === 'playing') {
      var box = listEl.getBoundingClientRect(), at = current.getBoundingClientRect();
      if (at.top < box.top || at.bottom > box.bottom) listEl.scrollTop += at.top - box.top - box.height / 2;
    }
  }

  root.addEventListener('timeline', render);
  root.addEventListener('time', highlight);
  if (search) search.addEventListener('input', render);
  if (kindSelect) kindSelect.addEventListener('change', render);
  if (levelSelect) levelSelect.addEventListener('change', renderConsole);

  // j / k: the next or previous recording of the playlist (the list the admin came from).
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (/INPUT|TEXTAREA|SELECT/.test(tag) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key !== 'j' && e.key !== 'k') return;
    var links = Array.prototype.slice.call(document.querySelectorAll('#playlist a'));
    var at = links.findIndex(function (a) { return a.getAttribute('aria-current') === 'true'; });
    var next = links[at + (e.key === 'j' ? 1 : -1)];
    if (at >= 0 && next) { e.preventDefault(); window.location.assign(next.href); }
  });
  var playlist = document.getElementById('playlist');
  var current = document.querySelector('#playlist [aria-current=true]');
  if (playlist && current) playlist.scrollTop = Math.max(0, current.offsetTop - playlist.offsetTop - 40);
})();
