// Tether console: the one script. Pages work without it; it adds copy buttons, confirmations, the
// setup page's live status, and the lineage graph's highlighting and zoom.
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
  // a form with several buttons (a review's approve, narrow, revoke) asks only for the one pressed
  var message = (event.submitter && event.submitter.getAttribute('data-confirm')) || event.target.getAttribute('data-confirm');
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

// Lineage graphs: hover or focus lights a node's path to the human and everything derived from
// it; zoom buttons scale the drawing (the frame scrolls); details panels open by their anchor.
(function () {
  function walk(svg, start, attr, seen) {
    var todo = [start];
    while (todo.length) {
      var id = todo.pop();
      if (seen[id]) continue;
      seen[id] = true;
      var el = svg.getElementById ? svg.getElementById(id) : document.getElementById(id);
      var next = el && el.getAttribute(attr);
      if (next) todo.push.apply(todo, next.split(' ').filter(Boolean));
    }
    return seen;
  }
  function light(svg, node) {
    var id = node.getAttribute('data-node');
    var up = walk(svg, id, 'data-up', {});
    var down = walk(svg, id, 'data-down', {});
    svg.classList.add('lighting');
    svg.querySelectorAll('.node').forEach(function (n) {
      var k = n.getAttribute('data-node');
      n.classList.toggle('lit', !!(up[k] || down[k]));
    });
    svg.querySelectorAll('.edge').forEach(function (e) {
      var f = e.getAttribute('data-from'), t = e.getAttribute('data-to');
      e.classList.toggle('lit', !!((up[f] && up[t]) || (down[f] && down[t])));
    });
  }
  function unlight(svg) {
    svg.classList.remove('lighting');
    svg.querySelectorAll('.lit').forEach(function (n) { n.classList.remove('lit'); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('svg.lineage-graph').forEach(function (svg) {
      svg.querySelectorAll('.node').forEach(function (node) {
        node.addEventListener('mouseenter', function () { light(svg, node); });
        node.addEventListener('focus', function () { light(svg, node); });
        node.addEventListener('mouseleave', function () { unlight(svg); });
        node.addEventListener('blur', function () { unlight(svg); });
      });
    });
    document.querySelectorAll('[data-zoom]').forEach(function (button) {
      button.addEventListener('click', function () {
        var svg = document.getElementById(button.getAttribute('aria-controls')).querySelector('svg');
        var w = Number(svg.getAttribute('data-width') || svg.getAttribute('width'));
        var h = Number(svg.getAttribute('data-height') || svg.getAttribute('height'));
        svg.setAttribute('data-width', w);
        svg.setAttribute('data-height', h);
        var scale = Number(svg.getAttribute('data-scale') || 1);
        var how = button.getAttribute('data-zoom');
        scale = how === 'in' ? Math.min(scale * 1.25, 4) : how === 'out' ? Math.max(scale / 1.25, 0.25) : 1;
        svg.setAttribute('data-scale', scale);
        svg.setAttribute('width', Math.round(w * scale));
        svg.setAttribute('height', Math.round(h * scale));
      });
    });
  });
})();
// A node's details panel opens on click or Enter even where :target does not apply (a repeated hash).
document.addEventListener('click', function (event) {
  var node = event.target.closest && event.target.closest('svg.lineage-graph a.node');
  if (!node) return;
  var panel = document.getElementById(node.getAttribute('href').slice(1));
  if (!panel) return;
  document.querySelectorAll('.node-details.open').forEach(function (p) { p.classList.remove('open'); });
  panel.classList.add('open');
});
