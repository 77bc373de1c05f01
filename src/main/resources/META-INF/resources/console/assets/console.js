// Tether console: the one script. Pages work without it; it only adds copy buttons, confirmations
// and the setup page's live status.
document.addEventListener('click', function (event) {
  var copy = event.target.closest('[data-copy]');
  if (copy) {
    var source = document.getElementById(copy.getAttribute('data-copy'));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        copy.textContent = 'Copied';
      });
    }
  }
});
document.addEventListener('submit', function (event) {
  var message = event.target.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Setup page: while it waits for the identity provider, ask every 2 s how its requests went.
(function () {
  var panel = document.querySelector('[data-poll]');
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute('data-poll');
  function show(status) {
    panel.className = panel.className.replace(/\b(waiting|connected|user-seen|error)\b/g, '').trim() + ' ' + status.state;
    panel.setAttribute('data-state', status.state);
    var headline = panel.querySelector('[data-progress="headline"]');
    var fix = panel.querySelector('[data-progress="fix"]');
    if (headline && headline.textContent !== status.headline) {
      headline.textContent = status.headline;
    }
    if (fix) {
      fix.textContent = status.fix || '';
      fix.hidden = !status.fix;
    }
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (status) {
        if (status) {
          show(status);
        }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
