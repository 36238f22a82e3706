// A fake WOPI client for the end-to-end test, belonging to the test suite: it publishes a discovery document with its
// own proof keys, and its action page does what Office does first with the form our host page POSTs: CheckFileInfo,
// Lock and GetFile, server to server with the posted token, every request signed; a user who may write then saves
// (PutFile). Like Office, everyone who opens the same document is one co-authoring session: one lock id, and every
// save names all of them in X-WOPI-Editors. It then shows the file name and tells the host page it has loaded
// (App_LoadingStatus). Its flavour is Microsoft's (Word: .docx with editnew, .doc with convert, which converts and
// sends the result back by PutRelativeFile with X-WOPI-FileConversion) or an ODF client's (Writer: .odt and .docx,
// no editnew), so that two of them make the several-clients setup.
import http from 'node:http';
import crypto from 'node:crypto';

const EPOCH_TICKS = 621355968000000000n;

function bigEndianParts(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  return { modulus: Buffer.from(jwk.n, 'base64url'), exponent: Buffer.from(jwk.e, 'base64url') };
}

/** .NET's PUBLICKEYBLOB, as discovery's value/oldvalue carry it. */
function cspBlob(modulus, exponent) {
  const header = Buffer.alloc(20);
  header.writeUInt8(0x06, 0);
  header.writeUInt8(0x02, 1);
  header.writeUInt16LE(0, 2);
  header.writeUInt32LE(0x0000a400, 4);
  header.write('RSA1', 8, 'ascii');
  header.writeUInt32LE(modulus.length * 8, 12);
  header.writeUInt32LE(exponent.readUIntBE(0, exponent.length), 16);
  return Buffer.concat([header, Buffer.from(modulus).reverse()]).toString('base64');
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function startFakeWopiClient(port, flavour = 'word') {
  const keys = [crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })];
  const base = `http://127.0.0.1:${port}`;
  const appName = flavour === 'odf' ? 'Writer' : 'Word';
  const calls = [];
  // Per document (WOPISrc): the session's lock id and its users, in the order they came.
  const sessions = new Map();

  function proofHeaders(token, url) {
    const ticks = EPOCH_TICKS + BigInt(Date.now()) * 10000n;
    const tokenBytes = Buffer.from(token, 'utf8');
    const urlBytes = Buffer.from(url.toUpperCase(), 'utf8');
    const parts = [];
    const len = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
    const time = Buffer.alloc(8);
    time.writeBigInt64BE(ticks);
    parts.push(len(tokenBytes.length), tokenBytes, len(urlBytes.length), urlBytes, len(8), time);
    const data = Buffer.concat(parts);
    const sign = (key) => crypto.sign('sha256', data, key.privateKey).toString('base64');
    return { 'X-WOPI-Proof': sign(keys[0]), 'X-WOPI-ProofOld': sign(keys[1]), 'X-WOPI-TimeStamp': ticks.toString() };
  }

  async function wopi(method, url, token, headers = {}, body = undefined) {
    const full = url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token);
    const response = await fetch(full, { method, headers: { ...proofHeaders(token, full), ...headers }, body });
    calls.push(`${method} ${new URL(url).pathname} ${headers['X-WOPI-Override'] || ''} -> ${response.status}`);
    return response;
  }

  function discovery() {
    const [current, old] = keys.map((k) => bigEndianParts(k.publicKey));
    const urlsrc = (action) => `${base}/wopi-client/open?action=${action}&amp;&lt;ui=UI_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;`;
    const offered = flavour === 'odf'
      ? [['view', 'odt'], ['edit', 'odt'], ['view', 'docx'], ['edit', 'docx']]
      : [['view', 'docx'], ['edit', 'docx'], ['editnew', 'docx'], ['view', 'doc'], ['convert', 'doc']];
    const actions = offered.map(([name, ext]) => `<action name="${name}" ext="${ext}"${name === 'view' ? ' default="true"' : ''}`
      + `${name === 'edit' ? ' requires="locks,update"' : ''}${name === 'convert' ? ' targetext="docx"' : ''} urlsrc="${urlsrc(name)}"/>`).join('');
    return `<?xml version="1.0" encoding="utf-8"?><wopi-discovery><net-zone name="external-https">`
      + `<app name="${appName}" favIconUrl="${base}/favicon.ico" checkLicense="true">${actions}</app></net-zone>`
      + `<proof-key oldvalue="${cspBlob(old.modulus, old.exponent)}" oldmodulus="${old.modulus.toString('base64')}" oldexponent="${old.exponent.toString('base64')}"`
      + ` value="${cspBlob(current.modulus, current.exponent)}" modulus="${current.modulus.toString('base64')}" exponent="${current.exponent.toString('base64')}"/></wopi-discovery>`;
  }

  async function open(request, response) {
    const url = new URL(request.url, base);
    const wopiSrc = url.searchParams.get('wopisrc');
    const action = url.searchParams.get('action');
    let body = '';
    for await (const chunk of request) { body += chunk; }
    const form = new URLSearchParams(body);
    const token = form.get('access_token');
    let page;
    try {
      const info = await (await wopi('GET', wopiSrc, token)).json();
      if (action === 'convert') {
        // Office converts the legacy file and hands the result back; the user then goes on in HostEditUrl.
        const legacy = await wopi('GET', wopiSrc + '/contents', token);
        const put = await wopi('POST', wopiSrc, token, { 'X-WOPI-Override': 'PUT_RELATIVE', 'X-WOPI-FileConversion': 'true',
          'X-WOPI-SuggestedTarget': '.docx' }, 'converted from ' + (await legacy.arrayBuffer()).byteLength + ' bytes');
        const result = put.status === 200 ? await put.json() : {};
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fake WOPI client</title></head><body>`
          + `<h1 id="doc-name">${escapeHtml(info.BaseFileName)}</h1><p id="converted">${put.status} ${escapeHtml(result.Name || '')}</p>`
          + `<p id="host-edit-url">${escapeHtml(result.HostEditUrl || '')}</p></body></html>`);
        return;
      }
      let session = sessions.get(wopiSrc);
      if (!session) {
        session = { lockId: 'fake-client-' + crypto.randomUUID(), users: [] };
        sessions.set(wopiSrc, session);
      }
      if (!session.users.includes(info.UserId)) { session.users.push(info.UserId); }
      const lock = info.UserCanWrite
        ? await wopi('POST', wopiSrc, token, { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': session.lockId })
        : { status: 'none' };
      const content = await wopi('GET', wopiSrc + '/contents', token);
      const bytes = (await content.arrayBuffer()).byteLength;
      let saved = 'none';
      if (info.UserCanWrite) {
        const put = await wopi('POST', wopiSrc + '/contents', token, { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': session.lockId,
          'X-WOPI-Editors': session.users.join(',') }, 'saved by ' + info.UserId);
        saved = String(put.status);
      }
      // Office's own buttons, as CheckFileInfo asks for them: each posts its message to the host page.
      const buttons = [['FileVersionPostMessage', 'UI_FileVersions', 'Versions'], ['EditModePostMessage', 'UI_Edit', 'Edit'],
        ['ClosePostMessage', 'UI_Close', 'Close'], ['FileSharingPostMessage', 'UI_Sharing', 'Share']]
        .filter(([flag]) => info[flag] === true)
        .map(([, message, label]) => `<button type="button" data-message="${message}">${label}</button>`).join(' ');
      page = `<h1 id="doc-name">${escapeHtml(info.BaseFileName)}</h1><p id="doc-state">lock ${lock.status}, ${bytes} bytes,`
        + ` user ${escapeHtml(info.UserFriendlyName)}, can write ${info.UserCanWrite}, saved ${saved}, action ${escapeHtml(action)}</p>`
        + `<p id="client-app">${appName}</p>`
        + `<p id="office-buttons">${buttons}</p><p id="close-url">${escapeHtml(info.CloseUrl || '')}</p>`;
    } catch (error) {
      page = `<h1 id="doc-error">${escapeHtml(error.message)}</h1>`;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fake WOPI client</title></head><body>${page}`
      + `<script>parent.postMessage(JSON.stringify({ MessageId: 'App_LoadingStatus', SendTime: Date.now(), Values: { DocumentLoadedTime: Date.now() } }), '*');`
      + `document.querySelectorAll('button[data-message]').forEach((b) => b.addEventListener('click', () => parent.postMessage(`
      + `JSON.stringify({ MessageId: b.dataset.message, SendTime: Date.now(), Values: {} }), '*')));</script>`
      + `</body></html>`);
  }

  const server = http.createServer((request, response) => {
    if (request.url.startsWith('/hosting/discovery')) {
      response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      response.end(discovery());
    } else if (request.url.startsWith('/wopi-client/open') && request.method === 'POST') {
      open(request, response).catch((error) => { response.writeHead(500); response.end(String(error)); });
    } else if (request.url === '/favicon.ico') {
      response.writeHead(204);
      response.end();
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    discoveryUrl: `${base}/hosting/discovery`, origin: base, calls, proofHeaders, wopi,
    close: () => new Promise((done) => server.close(done)),
  })));
}
