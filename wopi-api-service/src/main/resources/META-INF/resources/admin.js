'use strict';
// The operator console. Everything a server sends is put into the page as text, never as markup.
(function () {
  const $ = (id) => document.getElementById(id);
  let lockCursor = '0';

  const api = (method, url) => OpenWopiUi.api(method, url, { signedOut: () => { $('sign-in').hidden = false; } });
  const el = OpenWopiUi.el;

  function row(cells) {
    const tr = el('tr');
    cells.forEach((cell) => {
      if (cell instanceof Node) { const td = el('td'); td.append(cell); tr.append(td); } else { tr.append(el('td', cell)); }
    });
    return tr;
  }

  function when(instant) { return instant ? new Date(instant).toLocaleString() : ''; }
  function status(message) { $('status').textContent = message || ''; }

  async function loadStatus() {
    const state = await api('GET', '/admin/status');
    const services = $('dependencies').querySelector('tbody');
    services.replaceChildren(...state.dependencies.map((d) => row([d.name, d.ready ? 'ready' : 'NOT READY', d.problem || ''])));
    const clients = $('clients').querySelector('tbody');
    clients.replaceChildren(...state.clients.map((c) => row([c.discovery.name, c.discovery.state,
      when(c.discovery.fetchedAt), c.discovery.lastError || '', c.currentKey || 'none', c.oldKey || 'none'])));
  }

  async function loadLocks(more) {
    const page = await api('GET', '/admin/locks?limit=100&cursor=' + encodeURIComponent(more ? lockCursor : '0'));
    const body = $('locks').querySelector('tbody');
    const rows = page.locks.map((lock) => {
      const name = lock.fileName === null ? lock.fileId + ' (no such file)' : lock.fileName;
      const breakIt = el('button', 'Break lock', { type: 'button', 'data-file': lock.fileId });
      breakIt.addEventListener('click', () => breakLock(lock, name));
      return row([name, lock.holder || '?', lock.clientApp || '', when(lock.acquiredAt), when(lock.expiresAt), breakIt]);
    });
    if (more) { body.append(...rows); } else { body.replaceChildren(...rows); }
    lockCursor = page.nextCursor;
    $('locks-more').hidden = !lockCursor || lockCursor === '0';
  }

  async function breakLock(lock, name) {
    if (!window.confirm('Break ' + (lock.holder || 'someone') + "'s lock on " + name + '? Unsaved changes in their Office session may be refused.')) {
      return;
    }
    try {
      await api('DELETE', '/api/files/' + encodeURIComponent(lock.fileId) + '/lock');
      status('Lock on ' + name + ' broken.');
      await Promise.all([loadLocks(false), loadAudit()]);
    } catch (error) { status(error.message); }
  }

  async function loadAudit() {
    const query = new URLSearchParams({ limit: '50' });
    if ($('audit-user').value.trim()) { query.set('userId', $('audit-user').value.trim()); }
    if ($('audit-file').value.trim()) { query.set('fileId', $('audit-file').value.trim()); }
    const page = await api('GET', '/admin/audit?' + query);
    $('audit').querySelector('tbody').replaceChildren(...page.events.map((e) => row([when(e.at), e.userId, e.action,
      (e.itemType || '') + ' ' + (e.itemId || ''), e.client || '', e.detail || ''])));
  }

  async function start() {
    try {
      await loadStatus();
    } catch (error) {
      status(error.message);
      return;
    }
    $('console').hidden = false;
    $('locks-more').addEventListener('click', () => loadLocks(true).catch((error) => status(error.message)));
    $('audit-filter').addEventListener('submit', (event) => {
      event.preventDefault();
      loadAudit().catch((error) => status(error.message));
    });
    await Promise.all([loadLocks(false), loadAudit()]).catch((error) => status(error.message));
  }

  start();
})();
