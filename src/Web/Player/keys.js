// The player's keyboard shortcuts: space plays or pauses, arrows move five seconds, n goes to the next error, 1 2 4 8
// set the speed, f toggles full screen. Never while the admin types in a field.
export function bindKeys(actions) {
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (/INPUT|TEXTAREA|SELECT|BUTTON/.test(tag) && e.key === ' ') return;
    if (/INPUT|TEXTAREA|SELECT/.test(tag)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') { e.preventDefault(); actions.togglePlay(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); actions.seekBy(5000); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); actions.seekBy(-5000); }
    else if (e.key === 'n') { e.preventDefault(); actions.nextError(); }
    else if (/^[1248]$/.test(e.key) && actions.player()) { e.preventDefault(); actions.player().setSpeed(Number(e.key)); }
    else if (e.key === 'f' && actions.player()) { e.preventDefault(); actions.player().toggleFullscreen(); }
  });
}
