// Copies the public link, optionally starting at the player's current time (?t=SECONDS).
(function () {
  'use strict';
  var input = document.getElementById('share-link');
  var atTime = document.getElementById('share-at-time');
  var copy = document.getElementById('share-copy');
  var root = document.getElementById('player-root');
  if (!input) return;
  function update() {
    var seconds = Math.floor(Number((root && root.getAttribute('data-current')) || '0') / 1000);
    input.value = input.getAttribute('data-base') + (atTime && atTime.checked && seconds > 0 ? '?t=' + seconds : '');
  }
  if (atTime) atTime.addEventListener('change', update);
  if (copy) copy.addEventListener('click', function () {
    update();
    input.select();
    if (navigator.clipboard) navigator.clipboard.writeText(input.value).catch(function () { document.execCommand('copy'); });
    else document.execCommand('copy');
    copy.textContent = 'Copied';
  });
})();
