// The timeline's words and the marker strip under rrweb-player's scrubber.

export function formatTime(ms) {
  var s = Math.floor(ms / 1000);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

export function labelOf(item) { return item.title + (item.detail ? ': ' + item.detail : ''); }

// The marker strip lies under rrweb-player's scrubber, exactly as wide and as far in, so a marker at p% stands
// where the scrubber's handle stands at p% of the time.
export function alignStrip(stage, markersEl) {
  if (!markersEl) return;
  var progress = stage.querySelector('.rr-progress');
  if (!progress) { markersEl.hidden = true; return; }
  markersEl.hidden = false;
  var bar = progress.getBoundingClientRect();
  var box = markersEl.parentElement.getBoundingClientRect();
  markersEl.style.marginLeft = Math.round(bar.left - box.left) + 'px';
  markersEl.style.width = Math.round(bar.width) + 'px';
}

// The marker strip under the scrubber: the visitor's activity in fiftieths of the recording, and a marker for each
// page, click, error and custom event of the tab shown. view: {markersEl, stage, total (ms), timeline, activity,
// activeWindow, offsetOf(ts), onSeek(item)}.
export function renderStrip(view) {
  var markersEl = view.markersEl, total = view.total, activeWindow = view.activeWindow, offsetOf = view.offsetOf;
  markersEl.textContent = '';
  // The activity under the markers: how much the visitor did in each fiftieth of the recording.
  var buckets = new Array(50).fill(0);
  view.activity.forEach(function (a) {
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
  view.timeline.forEach(function (item, i) {
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
    mark.addEventListener('click', function () { view.onSeek(item); });
    markersEl.appendChild(mark);
  });
  alignStrip(view.stage, markersEl);
}

// A hover over the strip shows the time there and the nearest marked event. view: {markersEl, player(), timeline(),
// activeWindow(), offsetOf(ts)}.
export function bindStripTip(view) {
  var markersEl = view.markersEl;
  var tip = document.createElement('div');
  tip.className = 'strip-tip';
  tip.hidden = true;
  markersEl.parentElement.insertBefore(tip, markersEl.nextSibling);
  markersEl.addEventListener('mousemove', function (e) {
    var player = view.player();
    if (!player) return;
    var box = markersEl.getBoundingClientRect();
    var share = Math.max(0, Math.min(1, (e.clientX - box.left) / box.width));
    var at = share * player.getMetaData().totalTime;
    var near = null;
    view.timeline().forEach(function (item) {
      if (item.beforePlayback || (item.windowId && item.windowId !== view.activeWindow())) return;
      if (Math.abs(view.offsetOf(item.ts) - at) < 0.02 * player.getMetaData().totalTime && (!near || Math.abs(view.offsetOf(item.ts) - at) < Math.abs(view.offsetOf(near.ts) - at))) near = item;
    });
    tip.textContent = formatTime(at) + (near ? ' · ' + labelOf(near) : '');
    tip.hidden = false;
    tip.style.left = Math.round(e.clientX - markersEl.parentElement.getBoundingClientRect().left) + 'px';
  });
  markersEl.addEventListener('mouseleave', function () { tip.hidden = true; });
}
