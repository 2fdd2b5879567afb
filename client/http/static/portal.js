// The requester portal's progressive enhancement (client/http/pages/portal-page.ts). The page works
// without it: "Preview" posts the form and the server answers with the page and its quote. With it,
// the preview follows each edit: the same form goes to the same preview route of the portal (the
// session in the URL and the form's CSRF field authorise it; no API token is ever in the browser),
// and the preview and the field messages of the answer replace those on the page. The inputs are
// never replaced, so focus and what is being typed stay as they are. No eval, no inline script.
/* global document, window, fetch, DOMParser, FormData, URLSearchParams, AbortController */
(function () {
  'use strict';
  var form = document.getElementById('change-form');
  var preview = document.getElementById('preview');
  if (!form || !preview || !window.fetch || !window.DOMParser) return;
  var url = form.getAttribute('data-preview-url');
  var timer = null;
  var inFlight = null;
  var sequence = 0;
  document.documentElement.classList.add('live');

  function swap(html, mine) {
    if (mine !== sequence) return;
    var next = new DOMParser().parseFromString(html, 'text/html');
    var nextPreview = next.getElementById('preview');
    if (nextPreview)
      preview.replaceChildren.apply(preview, Array.prototype.slice.call(nextPreview.childNodes));
    var slots = document.querySelectorAll('[data-error-for]');
    for (var i = 0; i < slots.length; i++) {
      var name = slots[i].getAttribute('data-error-for');
      var fresh = next.querySelector('[data-error-for="' + name + '"]');
      slots[i].textContent = fresh ? fresh.textContent : '';
      var field = form.elements.namedItem(name);
      if (field && field.setAttribute)
        field.setAttribute('aria-invalid', slots[i].textContent ? 'true' : 'false');
    }
    document.documentElement.setAttribute('data-preview-updates', String(mine));
  }

  function refresh() {
    timer = null;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    var mine = ++sequence;
    preview.setAttribute('aria-busy', 'true');
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString(),
      signal: inFlight.signal,
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        swap(html, mine);
      })
      .catch(function () {
        // Aborted by a newer edit, or offline: the Preview button still works.
      })
      .finally(function () {
        if (mine === sequence) preview.removeAttribute('aria-busy');
      });
  }

  function schedule() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
