// bench/sharing.sh: listings and "shared with me" with many entries, few of them shared (see the script's header).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const env = Object.fromEntries(fs.readFileSync(process.env.STACK_ENV, 'utf8').split('\n')
  .filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
const APP = env.WOPI_API_URL;
const KEYCLOAK = env.KEYCLOAK_URL;
const ENTRIES = Number(process.env.SHARING_ENTRIES || 10000);
const SHARED = Number(process.env.SHARING_SHARED || 100);
const SECONDS = Number(process.env.SHARING_SECONDS || 15);

async function bearer(user) {
  const grant = await fetch(`${KEYCLOAK}/realms/openwopi/protocol/openid-connect/token`, { method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'openwopi-web', username: user, password: user }) });
  return { Authorization: 'Bearer ' + (await grant.json()).access_token };
}

async function json(response) {
  if (!response.ok) { throw new Error(`${response.url}: ${response.status} ${await response.text()}`); }
  return response.json();
}

function psql(sql) {
  const url = new URL(env.POSTGRES_URL);
  execFileSync(process.env.PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', url.hostname, '-p', url.port,
    '-U', url.username, '-d', url.pathname.slice(1), '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Sequential GETs for SECONDS (bounded), after 50 to warm up: p50 and p99 in ms. */
async function measure(url, headers) {
  for (let i = 0; i < 50; i++) { await json(await fetch(url, { headers })); }
  const times = [];
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    const start = process.hrtime.bigint();
    await json(await fetch(url, { headers }));
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { n: times.length, p50: at(0.5).toFixed(2), p99: at(0.99).toFixed(2) };
}

const alice = await bearer('alice');
const bob = await bearer('bob');
const me = await json(await fetch(`${APP}/api/me`, { headers: bob }));
const folder = await json(await fetch(`${APP}/api/folders`, { method: 'POST', headers: { ...alice, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: `sharing-bench-${Date.now()}` }) }));
const stamp = Date.now().toString(36);
// Rows as storage-service writes them (the blobs are never read here); every (ENTRIES/SHARED)th shared with bob.
psql(`INSERT INTO files (id, container_id, name, extension, owner_id, size, sha256, version, blob_key, created_at, updated_at)
  SELECT 'bench-${stamp}-' || n, '${folder.id}', 'Doc ' || lpad(n::text, 6, '0') || '.docx', 'docx', '${folder.ownerId}', 0, '', 1,
         'bench-none', now(), now() FROM generate_series(1, ${ENTRIES}) AS n`);
psql(`INSERT INTO shares (id, file_id, grantee_type, grantee, role, created_by, created_at)
  SELECT 'bench-${stamp}-s' || n, 'bench-${stamp}-' || n, 'user', '${me.userId}', 'viewer', '${folder.ownerId}', now()
  FROM generate_series(1, ${ENTRIES}) AS n WHERE n % ${Math.max(1, Math.floor(ENTRIES / SHARED))} = 0`);

const first = await json(await fetch(`${APP}/api/shared-with-me?limit=100`, { headers: bob }));
const page1 = await json(await fetch(`${APP}/api/folders/${folder.id}?limit=100`, { headers: alice }));
let middle = page1.next;
for (let i = 0; i < Math.floor(ENTRIES / 200) && middle; i++) {
  middle = (await json(await fetch(`${APP}/api/folders/${folder.id}?limit=100&after=${encodeURIComponent(middle)}`, { headers: alice }))).next;
}
const rows = [
  [`bob's "shared with me", 100 per page (${first.files.length} of ${ENTRIES} entries shared with him)`,
    await measure(`${APP}/api/shared-with-me?limit=100`, bob)],
  [`alice's folder of ${ENTRIES}, first page of 100`, await measure(`${APP}/api/folders/${folder.id}?limit=100`, alice)],
  [`alice's folder of ${ENTRIES}, a page in the middle`,
    await measure(`${APP}/api/folders/${folder.id}?limit=100&after=${encodeURIComponent(middle)}`, alice)],
];
console.log('| request (sequential, through wopi-api-service) | requests | p50 | p99 | goal |');
console.log('|---|---|---|---|---|');
for (const [name, r] of rows) {
  console.log(`| ${name} | ${r.n} | ${r.p50} ms | ${r.p99} ms | p99 < 50 ms: ${Number(r.p99) < 50 ? 'pass' : 'not yet'} |`);
}
psql(`DELETE FROM files WHERE id LIKE 'bench-${stamp}-%'`);
