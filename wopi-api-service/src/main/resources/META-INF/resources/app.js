'use strict';
// The file list of the signed-in user. Everything a server sends is put into the page as text, never as markup.
(function () {
  const state = { path: [{ id: 'root', name: 'My files' }] };
  const $ = (id) => document.getElementById(id);

  const api = (method, url, body, contentType) => OpenWopiUi.api(method, url, { body, contentType, signedOut: showSignIn });
  const el = OpenWopiUi.el;

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

  function folderRow(f, role) {
    const row = el('tr', null, { 'data-folder-id': f.id });
    const name = el('a', f.name + '/', { href: '#' });
    name.addEventListener('click', (event) => {
      event.preventDefault();
      state.path.push({ id: f.id, name: f.name });
      load().catch((e) => status(e.message));
    });
    const cell = el('td');
    cell.append(name);
    const actions = el('td');
    if (role === 'owner') {
      actions.append(button('Share', () => sharing('folders', f)));
    }
    row.append(cell, el('td', ''), el('td', role === 'owner' ? '' : shownRole(role)), el('td', ''), actions);
    return row;
  }

  function shownRole(role) { return role === 'editor' ? 'Can edit' : role === 'viewer' ? 'View only' : ''; }

  async function load() {
    renderBreadcrumbs();
    const body = $('listing').querySelector('tbody');
    if (folder().id === 'shared') {
      // What others share with this user: each item with the role they have on it.
      const shared = await api('GET', '/api/shared-with-me?limit=1000');
      body.replaceChildren();
      $('write-actions').hidden = true;
      shared.folders.forEach((f) => body.append(folderRow(f.folder, f.role)));
      shared.files.forEach((f) => body.append(fileRow(f.file, f.role)));
      await openWith(shared.files.map((f) => ({ file: f.file, role: f.role })));
      return;
    }
    const listing = await api('GET', '/api/folders/' + encodeURIComponent(folder().id));
    body.replaceChildren();
    // A viewer gets no upload and no new folder here: the server would refuse them anyway.
    $('write-actions').hidden = listing.role === 'viewer';
    listing.folders.forEach((f) => body.append(folderRow(f, listing.role)));
    listing.files.forEach((f) => body.append(fileRow(f, listing.role)));
    await openWith(listing.files.map((f) => ({ file: f, role: listing.role })));
  }

  function extension(name) {
    const dot = name.lastIndexOf('.');
    return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  }

  // "Open with…" on the rows whose file more than one WOPI client can open (the operator's rules decide which).
  async function openWith(rows) {
    const byAction = { edit: new Set(), view: new Set() };
    rows.forEach(({ file, role }) => {
      const ext = extension(file.name);
      if (/^[a-z0-9]{1,16}$/.test(ext)) { byAction[role === 'viewer' ? 'view' : 'edit'].add(ext); }
    });
    for (const action of ['edit', 'view']) {
      const exts = [...byAction[action]].slice(0, 50);
      if (exts.length === 0) { continue; }
      let offers;
      try {
        offers = await api('GET', '/api/open-with?action=' + action + exts.map((e) => '&ext=' + encodeURIComponent(e)).join(''));
      } catch (e) {
        continue; // The plain View and Edit still work; only the choice is missing.
      }
      rows.filter(({ role }) => (role === 'viewer' ? 'view' : 'edit') === action).forEach(({ file }) => {
        const clients = offers[extension(file.name)] || [];
        const row = document.querySelector('tr[data-file-id="' + CSS.escape(file.id) + '"] td:last-child');
        if (clients.length < 2 || !row) { return; }
        const choose = el('select', null, { 'aria-label': 'Open ' + file.name + ' with', class: 'open-with' });
        choose.append(el('option', 'Open with\u2026', { value: '' }));
        clients.forEach((c) => choose.append(el('option', c.app + ' (' + c.client + ')', { value: c.client })));
        choose.addEventListener('change', () => {
          if (!choose.value) { return; }
          window.location.href = '/host/' + encodeURIComponent(file.id) + '?action=' + action + '&client=' + encodeURIComponent(choose.value);
        });
        row.append(choose);
      });
    }
  }

  // The "New" menu: the kinds the configured WOPI clients can create, then the operator's templates.
  async function loadNewMenu() {
    const menu = await api('GET', '/api/files/new');
    const select = $('new-document');
    menu.blank.forEach((c) => select.append(el('option', c.label + ' (.' + c.kind + ')', { value: 'kind=' + c.kind })));
    menu.templates.forEach((t) => select.append(el('option', 'Template: ' + t.name + ' (.' + t.kind + ')',
      { value: 'template=' + encodeURIComponent(t.template) })));
    select.addEventListener('change', () => {
      const what = select.value;
      select.value = '';
      if (!what) { return; }
      status('Creating\u2026');
      api('POST', '/api/files/new?' + what + '&folderId=' + encodeURIComponent(folder().id))
        .then((created) => { window.location.href = created.hostUrl; })
        .catch((e) => status(e.message));
    });
  }

  function fileRow(file, role) {
    const row = el('tr', null, { 'data-file-id': file.id });
    row.append(el('td', file.name, { class: 'name' }), el('td', size(file.size)),
      el('td', file.updatedAt ? new Date(file.updatedAt).toLocaleString() : ''));
    const office = el('td', null, { class: 'lock' });
    if (file.lockedBy) {
      // Co-authors share one lock: everyone in the session is named, the first to open it first.
      const users = (file.lockedBy.users && file.lockedBy.users.length) ? file.lockedBy.users : [file.lockedBy.userId];
      office.textContent = 'Locked by ' + users.join(', ') + ' since ' + new Date(file.lockedBy.since).toLocaleString();
      office.append(' ', button('Unlock', async () => {
        if (!confirm('Break the lock? Unsaved changes in Office may be lost.')) { return; }
        await api('DELETE', '/api/files/' + encodeURIComponent(file.id) + '/lock');
        status('Unlocked ' + file.name);
        await load();
      }));
    }
    const actions = el('td');
    const view = el('a', 'View', { href: '/host/' + encodeURIComponent(file.id) + '?action=view', class: 'button' });
    actions.append(view);
    if (role !== 'viewer') {
      actions.append(el('a', 'Edit', { href: '/host/' + encodeURIComponent(file.id) + '?action=edit', class: 'button' }));
      if (['doc', 'xls', 'ppt'].includes(extension(file.name))) {
        // The WOPI client converts it and saves the result back (in place or as a copy, as the operator chose).
        actions.append(button('Convert to modern format', async () => {
          if (!confirm('Convert ' + file.name + ' to the modern format? The original stays available.')) { return; }
          window.location.href = '/host/' + encodeURIComponent(file.id) + '?action=convert';
        }));
      }
    }
    actions.append(button('Versions', () => versions(file)),
      button('Download', async () => { window.location.href = '/api/files/' + encodeURIComponent(file.id) + '/content'; }));
    if (role === 'owner') {
      actions.append(button('Share', () => sharing('files', file)), button('Delete', async () => {
        if (!confirm('Delete ' + file.name + '?')) { return; }
        await api('DELETE', '/api/files/' + encodeURIComponent(file.id));
        status('Deleted ' + file.name);
        await load();
      }));
    } else {
      office.append(shownRole(role));
    }
    row.append(office, actions);
    return row;
  }

  // The share dialog of a file or folder ("files" or "folders"), the owner's alone.
  async function sharing(kind, item) {
    state.sharing = { kind, item };
    $('sharing-name').textContent = item.name;
    const shares = await api('GET', '/api/' + kind + '/' + encodeURIComponent(item.id) + '/shares');
    const body = $('sharing-list').querySelector('tbody');
    body.replaceChildren();
    shares.forEach((share) => {
      const row = el('tr', null, { 'data-share-id': share.id });
      const role = el('select', null, { 'aria-label': 'Role of ' + share.granteeName });
      [['viewer', 'Can view'], ['editor', 'Can edit']].forEach(([value, label]) => {
        const option = el('option', label, { value });
        option.selected = share.role === value;
        role.append(option);
      });
      role.addEventListener('change', () => api('PATCH', '/api/shares/' + encodeURIComponent(share.id),
        JSON.stringify({ role: role.value }), 'application/json')
        .then(() => status('Changed ' + share.granteeName + ' to ' + shownRole(role.value)))
        .catch((e) => status(e.message)));
      const roleCell = el('td');
      roleCell.append(role);
      const remove = el('td');
      remove.append(button('Remove', async () => {
        await api('DELETE', '/api/shares/' + encodeURIComponent(share.id));
        status('No longer shared with ' + share.granteeName);
        await sharing(kind, item);
      }));
      row.append(el('td', (share.granteeType === 'group' ? 'Group ' : '') + share.granteeName), roleCell, remove);
      body.append(row);
    });
    $('sharing').hidden = false;
  }

  async function versions(file) {
    const list = await api('GET', '/api/files/' + encodeURIComponent(file.id) + '/versions');
    $('versions-name').textContent = file.name;
    const ol = $('versions-list');
    ol.replaceChildren();
    list.forEach((v, index) => {
      // Every editor of a co-authored version, the one who saved it first.
      const editors = (v.editors && v.editors.length) ? v.editors.join(', ') : (v.createdBy || '');
      // A version written under another name (the legacy file before a conversion in place) says so.
      const named = v.name && v.name !== file.name ? ' (as ' + v.name + ')' : '';
      const item = el('li', 'Version ' + v.version + named + ', ' + size(v.size) + ', ' + editors + ', '
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
    // Refused saves, for those who may edit (anyone else is refused, and sees none).
    const kept = await api('GET', '/api/files/' + encodeURIComponent(file.id) + '/unsaved').catch(() => []);
    const ul = $('unsaved-list');
    ul.replaceChildren();
    const reasons = { 'lock-mismatch': 'the document was locked by another session', 'lock-lost': 'Office had lost its lock',
      changed: 'the document had changed meanwhile', fenced: 'a newer editor had taken over' };
    kept.forEach((u) => {
      const item = el('li', 'By ' + u.userId + ', ' + new Date(u.createdAt).toLocaleString() + ', ' + size(u.size)
        + ' (' + (reasons[u.reason] || u.reason) + ') ');
      const base = '/api/files/' + encodeURIComponent(file.id) + '/unsaved/' + encodeURIComponent(u.id);
      item.append(button('Restore', async () => {
        if (!confirm('Make these changes the newest version of ' + file.name + '?')) { return; }
        await api('POST', base + '/restore');
        status('Restored the unsaved changes of ' + u.userId + ' as the newest version of ' + file.name);
        $('versions').hidden = true;
        await load();
      }), el('a', 'Download', { href: base + '/content', class: 'button' }), button('Discard', async () => {
        if (!confirm('Discard these unsaved changes for good?')) { return; }
        await api('DELETE', base);
        await versions(file);
      }));
      ul.append(item);
    });
    $('unsaved').hidden = kept.length === 0;
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
    loadNewMenu().catch(() => { $('new-document').closest('label').hidden = true; });
    $('versions-close').addEventListener('click', () => { $('versions').hidden = true; });
    $('sharing-close').addEventListener('click', () => { $('sharing').hidden = true; });
    $('sharing-add').addEventListener('submit', (event) => {
      event.preventDefault();
      const { kind, item } = state.sharing;
      const request = { granteeType: $('sharing-type').value, grantee: $('sharing-grantee').value, role: $('sharing-role').value };
      api('POST', '/api/' + kind + '/' + encodeURIComponent(item.id) + '/shares', JSON.stringify(request), 'application/json')
        .then(() => { status('Shared ' + item.name + ' with ' + request.grantee); $('sharing-grantee').value = ''; return sharing(kind, item); })
        .catch((e) => status(e.message));
    });
    $('place-mine').addEventListener('click', (event) => {
      event.preventDefault();
      state.path = [{ id: 'root', name: 'My files' }];
      load().catch((e) => status(e.message));
    });
    $('place-shared').addEventListener('click', (event) => {
      event.preventDefault();
      state.path = [{ id: 'shared', name: 'Shared with me' }];
      load().catch((e) => status(e.message));
    });
    const hash = window.location.hash;
    if (hash === '#shared') {
      state.path = [{ id: 'shared', name: 'Shared with me' }];
    } else if (hash.startsWith('#folder/')) {
      // A folder's share URL (Office's Share button, WOPI GetShareUrl): the folder, under the user's own files or
      // under what is shared with them.
      const id = decodeURIComponent(hash.slice('#folder/'.length));
      try {
        const listing = await api('GET', '/api/folders/' + encodeURIComponent(id) + '?limit=1');
        // A home folder has no name: it is the user's own "My files".
        state.path = listing.name == null ? [{ id: 'root', name: 'My files' }]
          : [listing.role === 'owner' ? { id: 'root', name: 'My files' } : { id: 'shared', name: 'Shared with me' },
            { id: id, name: listing.name }];
      } catch (e) {
        status('That folder is not there or not shared with you (' + e.message + ')');
      }
    }
    await load();
    // The host page sends Office's "file versions" and "share" buttons here.
    if (hash.startsWith('#versions/')) {
      const file = await api('GET', '/api/files/' + encodeURIComponent(decodeURIComponent(hash.slice('#versions/'.length))));
      await versions(file);
    } else if (hash.startsWith('#share/')) {
      const file = await api('GET', '/api/files/' + encodeURIComponent(decodeURIComponent(hash.slice('#share/'.length))));
      await sharing('files', file);
    }
  }

  start().catch((e) => status(e.message));
})();
