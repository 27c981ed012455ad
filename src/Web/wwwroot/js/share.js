// The public link panel. Turning the link on, renewing or turning it off is sent without leaving the page, so the
// player keeps playing at its time and the new link (shown only once) appears at once, in view and selected.
// Without scripts the forms post as usual and the page comes back with the link.
(function () {
  'use strict';
  var root = document.getElementById('player-root');

  function wire() {
    var input = document.getElementById('share-link');
    var atTime = document.getElementById('share-at-time');
    var copy = document.getElementById('share-copy');
    if (input) {
      var update = function () {
        var seconds = Math.floor(Number((root && root.getAttribute('data-current')) || '0') / 1000);
        input.value = input.getAttribute('data-base') + (atTime && atTime.checked && seconds > 0 ? '?t=' + seconds : '');
      };
      if (atTime) atTime.addEventListener('change', update);
      if (copy) copy.addEventListener('click', function () {
        update();
        input.select();
        if (navigator.clipboard) navigator.clipboard.writeText(input.value).catch(function () { document.execCommand('copy'); });
        else document.execCommand('copy');
        copy.textContent = 'Copied';
      });
    }
    document.querySelectorAll('#share-panel form[data-share]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.fetch || !window.DOMParser) return;
        e.preventDefault();
        var button = form.querySelector('button[type=submit]');
        if (button) button.disabled = true;
        fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var panel = doc.getElementById('share-panel');
            var errors = doc.querySelector('.alert.error');
            if (!panel) { form.submit(); return; }
            var here = document.getElementById('share-panel');
            here.innerHTML = panel.innerHTML;
            if (errors) here.insertBefore(errors, here.children[1] || null);
            var message = doc.querySelector('#page-message');
            var mine = document.getElementById('page-message');
            if (message && mine) mine.innerHTML = message.innerHTML;
            wire();
            var link = document.getElementById('share-link');
            if (link) { link.scrollIntoView({ block: 'center' }); link.focus(); link.select(); }
          })
          .catch(function () { form.submit(); });
      });
    });
  }
  wire();
})();
