// The environment page: copy the snippet; "Unlimited" greys out the number it makes meaningless.
(function () {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).innerText;
      var done = function () { button.textContent = 'Copied'; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { button.textContent = 'Select the text and copy it'; });
      else done();
    });
  });
  var unlimited = document.getElementById('quotaUnlimited');
  var quota = document.getElementById('playbackQuota');
  if (unlimited && quota) quota.disabled = unlimited.checked;
  if (unlimited && quota) unlimited.addEventListener('change', function () {
    quota.disabled = unlimited.checked;
    if (unlimited.checked) quota.value = '';
    else quota.focus();
  });
})();
