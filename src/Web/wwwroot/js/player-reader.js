// Downloads the parts of a recording for the player off the page's main thread, so that a part keeps arriving at
// network speed while the page parses and replays what came before (read on the main thread, the download stalls
// whenever the page is busy). Asked {part, url}, it answers {part, lines} with whole JSON lines as they arrive, then
// {part, done: true}, or {part, error}.
'use strict';
self.onmessage = function (message) {
  var part = message.data.part;
  fetch(message.data.url, { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) return r.json().catch(function () { return {}; }).then(function (e) {
      throw new Error(e.detail || ('A part of the recording could not be read (' + r.status + ').'));
    });
    var reader = r.body.getReader();
    var decoder = new TextDecoder();
    var unended = []; // the pieces of a line whose end has not arrived yet
    function next() {
      return reader.read().then(function (chunk) {
        var text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
        var end = chunk.done ? text.length : text.lastIndexOf('\n');
        if (end < 0) { unended.push(text); return next(); }
        unended.push(text.slice(0, end));
        var lines = unended.join('');
        unended = [text.slice(end + 1)];
        if (lines) self.postMessage({ part: part, lines: lines });
        if (chunk.done) { self.postMessage({ part: part, done: true }); return; }
        return next();
      });
    }
    return next();
  }).catch(function (e) { self.postMessage({ part: part, error: e.message }); });
};
