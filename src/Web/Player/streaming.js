// Streaming a recording's snapshot data: the URL of each source, and its JSON lines parsed a network chunk at a time.
// A line rrweb's player cannot use is skipped and reported (onSkipped) instead of stopping the replay.

export function sourceUrl(snapshotsUrl, source) {
  var url = snapshotsUrl + (snapshotsUrl.indexOf('?') < 0 ? '?' : '&') + 'source=' + encodeURIComponent(source.source);
  if (source.blob_key) url += '&blob_key=' + encodeURIComponent(source.blob_key);
  return url;
}

function parseLines(text, into, onSkipped) {
  text.split('\n').forEach(function (line) {
    if (!line) return;
    var pair = usablePair(line);
    if (pair) into.push({ windowId: pair[0], event: pair[1] });
    else onSkipped();
  });
  return into;
}

// One event rrweb's player cannot use (stored before the server checked rrweb's shapes, or by another writer) would
// stop the whole replay, so such a line is skipped (and counted by the caller) instead of handed to rrweb.
function object(x) { return !!x && typeof x === 'object' && !Array.isArray(x); }

function usablePair(line) {
  var pair;
  try { pair = JSON.parse(line); } catch (e) { pair = null; }
  var e = pair && pair[1];
  var d = e && e.data;
  var ok = Array.isArray(pair) && typeof pair[0] === 'string' && object(e) && typeof e.timestamp === 'number' && isFinite(e.timestamp)
    && [0, 1, 2, 3, 4, 5, 6, 7].indexOf(e.type) >= 0
    && (e.type < 2 || e.type === 7 || object(d))
    && (e.type !== 2 || object(d.node))
    && (e.type !== 4 || typeof d.href === 'string')
    && (e.type !== 6 || d.plugin !== 'rrweb/console@1'
      || (object(d.payload) && typeof d.payload.level === 'string' && Array.isArray(d.payload.payload)));
  return ok ? pair : null;
}

// A part is parsed while it downloads, a network chunk at a time, so that parsing a large cold segment overlaps its
// transfer instead of following it. Measured slower on two cores (docs/benchmarks.md): reading in a worker (its
// copies and second heap), and building the first page as soon as it had arrived rather than at the end of the part
// (the first frame came twice as soon, but handing rrweb the rest of the part event by event cost more than that).
// Lines: takes the text of a part in pieces, hands on the pairs of each complete line.
export function Lines(onPairs, onSkipped) {
  var unended = []; // the pieces of a line whose end has not arrived yet
  this.push = function (text) {
    var end = text.lastIndexOf('\n');
    if (end < 0) { unended.push(text); return; }
    unended.push(text.slice(0, end));
    onPairs(parseLines(unended.join(''), [], onSkipped));
    unended = [text.slice(end + 1)];
  };
  this.end = function () { onPairs(parseLines(unended.join(''), [], onSkipped)); unended = []; };
}

// Reads a response's text a network chunk at a time; onText(text) for each, then onText(null) at its end.
export function readText(response, onText) {
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
export function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

// The hot part's blob key is this plus the number of segments listed before it (SnapshotSource.HotKeyBase).
export const HOT_KEY_BASE = 1000000000;
