'use strict';
// What the file list (app.js) and the operator console (admin.js) share: calls to our API, and making elements whose
// text is set as text, never as markup.
window.OpenWopiUi = Object.freeze({
  /** A same-origin call; 401 (or 499, the sign-in redirect refused) calls signedOut and fails. */
  async api(method, url, { body, contentType, signedOut } = {}) {
    const headers = { 'X-Requested-With': 'JavaScript' };
    if (contentType) { headers['Content-Type'] = contentType; }
    const response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
    if (response.status === 401 || response.status === 499) {
      if (signedOut) { signedOut(); }
      throw new Error('Please sign in again.');
    }
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try { const problem = await response.json(); detail = problem.detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  },

  el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
    return node;
  },
});
