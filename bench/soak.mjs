// Soak: N editing sessions (default 50) against the whole local stack for SOAK_SECONDS (default 600), as Office
// drives a document it edits: CheckFileInfo, Lock and GetFile when it opens, then a PutFile every 30 s, a
// RefreshLock every 60 s, CheckFileInfo and GetFile now and then, and Unlock at the end. Every request carries a
// real access token and proof headers (the fake WOPI client of e2e/ publishes the keys). Prints errors and latency
// percentiles per operation; exits non-zero on any error. Not part of CI: bench/soak.sh runs it.
import { startFakeWopiClient } from '../e2e/fake-wopi-client.mjs';
import { APP, editor, startStack, stopStack } from './local-stack.mjs';

const SESSIONS = Number(process.env.SOAK_SESSIONS || 50);
const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const SAVE_EVERY = 30_000;
const REFRESH_EVERY = 60_000;
const CLIENT_PORT = Number(process.env.SOAK_WOPI_CLIENT_PORT || 18091);
const DOCUMENT = Buffer.alloc(100 * 1024, 7);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const latencies = {};
const errors = [];

/** One WOPI call, timed; a status other than the expected one is an error (kept, and the soak goes on). */
async function call(client, op, method, url, token, headers = {}, body = undefined, expected = 200) {
  const started = performance.now();
  try {
    const full = url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token);
    const response = await fetch(full, { method, body, headers: { ...client.proofHeaders(token, full), ...headers },
      signal: AbortSignal.timeout(30_000) });
    const text = await response.arrayBuffer();
    (latencies[op] ||= []).push(performance.now() - started);
    if (response.status !== expected) {
      errors.push(`${op}: ${response.status} ${Buffer.from(text).toString('utf8').slice(0, 200)}`);
    }
    return response;
  } catch (error) {
    errors.push(`${op}: ${error.message}`);
    return null;
  }
}

async function session(client, launch, index, until) {
  const file = launch.wopiSrc;
  const token = launch.accessToken;
  const lockId = `soak-session-${index}`;
  await sleep(Math.random() * 5_000);
  await call(client, 'CheckFileInfo', 'GET', file, token);
  await call(client, 'Lock', 'POST', file, token, { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': lockId });
  await call(client, 'GetFile', 'GET', file + '/contents', token);
  let nextSave = Date.now() + SAVE_EVERY * Math.random();
  let nextRefresh = Date.now() + REFRESH_EVERY;
  while (Date.now() < until) {
    if (Date.now() >= nextSave) {
      await call(client, 'PutFile', 'POST', file + '/contents', token,
        { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': lockId, 'Content-Type': 'application/octet-stream' }, DOCUMENT);
      await call(client, 'CheckFileInfo', 'GET', file, token);
      nextSave += SAVE_EVERY;
    }
    if (Date.now() >= nextRefresh) {
      await call(client, 'RefreshLock', 'POST', file, token, { 'X-WOPI-Override': 'REFRESH_LOCK', 'X-WOPI-Lock': lockId });
      await call(client, 'GetFile', 'GET', file + '/contents', token);
      nextRefresh += REFRESH_EVERY;
    }
    await sleep(Math.max(50, Math.min(nextSave, nextRefresh, until) - Date.now()));
  }
  await call(client, 'Unlock', 'POST', file, token, { 'X-WOPI-Override': 'UNLOCK', 'X-WOPI-Lock': lockId });
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const client = await startFakeWopiClient(CLIENT_PORT);
let started = false;
try {
  await startStack(client, 'soak');
  started = true;
  const alice = await editor('soak');
  const launches = [];
  for (let i = 0; i < SESSIONS; i++) {
    launches.push(await alice.open(`Soak-${i}.docx`, DOCUMENT));
  }
  console.log(`soak: ${SESSIONS} editing sessions for ${SECONDS} s against ${APP}`);
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(launches.map((launch, i) => session(client, launch, i, until)));

  console.log('| operation | requests | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  let total = 0;
  for (const [op, values] of Object.entries(latencies).sort()) {
    const sorted = values.sort((a, b) => a - b);
    total += sorted.length;
    console.log(`| ${op} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} |`);
  }
  console.log(`soak: ${total} requests, ${errors.length} errors`);
  errors.slice(0, 20).forEach((error) => console.log('error: ' + error));
  process.exitCode = errors.length === 0 && total > 0 ? 0 : 1;
} finally {
  if (started) {
    await stopStack();
  }
  await client.close();
}
