// What the node benchmarks share: the whole local stack started on a fake WOPI client (whose proof keys sign their
// requests), stopped after, and documents opened for editing as a signed-in user would through the user API.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP = 'http://127.0.0.1:' + (process.env.WOPI_API_PORT || 8080);
const KEYCLOAK = 'http://127.0.0.1:' + (process.env.KEYCLOAK_PORT || 18180);

function runScript(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'scripts', script), { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(script + ' exited with ' + code))));
    child.on('error', reject);
  });
}

/**
 * Starts the stack with discovery-service on the fake client, in a Redis namespace of its own (the client makes new
 * proof keys every run). Refuses when a stack runs already: it would not know the client's keys.
 */
export async function startStack(client, name) {
  if (fs.existsSync(path.join(root, '.local', 'stack.env'))) {
    throw new Error(`a local stack is running; stop it (scripts/local-down.sh): the ${name} starts one on its own WOPI client`);
  }
  await runScript('local-up.sh', { WOPI_CLIENT_DISCOVERY_URL: client.discoveryUrl,
    DISCOVERY_REDIS_KEY_PREFIX: `wopi:discovery:${name}-${Date.now().toString(36)}:` });
}

export function stopStack() {
  return runScript('local-down.sh', {}).catch((error) => console.error(error.message));
}

/** Signs in as alice and makes a folder; {@code open} uploads a document there and launches it for editing. */
export async function editor(folderName) {
  const grant = await fetch(`${KEYCLOAK}/realms/openwopi/protocol/openid-connect/token`, { method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'openwopi-web', username: 'alice', password: 'alice' }) });
  const bearer = { Authorization: 'Bearer ' + (await grant.json()).access_token };
  const folder = await (await fetch(`${APP}/api/folders`, { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `${folderName}-${Date.now()}` }) })).json();
  return {
    /** Answers the launch: {wopiSrc, accessToken, ...}. */
    async open(name, content) {
      const uploaded = await (await fetch(`${APP}/api/files?name=${encodeURIComponent(name)}&folderId=${folder.id}`, { method: 'POST',
        headers: { ...bearer, 'Content-Type': 'application/octet-stream' }, body: content })).json();
      return (await fetch(`${APP}/api/files/${uploaded.id}/launch?action=edit`, { method: 'POST', headers: bearer })).json();
    },
  };
}

/**
 * Writes the signed documents of a Lock+Unlock run where bench/wopi-lock-cycle.lua reads them (LOCK_DOCUMENTS): one
 * line each, path and query, proof, old proof, timestamp, tab-separated. Answers the file's path.
 */
export function lockDocumentsFile(documents, dir) {
  const list = path.join(dir, 'lock-documents.tsv');
  fs.writeFileSync(list, documents.map((doc) => {
    const url = new URL(doc.url);
    return [url.pathname + url.search, doc.headers['X-WOPI-Proof'], doc.headers['X-WOPI-ProofOld'] || '',
      doc.headers['X-WOPI-TimeStamp']].join('\t');
  }).join('\n') + '\n');
  return list;
}

export { APP };
