// What the player lists: one readable row per thing that happened, from rrweb's data inside the replayable part and
// from the behaviour events (which alone cover the part before playback started). Plain functions, no state: the
// player (player.js) keeps the rows, the inspector (inspector.js) shows them. Served as it is, no bundler.
window.ReplayEvents = (function () {
  'use strict';

  var BEHAVIOUR_TITLES = {
    pageview: 'Page view', click: 'Click', input: 'Input changed', error: 'Error', pageleave: 'Left the page',
    identify: 'Identified', custom: 'Event',
  };
  var CONSOLE_TITLES = { error: 'Console error', warn: 'Console warning', info: 'Console info', log: 'Console log', debug: 'Console debug' };

  // The console plugin stores each argument as JSON text: a string argument arrives quoted.
  function consoleText(args) {
    return (args || []).map(function (a) {
      if (typeof a === 'string' && a.charAt(0) === '"') { try { return JSON.parse(a); } catch (e) { return a; } }
      return String(a);
    }).join(' ');
  }

  function topFrame(trace) {
    var frame = (trace || [])[0];
    return frame ? String(frame).replace(/^\s*at\s+/, '') : '';
  }

  /** A row for an rrweb event, or null for the many the list does not show (mouse moves, DOM changes…). */
  function fromRrweb(event) {
    var d = event.data;
    if (event.type === 4 && d && d.href) return { kind: 'page', title: 'Page view', detail: d.href };
    if (event.type === 3 && d && d.source === 2 && d.type === 2) return { kind: 'click', title: 'Click', detail: '', nodeId: d.id };
    if (event.type === 6 && d && d.plugin === 'rrweb/console@1') {
      var level = (d.payload && d.payload.level) || 'log';
      var text = consoleText(d.payload && d.payload.payload).slice(0, 300);
      var frame = topFrame(d.payload && d.payload.trace);
      var uncaught = /^Uncaught\b/.test(text);
      return {
        kind: level === 'error' ? 'error' : 'console', level: level,
        title: uncaught ? 'Uncaught error' : (CONSOLE_TITLES[level] || 'Console ' + level),
        detail: text + (frame && level === 'error' ? ' — ' + frame : ''), message: text,
      };
    }
    if (event.type === 5 && d) return { kind: 'custom', title: 'Event', detail: String(d.tag || '') };
    return null;
  }

  /** A row for a behaviour event (its type is the SDK's: pageview, click, input, error, console, pageleave…). */
  function fromBehaviour(e) {
    var kind = e.type === 'pageview' ? 'page' : e.type === 'click' ? 'click' : e.type === 'input' ? 'input'
      : e.type === 'error' || (e.type === 'console' && e.name === 'error') ? 'error'
      : e.type === 'custom' ? 'custom' : e.type === 'console' ? 'console' : 'other';
    var title = e.type === 'console' ? (CONSOLE_TITLES[e.name] || 'Console') : (BEHAVIOUR_TITLES[e.type] || e.type);
    var detail;
    if (e.type === 'click') detail = clickDetail(e.selector, e.text);
    else if (e.type === 'input') detail = e.selector || '';
    else if (e.type === 'pageview' || e.type === 'pageleave') detail = (e.url || '') + (e.name && e.type === 'pageview' ? ' · ' + e.name : '');
    else if (e.type === 'error') detail = (e.name || 'Error') + (e.url ? ' — ' + e.url + (e.properties && e.properties.line ? ':' + e.properties.line : '') : '');
    else if (e.type === 'console') detail = e.text || '';
    else if (e.type === 'custom') { title = 'Event: ' + (e.name || ''); detail = ''; }
    else detail = [e.name, e.text, e.url].filter(Boolean).join(' ');
    return { kind: kind, level: e.type === 'console' ? e.name : undefined, title: title, detail: detail, message: e.name || e.text || '' };
  }

  function clickDetail(selector, text) {
    return (selector || '') + (text ? ' “' + text + '”' : '');
  }

  function nearest(rows, ts, kind, within, test) {
    var best = null;
    rows.forEach(function (r) {
      if (r.kind !== kind || r.beforePlayback || Math.abs(r.ts - ts) > within || (test && !test(r))) return;
      if (!best || Math.abs(r.ts - ts) < Math.abs(best.ts - ts)) best = r;
    });
    return best;
  }

  /**
   * Adds the behaviour events to the rows from rrweb's data. Before playback they are the only record; inside the
   * replayable part rrweb already has the clicks, pages and console output, so the behaviour event only names them
   * (a click's selector and text) and an uncaught error, which both record, stays one row.
   */
  function mergeBehaviour(rows, events, replayStart) {
    events.forEach(function (e) {
      // The SDK notes the page view just before rrweb's first snapshot of that page: within a second counts as replayable.
      var before = replayStart == null || e.timestamp < replayStart - 1000;
      var row = fromBehaviour(e);
      row.ts = e.timestamp;
      if (before) { row.beforePlayback = true; rows.push(row); return; }
      if (e.type === 'click') {
        var click = nearest(rows, e.timestamp, 'click', 1000, function (r) { return !r.named; });
        if (click) { click.detail = clickDetail(e.selector, e.text); click.named = true; }
        return;
      }
      if (e.type === 'pageview') {
        var page = nearest(rows, e.timestamp, 'page', 2000, function (r) { return !r.named; });
        if (page) { page.detail = row.detail; page.named = true; }
        return;
      }
      if (e.type === 'console') return; // rrweb's console plugin has each of them, with its stack
      if (e.type === 'error') {
        var message = String(e.name || '');
        var same = nearest(rows, e.timestamp, 'error', 2000, function (r) {
          return !r.fromBehaviour && r.message && (r.message.indexOf(message) >= 0 || message.indexOf(r.message) >= 0);
        });
        if (same) return;
      }
      row.fromBehaviour = true;
      rows.push(row);
    });
    rows.sort(function (a, b) { return a.ts - b.ts; });
    return rows;
  }

  return { fromRrweb: fromRrweb, fromBehaviour: fromBehaviour, mergeBehaviour: mergeBehaviour };
})();
