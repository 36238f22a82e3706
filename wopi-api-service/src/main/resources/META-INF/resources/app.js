'use strict';
// The file list of the signed-in user. Everything a server sends is put into the page as text, never as markup.
(function () {
  const state = { path: [{ id: 'root', name: 'My files' }] };
  const $ = (id) => document.getElementById(id);

  async function api(method, url, body, contentType) {
    const headers = { 'X-Requested-With': 'JavaScript' };
    if (contentType) { headers['Content-Type'] = contentType; }
    const response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
    if (response.status === 401 || response.status === 499) {
      showSignIn();
      throw new Error('Please sign in again.');
    }
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try { const problem = await response.json(); detail = problem.detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
    return node;
  }

  function status(message) { $('status').textContent = message || ''; }

  function showSignIn() {
    $('main').hidden = true;
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
  }

  function folder() { return state.path[state.path.length - 1]; }

  function size(bytes) {
    if (bytes < 1024) { return bytes + ' B'; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + ' KB'; }
    return (bytes / 1048576).toFixed(1) + ' MB';
  }

  function button(label, action) {
    const b = el('button', label, { type: 'button' });
    b.addEventListener('click', () => action().catch((e) => status(e.message)));
    return b;
  }

  function renderBreadcrumbs() {
    const nav = $('breadcrumbs');
    nav.replaceChildren();
    state.path.forEach((entry, index) => {
      const link = el('a', entry.name, { href: '#' });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        state.path = state.path.slice(0, index + 1);
        load().catch((e) => status(e.message));
      });
      nav.append(link, document.createTextNode(index < state.path.length - 1 ? ' / ' : ''));
    });
  }

  async function load() {
    renderBreadcrumbs();
    const listing = await api('GET', '/api/folders/' + encodeURIComponent(folder().id));
    const body = $('listing').querySelector('tbody');
    body.replaceChildren();
    listing.folders.forEach((f) => {
      const row = el('tr');
      const name = el('a', f.name + '/', { href: '#' });
      name.addEventListener('click', (event) => {
        event.preventDefault();
        state.path.push({ id: f.id, name: f.name });
        load().catch((e) => status(e.message));
      });
      const cell = el('td');
      cell.append(name);
      row.append(cell, el('td', ''), el('td', ''), el('td', ''), el('td', ''));
      body.append(row);
    });
    listing.files.forEach((f) => body.append(fileRow(f)));
  }

  function fileRow(file) {
    const row = el('tr', null, { 'data-file-id': file.id });
    row.append(el('td', file.name, { class: 'name' }), el('td', size(file.size)),
      el('td', file.updatedAt ? new Date(file.updatedAt).toLocaleString() : ''));
    const office = el('td', null, { class: 'lock' });
    if (file.lockedBy) {
      office.textContent = 'Locked by ' + file.lockedBy.userId + ' since ' + new Date(file.lockedBy.since).toLocaleString();
      office.append(' ', button('Unlock', async () => {
        if (!confirm('Break the lock? Unsaved changes in Office may be lost.')) { return; }
        await api('DELETE', '/api/files/' + encodeURIComponent(file.id) + '/lock');
        status('Unlocked ' + file.name);
        await load();
      }));
    }
    const actions = el('td');
    const view = el('a', 'View', { href: '/host/' + encodeURIComponent(file.id) + '?action=view', class: 'button' });
    const edit = el('a', 'Edit', { href: '/host/' + encodeURIComponent(file.id) + '?action=edit', class: 'button' });
    actions.append(view, edit,
      button('Versions', () => versions(file)),
      button('Download', async () => { window.location.href = '/api/files/' + encodeURIComponent(file.id) + '/content'; }),
      button('Delete', async () => {
        if (!confirm('Delete ' + file.name + '?')) { return; }
        await api('DELETE', '/api/files/' + encodeURIComponent(file.id));
        status('Deleted ' + file.name);
        await load();
      }));
    row.append(office, actions);
    return row;
  }

  async function versions(file) {
    const list = await api('GET', '/api/files/' + encodeURIComponent(file.id) + '/versions');
    $('versions-name').textContent = file.name;
    const ol = $('versions-list');
    ol.replaceChildren();
    list.forEach((v, index) => {
      const item = el('li', 'Version ' + v.version + ', ' + size(v.size) + ', ' + (v.createdBy || '') + ', '
        + new Date(v.createdAt).toLocaleString() + ' ');
      if (index > 0) {
        item.append(button('Restore', async () => {
          await api('POST', '/api/files/' + encodeURIComponent(file.id) + '/versions/' + v.version + '/restore');
          status('Restored version ' + v.version + ' of ' + file.name);
          $('versions').hidden = true;
          await load();
        }));
      }
      ol.append(item);
    });
    $('versions').hidden = false;
  }

  async function upload(files) {
    for (const file of files) {
      status('Uploading ' + file.name + '\u2026');
      const query = '?name=' + encodeURIComponent(file.name) + '&folderId=' + encodeURIComponent(folder().id);
      await api('POST', '/api/files' + query, file, 'application/octet-stream');
    }
    status('Uploaded ' + files.length + ' file(s)');
    await load();
  }

  async function start() {
    let me;
    try {
      me = await api('GET', '/api/me');
    } catch (e) {
      return;
    }
    $('user').textContent = me.displayName;
    $('sign-out').hidden = false;
    $('main').hidden = false;
    $('upload').addEventListener('change', (event) => upload([...event.target.files]).catch((e) => status(e.message)));
    $('new-folder').addEventListener('submit', (event) => {
      event.preventDefault();
      api('POST', '/api/folders', JSON.stringify({ name: $('folder-name').value, parentId: folder().id }), 'application/json')
        .then(() => { $('folder-name').value = ''; return load(); })
        .catch((e) => status(e.message));
    });
    $('versions-close').addEventListener('click', () => { $('versions').hidden = true; });
    await load();
    // The host page sends Office's "file versions" and "share" buttons here.
    const hash = window.location.hash;
    if (hash.startsWith('#versions/')) {
      const file = await api('GET', '/api/files/' + encodeURIComponent(decodeURIComponent(hash.slice('#versions/'.length))));
      await versions(file);
    } else if (hash.startsWith('#file/')) {
      status('Sharing is not available on this server.');
    }
  }

  start().catch((e) => status(e.message));
})();
