// End-to-end, in a real browser: sign in through Keycloak, create a folder and upload a document from the web UI,
// open it in the host page and see the (fake) WOPI client frame load it, then unlock it from the UI; share it with
// bob (editor) and dave (viewer), co-author it with bob in one session, and see dave get a view-only document. Starts the
// whole stack with scripts/local-up.sh (pointed at the fake client's discovery) and stops it after.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeWopiClient } from './fake-wopi-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const shots = path.join(here, 'target', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const CLIENT_PORT = Number(process.env.E2E_WOPI_CLIENT_PORT || 18090);
const APP = 'http://127.0.0.1:' + (process.env.WOPI_API_PORT || 8080);
const deadline = Date.now() + 10 * 60 * 1000;

/** Runs a script to its end without blocking this process (the fake WOPI client must keep answering meanwhile). */
function run(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'scripts', script), { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(script + ' exited with ' + code))));
    child.on('error', reject);
  });
}

function stackRunning() {
  return fs.existsSync(path.join(root, '.local', 'stack.env'));
}

function check(condition, message) {
  if (!condition) { throw new Error('FAILED: ' + message); }
  console.log('ok   ' + message);
}

const client = await startFakeWopiClient(CLIENT_PORT);
// A second client for ODF files (and a second choice for .docx), as Collabora Online would be.
const odfClient = await startFakeWopiClient(CLIENT_PORT + 1, 'odf');
if (stackRunning()) {
  throw new Error('a local stack is running; stop it (scripts/local-down.sh) so this test can start one on the fake WOPI client');
}
let browser;
let failed = false;
try {
  // The fake client makes new proof keys every run: a fresh Redis namespace keeps discovery-service from serving the
  // copy (and keys) a previous run left in the local Redis.
  await run('local-up.sh', { WOPI_CLIENT_DISCOVERY_URL: client.discoveryUrl, WOPI_ODF_CLIENT_DISCOVERY_URL: odfClient.discoveryUrl,
    DISCOVERY_REDIS_KEY_PREFIX: 'wopi:discovery:e2e-' + Date.now().toString(36) + ':' });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(Math.min(30000, deadline - Date.now()));
  // Uncaught script errors, in our pages or the frame (refused requests are expected here: 401 before sign-in, 400).
  const scriptErrors = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());

  /** Another person, in a browser context (cookies) of their own, signed in through Keycloak. */
  async function signIn(username) {
    const context = await browser.newContext();
    const other = await context.newPage();
    other.setDefaultTimeout(Math.min(30000, deadline - Date.now()));
    other.on('pageerror', (error) => scriptErrors.push(username + ': ' + error.message));
    other.on('dialog', (dialog) => dialog.accept());
    await other.goto(APP + '/');
    await other.locator('#sign-in').click();
    await other.locator('#username').fill(username);
    await other.locator('#password').fill(username);
    await other.locator('#kc-login').click();
    await other.waitForURL(APP + '/');
    await other.locator('#main').waitFor({ state: 'visible' });
    return other;
  }

  /** The file's row under "Shared with me" in another person's list. */
  async function sharedRow(other, name) {
    await other.locator('#place-shared').click();
    const found = other.locator('tr', { has: other.locator('td.name', { hasText: name }) });
    await found.waitFor();
    return found;
  }

  // Sign in.
  await page.goto(APP + '/');
  await page.locator('#sign-in').click();
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('alice');
  await page.locator('#kc-login').click();
  await page.waitForURL(APP + '/');
  await page.locator('#main').waitFor({ state: 'visible' });
  check((await page.locator('#user').textContent()) === 'Alice Demo', 'signed in through Keycloak as Alice Demo');

  // A folder and a document whose names carry quotes and ampersands: shown as text, never as markup.
  const stamp = Date.now().toString(36);
  const folderName = `E2E & Co's ${stamp}`;
  await page.locator('#folder-name').fill(folderName);
  await page.locator('#new-folder button').click();
  await page.getByRole('link', { name: folderName + '/' }).click();
  check((await page.locator('#breadcrumbs').textContent()).includes(folderName), 'the folder name renders as text in the breadcrumbs');
  const fileName = `Report & Co's ${stamp}.docx`;
  await page.locator('#upload').setInputFiles({ name: fileName, mimeType: 'application/octet-stream', buffer: Buffer.from('e2e document') });
  const row = page.locator('tr', { has: page.locator('td.name', { hasText: fileName }) });
  await row.waitFor();
  check((await row.locator('td.name').innerHTML()) === fileName.replace(/&/g, '&amp;'), 'the file name renders as text in the list');
  await page.locator('#upload').setInputFiles({ name: '<script>alert(1)</script>.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
  await page.locator('#status').filter({ hasText: /name|character/i }).waitFor();
  check((await page.locator('script', { hasText: 'alert(1)' }).count()) === 0, 'a name with <script> is refused and shown as text');
  await page.screenshot({ path: path.join(shots, '1-file-list.png'), fullPage: true });

  // Open it in Office: the host page posts the token into the client's frame, which loads the document.
  await row.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/host\/.+action=edit/);
  await page.locator('body.loaded').waitFor({ state: 'attached' });
  check(true, 'the host page received App_LoadingStatus from the WOPI client frame');
  const frame = page.frameLocator('#office_frame');
  await frame.locator('#doc-name, #doc-error').first().waitFor();
  if (await frame.locator('#doc-error').count()) {
    throw new Error('the fake WOPI client failed: ' + (await frame.locator('#doc-error').textContent()) + '; calls: ' + client.calls.join('; '));
  }
  check((await frame.locator('#doc-name').textContent()) === fileName, 'the WOPI client frame loaded the document by CheckFileInfo');
  const state = await frame.locator('#doc-state').textContent();
  check(state.startsWith('lock 200, 12 bytes'), `the client locked it and read its 12 bytes (${state})`);
  await page.screenshot({ path: path.join(shots, '2-host-page.png'), fullPage: true });

  // Back in the list the file shows who holds it; unlock it by hand.
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  const lockCell = row.locator('td.lock');
  await lockCell.filter({ hasText: 'alice' }).waitFor();
  check((await lockCell.textContent()).includes('Locked by alice since'), 'the list shows the lock, who holds it and since when');
  await page.screenshot({ path: path.join(shots, '3-locked.png'), fullPage: true });
  await lockCell.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('#status', { hasText: 'Unlocked' }).waitFor();
  await row.locator('td.lock').filter({ hasText: 'alice' }).waitFor({ state: 'detached' });
  check((await row.locator('td.lock').textContent()) === '', 'Unlock removed the lock');
  await page.screenshot({ path: path.join(shots, '4-unlocked.png'), fullPage: true });

  // Sharing: bob and dave have signed in once (a share names people known here); alice shares the document.
  const bob = await signIn('bob');
  const dave = await signIn('dave');
  await row.getByRole('button', { name: 'Share' }).click();
  await page.locator('#sharing').waitFor({ state: 'visible' });
  for (const [who, role, shown] of [['bob', 'editor', 'Bob Demo'], ['dave', 'viewer', 'Dave Demo']]) {
    await page.locator('#sharing-grantee').fill(who);
    await page.locator('#sharing-role').selectOption(role);
    await page.locator('#sharing-add button').click();
    await page.locator('#sharing-list tbody tr', { hasText: shown }).waitFor();
  }
  check((await page.locator('#sharing-list tbody tr').count()) === 2, 'alice shared the document with bob (can edit) and dave (can view)');
  await page.screenshot({ path: path.join(shots, '5-sharing.png'), fullPage: true });

  // Co-authoring: alice and bob open it to edit; the client keeps one lock id for the document and both save.
  await row.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/host\/.+action=edit/);
  await frame.locator('#doc-state').waitFor();
  const aliceState = await frame.locator('#doc-state').textContent();
  check(aliceState.startsWith('lock 200') && aliceState.includes('saved 200'), `alice opened and saved it (${aliceState})`);
  const bobRow = await sharedRow(bob, fileName);
  check((await bobRow.getByRole('link', { name: 'Edit' }).count()) === 1, 'bob finds it under Shared with me, with Edit');
  await bobRow.getByRole('link', { name: 'Edit' }).click();
  await bob.waitForURL(/\/host\/.+action=edit/);
  const bobFrame = bob.frameLocator('#office_frame');
  await bobFrame.locator('#doc-state, #doc-error').first().waitFor();
  const bobState = await bobFrame.locator('#doc-state').textContent();
  check(bobState.startsWith('lock 200') && bobState.includes('saved 200') && bobState.includes('Bob Demo'),
    `bob joined alice's session with its lock id and saved (${bobState})`);
  await bob.screenshot({ path: path.join(shots, '6-bob-coauthoring.png'), fullPage: true });

  // alice's list names both in the lock and in the version bob saved.
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await row.locator('td.lock').filter({ hasText: 'alice, bob' }).waitFor();
  check((await row.locator('td.lock').textContent()).includes('Locked by alice, bob'), 'the lock names both co-authors');
  await row.getByRole('button', { name: 'Versions' }).click();
  const newest = page.locator('#versions-list li').first();
  await newest.waitFor();
  check((await newest.textContent()).includes('bob, alice'), 'the newest version names bob, who saved it, and alice');
  await page.screenshot({ path: path.join(shots, '7-versions.png'), fullPage: true });

  // dave may only look.
  const daveRow = await sharedRow(dave, fileName);
  check((await daveRow.getByRole('link', { name: 'Edit' }).count()) === 0
    && (await daveRow.getByRole('link', { name: 'View' }).count()) === 1
    && (await daveRow.locator('td.lock').textContent()).includes('View only'), 'dave sees the document with View only');
  await dave.screenshot({ path: path.join(shots, '8-dave-view-only.png'), fullPage: true });

  // Office's own buttons: the client posts each message CheckFileInfo asks for, and the host page answers it.
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await row.getByRole('link', { name: 'View' }).click();
  await page.waitForURL(/\/host\/.+action=view/);
  const fileId = new URL(page.url()).pathname.split('/').pop();
  await frame.locator('#office-buttons').waitFor();
  check((await frame.locator('#office-buttons button').allTextContents()).join(',') === 'Versions,Edit,Close,Share',
    "the owner's view session offers Versions, Edit, Close and Share");
  await frame.getByRole('button', { name: 'Edit' }).click();
  await page.waitForURL(/\/host\/.+action=edit/);
  check(true, 'UI_Edit switched the host page to the edit action');
  await frame.locator('#office-buttons').waitFor();
  const [versionsPage] = await Promise.all([page.context().waitForEvent('page'),
    frame.getByRole('button', { name: 'Versions' }).click()]);
  await versionsPage.waitForURL(new RegExp('#versions/' + fileId));
  await versionsPage.locator('#versions-list li').first().waitFor();
  check(true, 'UI_FileVersions opened the versions list of the document');
  await versionsPage.close();
  // A save from a session that does not hold the lock is refused (409) and kept as unsaved changes.
  const aliceToken = await page.locator('input[name=access_token]').inputValue();
  const refused = await client.wopi('POST', APP + '/wopi/files/' + fileId + '/contents', aliceToken,
    { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'a-session-that-lost-its-lock' }, 'typed in a lost session');
  check(refused.status === 409, `a save under another session's lock was refused (${refused.status})`);
  await frame.getByRole('button', { name: 'Close' }).click();
  await page.waitForURL(new RegExp('/#folder/'));
  await row.waitFor();
  check((await page.locator('#breadcrumbs').textContent()).includes(folderName), 'UI_Close went back to the folder the document is in');
  await page.screenshot({ path: path.join(shots, '9-closed-to-folder.png'), fullPage: true });
  await row.getByRole('button', { name: 'Versions' }).click();
  await page.locator('#unsaved-list li').first().waitFor();
  const unsavedText = await page.locator('#unsaved-list li').first().textContent();
  check(unsavedText.includes('locked by another session') && (await page.locator('#unsaved-list li a', { hasText: 'Download' }).count()) === 1,
    `the versions panel lists the refused save as unsaved changes (${unsavedText.trim()})`);
  await page.screenshot({ path: path.join(shots, '10-unsaved-changes.png'), fullPage: true });
  await page.locator('#versions-close').click();
  await daveRow.getByRole('link', { name: 'View' }).click();
  await dave.waitForURL(/\/host\/.+action=view/);
  const daveFrame = dave.frameLocator('#office_frame');
  await daveFrame.locator('#office-buttons').waitFor();
  check((await daveFrame.locator('#office-buttons button').allTextContents()).join(',') === 'Versions,Close',
    "a viewer's session offers Versions and Close only");
  await daveFrame.getByRole('button', { name: 'Close' }).click();
  await dave.waitForURL(/\/#shared$/);
  await dave.locator('tr', { has: dave.locator('td.name', { hasText: fileName }) }).waitFor();
  check(true, "UI_Close took the viewer back to Shared with me");

  // "Open with…": .docx opens in Word by the rules, and the ODF client may open it too.
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  const openWith = row.getByRole('combobox', { name: 'Open ' + fileName + ' with' });
  await openWith.waitFor();
  check((await openWith.locator('option').allTextContents()).join(',') === 'Open with\u2026,Word (wopi-client),Writer (odf-client)',
    'Open with… offers both clients that edit .docx, in the rules\' order');
  await openWith.selectOption('odf-client');
  await page.waitForURL(/\/host\/.+action=edit&client=odf-client/);
  await frame.locator('#client-app').waitFor();
  check((await frame.locator('#client-app').textContent()) === 'Writer' && (await page.locator('#office_form').getAttribute('action'))
    .startsWith(odfClient.origin), 'the document opened in the ODF client, whose proof keys signed its requests');
  await page.screenshot({ path: path.join(shots, '11-open-with.png'), fullPage: true });

  // New: a Word document through Word's editnew, a text document from our blank one in the ODF client.
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await page.locator('#new-document option[value="kind=odt"]').waitFor({ state: 'attached' });
  check((await page.locator('#new-document option').allTextContents()).slice(1).join(',')
    === 'Word document (.docx),Text document (.odt)', 'the New menu offers what the two clients create');
  await page.locator('#new-document').selectOption('kind=docx');
  await page.waitForURL(/\/host\/.+action=editnew&client=wopi-client/);
  await frame.locator('#doc-state').waitFor();
  const newDocState = await frame.locator('#doc-state').textContent();
  check((await frame.locator('#doc-name').textContent()) === 'New Document.docx' && newDocState.includes(', 0 bytes,')
    && newDocState.includes('saved 200') && newDocState.endsWith('action editnew'),
  `New > Word document made an empty New Document.docx that Word opened with editnew and saved (${newDocState})`);
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await page.locator('#new-document option[value="kind=odt"]').waitFor({ state: 'attached' });
  await page.locator('#new-document').selectOption('kind=odt');
  await page.waitForURL(/\/host\/.+action=edit&client=odf-client/);
  await frame.locator('#doc-state').waitFor();
  const odtState = await frame.locator('#doc-state').textContent();
  check((await frame.locator('#doc-name').textContent()) === 'New Document.odt' && !odtState.includes(', 0 bytes,')
    && (await frame.locator('#client-app').textContent()) === 'Writer',
  `New > Text document made New Document.odt from our blank one, opened in the ODF client (${odtState})`);
  await page.screenshot({ path: path.join(shots, '12-new-document.png'), fullPage: true });

  // Convert to modern format: Word converts the .doc and sends it back; it becomes the same file's next version.
  const legacyName = `Legacy ${stamp}.doc`;
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await page.locator('#upload').setInputFiles({ name: legacyName, mimeType: 'application/octet-stream', buffer: Buffer.from('legacy binary') });
  const legacyRow = page.locator('tr', { has: page.locator('td.name', { hasText: legacyName }) });
  await legacyRow.getByRole('button', { name: 'Convert to modern format' }).click();
  await page.waitForURL(/\/host\/.+action=convert/);
  await frame.locator('#converted').waitFor();
  const convertedText = await frame.locator('#converted').textContent();
  check(convertedText === '200 ' + legacyName + 'x', `Word converted it and the host kept the result as ${legacyName}x (${convertedText})`);
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  const modernRow = page.locator('tr', { has: page.locator('td.name', { hasText: legacyName + 'x' }) });
  await modernRow.waitFor();
  check((await page.locator('td.name', { hasText: new RegExp('^' + legacyName.replace(/[.]/g, '\\.') + '$') }).count()) === 0,
    'the list shows the converted file in place of the legacy one');
  await modernRow.getByRole('button', { name: 'Versions' }).click();
  await page.locator('#versions-list li').nth(1).waitFor();
  check((await page.locator('#versions-list li').nth(1).textContent()).includes('(as ' + legacyName + ')'),
    'the legacy content stays in the versions, under its old name');
  await page.screenshot({ path: path.join(shots, '13-converted.png'), fullPage: true });
  await page.locator('#versions-close').click();

  // A group share, and leaving the group: alice shares the folder with the group team (alice and bob in Keycloak) as
  // editors; bob opens a document he reaches only through the team; an administrator takes him out of the team in
  // Keycloak, and his open Office session stops within a minute (wopi.directory reads groups from Keycloak).
  const notesName = `Team notes ${stamp}.docx`;
  await page.goto(APP + '/');
  await page.getByRole('link', { name: folderName + '/' }).click();
  await page.locator('#upload').setInputFiles({ name: notesName, mimeType: 'application/octet-stream', buffer: Buffer.from('team notes') });
  await page.locator('tr', { has: page.locator('td.name', { hasText: notesName }) }).waitFor();
  await page.goto(APP + '/');
  const folderRow = page.locator('tr', { has: page.getByRole('link', { name: folderName + '/' }) });
  await folderRow.getByRole('button', { name: 'Share' }).click();
  await page.locator('#sharing').waitFor({ state: 'visible' });
  await page.locator('#sharing-type').selectOption('group');
  await page.locator('#sharing-grantee').fill('team');
  await page.locator('#sharing-role').selectOption('editor');
  await page.locator('#sharing-add button').click();
  await page.locator('#sharing-list tbody tr', { hasText: 'Group team' }).waitFor();
  check(true, 'alice shared the folder with the group team as editors');
  await bob.goto(APP + '/');
  await bob.locator('#place-shared').click();
  await bob.getByRole('link', { name: folderName + '/' }).click();
  const notesRow = bob.locator('tr', { has: bob.locator('td.name', { hasText: notesName }) });
  await notesRow.getByRole('link', { name: 'Edit' }).click();
  await bob.waitForURL(/\/host\/.+action=edit/);
  await bobFrame.locator('#doc-state, #doc-error').first().waitFor();
  const notesState = await bobFrame.locator('#doc-state').textContent();
  check(notesState.startsWith('lock 200') && notesState.includes('saved 200'), `bob, in the team, opened the team's document and saved (${notesState})`);
  const bobToken = await bob.locator('input[name=access_token]').inputValue();
  const notesSrc = APP + '/wopi/files/' + new URL(bob.url()).pathname.split('/').pop();
  check((await client.wopi('GET', notesSrc, bobToken)).status === 200, "bob's Office session answers CheckFileInfo");

  const keycloak = fs.readFileSync(path.join(root, '.local', 'stack.env'), 'utf8').match(/^KEYCLOAK_URL=(.*)$/m)[1];
  const admin = (await (await fetch(keycloak + '/realms/master/protocol/openid-connect/token', { method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: 'admin' }) })).json()).access_token;
  const kc = (url, method = 'GET') => fetch(keycloak + '/admin/realms/openwopi' + url, { method, headers: { Authorization: 'Bearer ' + admin } });
  const bobId = (await (await kc('/users?username=bob&exact=true')).json())[0].id;
  const teamId = (await (await kc('/groups?search=team&exact=true')).json()).find((group) => group.name === 'team').id;
  check((await kc(`/users/${bobId}/groups/${teamId}`, 'DELETE')).status === 204, 'an administrator took bob out of the team in Keycloak');
  const left = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - left < 75000) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    status = (await client.wopi('GET', notesSrc, bobToken)).status;
  }
  const took = Math.round((Date.now() - left) / 1000);
  await kc(`/users/${bobId}/groups/${teamId}`, 'PUT');
  check(status === 401 && took <= 60, `bob's open session was refused (${status}) ${took} s after he left the team (bound: 60 s)`);
  // The operator console: olivia sees the three services ready, each WOPI client's discovery, and who holds which
  // lock; she breaks alice's lock on the report and the recent activity says so. alice, no operator, sees none of it.
  const held = await client.wopi('POST', APP + '/wopi/files/' + fileId, aliceToken,
    { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': 'console-' + stamp });
  check(held.status === 200 || held.status === 409, `the report is locked for the console to show (${held.status})`);
  const olivia = await signIn('olivia');
  await olivia.goto(APP + '/admin');
  await olivia.waitForURL(APP + '/admin.html');
  await olivia.locator('#console').waitFor({ state: 'visible' });
  await olivia.locator('#dependencies tbody tr').nth(2).waitFor();
  const services = await olivia.locator('#dependencies tbody tr').allTextContents();
  check(services.length === 3 && services.every((line) => line.includes('ready') && !line.includes('NOT READY')),
    `the console shows lock-, storage- and discovery-service ready (${services.join(' | ')})`);
  const discoveries = await olivia.locator('#clients tbody tr').allTextContents();
  check(discoveries.length >= 2 && discoveries.every((line) => line.includes('FRESH'))
      && discoveries.some((line) => /[0-9a-f]{16}/.test(line)),
    `the console shows each WOPI client's discovery fresh, and proof key fingerprints (${discoveries.join(' | ')})`);
  const heldRow = olivia.locator('#locks tbody tr', { hasText: fileName });
  await heldRow.waitFor();
  check((await heldRow.textContent()).includes('alice'), 'the console shows alice holding the lock on the report');
  await olivia.screenshot({ path: path.join(shots, '20-console.png'), fullPage: true });
  await heldRow.getByRole('button', { name: 'Break lock' }).click();
  await heldRow.waitFor({ state: 'detached' });
  // The trail is written within a second or so (a queue sent in batches): "Filter" reads it again.
  const hers = olivia.locator('#audit tbody tr', { hasText: 'olivia' }).filter({ hasText: 'force-unlock' });
  for (let tries = 0; tries < 20 && (await hers.count()) === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await olivia.getByRole('button', { name: 'Filter' }).click();
  }
  check((await hers.count()) > 0, "olivia broke the lock from the console, and the recent activity shows her force-unlock");
  await page.goto(APP + '/admin');
  await page.waitForURL(APP + '/admin.html');
  await page.locator('#status', { hasText: 'operators' }).waitFor();
  check(await page.locator('#console').isHidden(), 'alice, no operator, is told the console is for operators and sees none of it');

  check(scriptErrors.length === 0, 'no script errors' + (scriptErrors.length ? ' (' + scriptErrors.join(' | ') + ')' : ''));
  console.log('fake WOPI client calls: ' + client.calls.join('; '));
  console.log('ODF client calls: ' + odfClient.calls.join('; '));
} catch (error) {
  failed = true;
  console.error(error.stack || String(error));
} finally {
  if (browser) { await browser.close(); }
  await run('local-down.sh', {}).catch(() => { /* already down */ });
  await client.close();
  await odfClient.close();
}
console.log(failed ? 'e2e: FAILED' : 'e2e: passed');
process.exit(failed ? 1 : 0);
