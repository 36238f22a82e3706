// Whole-stack benchmark (issue #9): Office's requests through wopi-api-service exactly as Office sends them (a real
// access token, proof headers signed by the fake WOPI client whose keys discovery-service serves), each figure beside
// a reference measured on the same machine in the same run: nginx serving and storing (WebDAV PUT) the same bytes,
// redis-benchmark SET NX PX for the locks. Starts the local stack on the fake client, stops it after, and prints a
// markdown table with the goals of the issue. WRK_SECONDS sets the length of each timed run; BIG_MIB the size of the
// memory test's transfers (1024: 1 GiB); SMALL_WARM_SECONDS how long the 100 KB paths are warmed before they are timed.
// A proof signs the token, the URL and a timestamp, not the method or the X-WOPI headers, and stays valid for 20
// minutes: one signature per URL serves a whole run (WOPI proofs carry no nonce), for LOCK and UNLOCK alike.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startFakeWopiClient } from '../e2e/fake-wopi-client.mjs';
import { editor, lockDocumentsFile, startStack, stopStack } from './local-stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.WRK_SECONDS || 15);
const BIG_MIB = Number(process.env.BIG_MIB || 1024);
const CLIENT_PORT = Number(process.env.BENCH_WOPI_CLIENT_PORT || 18092);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT || 18093);
const MIB = 1024 * 1024;
const SIZES = [['100 KB', 100 * 1024, 300], ['10 MB', 10 * MIB, 20], ['100 MB', 100 * MIB, 4]];
// Seconds of alternating 100 KB GetFile/PutFile before their timed run, and how many of each are first timed cold.
const SMALL_WARM_SECONDS = Number(process.env.SMALL_WARM_SECONDS || 90);
const COLD_REPS = 100;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** wrk against url with these headers; answers requests/s, p50 and p99 in ms, and the non-2xx count. */
function wrk(url, headers, connections) {
  const args = ['-t', String(Math.min(connections, 2)), '-c', String(connections), '-d', `${SECONDS}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const out = spawnSync('wrk', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error('wrk failed: ' + out.stderr);
  const text = out.stdout;
  const ms = (label) => {
    const m = text.match(new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`));
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const rps = Number((text.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const non2xx = Number((text.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, 0])[1]);
  return { rps, p50: ms('50'), p99: ms('99'), non2xx };
}

/** One HTTP exchange; the answer's body is counted and dropped. body: a Buffer, a function giving a Readable, or null. */
function exchange(method, url, headers, body, length) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: { ...headers, 'Content-Length': String(length ?? (body ? body.length : 0)) } },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk) => { bytes += chunk.length; });
        response.on('end', () => resolve({ status: response.statusCode, bytes, headers: response.headers }));
        response.on('error', reject);
      });
    request.on('error', reject);
    if (typeof body === 'function') body().pipe(request);
    else request.end(body || undefined);
  });
}

async function expectOk(what, promise) {
  const answer = await promise;
  if (answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status}`);
  return answer;
}

/** MiB/s of `reps` sequential transfers of `size` bytes each (one connection, as one Office session). */
async function throughput(size, reps, transfer) {
  await transfer(); // warm-up, not counted
  const took = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) {
    const one = process.hrtime.bigint();
    await transfer();
    took.push(Number(process.hrtime.bigint() - one) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  took.sort((a, b) => a - b);
  const at = (q) => took[Math.min(took.length - 1, Math.floor(q * took.length))];
  return { mibs: (size * reps) / MIB / seconds, p50: at(0.5), p99: at(0.99) };
}

/** A stream of `mib` MiB made of one repeated 1 MiB buffer: the client holds 1 MiB whatever the size. */
function repeated(mib) {
  const block = Buffer.alloc(MIB, 7);
  let left = mib;
  return () => new Readable({ read() { this.push(left-- > 0 ? block : null); } });
}

function startNginx(dir) {
  fs.mkdirSync(path.join(dir, 'root', 'dav'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  // nginx's workers run as an unprivileged user: let them write where the PUTs land.
  fs.chmodSync(path.join(dir, 'root', 'dav'), 0o777);
  fs.chmodSync(path.join(dir, 'tmp'), 0o777);
  fs.writeFileSync(path.join(dir, 'root', '1KB'), Buffer.alloc(1024, 1));
  for (const [, size] of SIZES) fs.writeFileSync(path.join(dir, 'root', `f${size}`), Buffer.alloc(size, 3));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; client_max_body_size 0; client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${NGINX_PORT}; root ${dir}/root; location /dav/ { dav_methods PUT; } } }`);
  return spawn('nginx', ['-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
}

function stackEnv() {
  return Object.fromEntries(fs.readFileSync(path.join(root, '.local', 'stack.env'), 'utf8').split('\n')
    .filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

const SERVICES = ['wopi-api-service', 'lock-service', 'storage-service', 'discovery-service'];

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024;
}

/** Each service's RSS before, at most during, and after `work`, sampled every 100 ms. */
async function rssAround(pids, work) {
  const before = Object.fromEntries(SERVICES.map((s) => [s, rssMiB(pids[s])]));
  const peak = { ...before };
  const timer = setInterval(() => { for (const s of SERVICES) peak[s] = Math.max(peak[s], rssMiB(pids[s])); }, 100);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const after = Object.fromEntries(SERVICES.map((s) => [s, rssMiB(pids[s])]));
  return { before, peak, after };
}

/**
 * Lock+Unlock cycles per second: one editor per document, each alternating LOCK and UNLOCK on one connection, run by
 * wrk (bench/wopi-lock-cycle.lua). A node client was the bottleneck here: it measured a third of what wrk does.
 */
function lockCycles(documents, dir, seconds) {
  const list = lockDocumentsFile(documents, dir);
  const out = spawnSync('wrk', ['-t', String(documents.length), '-c', String(documents.length), '-d', `${seconds}s`, '--latency',
    '-s', path.join(root, 'bench', 'wopi-lock-cycle.lua'), new URL(documents[0].url).origin],
    { encoding: 'utf8', env: { ...process.env, LOCK_DOCUMENTS: list }, maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error('wrk failed: ' + out.stderr);
  const value = (name) => Number((out.stdout.match(new RegExp(`^${name}=([\\d.]+)`, 'm')) || [])[1]);
  const first = (out.stdout.match(/^FIRST_FAILURE=(.*)$/m) || [])[1];
  return { perSecond: value('CYCLES_PER_SECOND'), errors: value('NON_200'), p50: value('P50_MS'), p99: value('P99_MS'), first };
}

function redisBenchmark(port) {
  const out = spawnSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-c', '16', '-n', '200000', '-r', '1000000',
    '-q', 'SET', 'bench:lock:__rand_int__', 'x', 'NX', 'PX', '1800000'], { encoding: 'utf8' });
  const m = (out.stdout || '').match(/([\d.]+) requests per second/);
  return m ? Number(m[1]) : NaN;
}

function startTimes() {
  return Object.fromEntries(SERVICES.map((s) => {
    const log = fs.readFileSync(path.join(root, '.local', 'logs', `${s}.log`), 'utf8');
    const m = log.match(/started in ([\d.]+)s/);
    return [s, m ? Number(m[1]) : NaN];
  }));
}

const rows = [];
const row = (measure, ours, reference, ratio, goal, pass) => rows.push({ measure, ours, reference, ratio, goal, pass });
const pct = (a, b) => `${(100 * a / b).toFixed(1)}%`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wopi-bench-'));
fs.chmodSync(work, 0o755);
const client = await startFakeWopiClient(CLIENT_PORT);
const nginx = startNginx(work);
let started = false;
try {
  await startStack(client, 'benchmark');
  started = true;
  const env = stackEnv();
  const pids = Object.fromEntries(SERVICES.map((s) => [s, env[`${s.toUpperCase().replaceAll('-', '_')}_PID`]]));
  const signed = (launch, suffix = '') => {
    const url = launch.wopiSrc + suffix + '?access_token=' + encodeURIComponent(launch.accessToken);
    return { url, headers: client.proofHeaders(launch.accessToken, url) };
  };
  const alice = await editor('bench');

  // CheckFileInfo, beside nginx serving 1 KB.
  const info = signed(await alice.open('Bench.docx', Buffer.alloc(100 * 1024, 3)));
  // Warm-ups, not counted: the JIT takes 20 to 30 s of a path's traffic to settle here, and a server runs for days.
  wrk(info.url, info.headers, 16);
  wrk(info.url, info.headers, 16);
  const nginx1k = wrk(`http://127.0.0.1:${NGINX_PORT}/1KB`, {}, 16);
  for (const connections of [16, 64]) {
    const r = wrk(info.url, info.headers, connections);
    if (r.non2xx > 0) throw new Error(`CheckFileInfo: ${r.non2xx} errors`);
    const goal = connections === 16 ? '>= 15% of nginx, p99 <= 5 ms' : '';
    row(`CheckFileInfo, ${connections} connections (p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms)`,
      `${r.rps.toFixed(0)} req/s`, `nginx 1 KB: ${nginx1k.rps.toFixed(0)} req/s (p99 ${nginx1k.p99.toFixed(2)} ms)`,
      pct(r.rps, nginx1k.rps), goal, connections === 16 ? r.rps >= 0.15 * nginx1k.rps && r.p99 <= 5 : null);
  }

  // Lock+Unlock cycles, 16 editors on 16 documents, beside redis-benchmark SET NX PX at 16 connections.
  const documents = [];
  for (let i = 0; i < 16; i++) documents.push(signed(await alice.open(`Lock-${i}.docx`, Buffer.alloc(1024, 1))));
  lockCycles(documents, work, 2 * SECONDS); // warm-up, not counted
  const cycles = lockCycles(documents, work, SECONDS);
  if (!(cycles.errors === 0)) throw new Error(`Lock+Unlock: ${cycles.errors} failed requests (first: ${cycles.first})`);
  const redisSets = redisBenchmark(new URL(env.REDIS_URL).port);
  row(`Lock+Unlock cycles, 16 editors (p50 ${cycles.p50.toFixed(2)} ms, p99 ${cycles.p99.toFixed(2)} ms per request)`,
    `${cycles.perSecond.toFixed(0)} cycles/s`, `redis SET NX PX: ${redisSets.toFixed(0)} req/s`,
    pct(cycles.perSecond, redisSets), '>= 5,000 cycles/s', cycles.perSecond >= 5000);

  // GetFile and PutFile, one session each, beside nginx GET and WebDAV PUT of the same bytes.
  for (const [label, size, reps] of SIZES) {
    const launch = await alice.open(`Transfer-${label.replace(' ', '')}.docx`, Buffer.alloc(size, 3));
    const file = signed(launch);
    const contents = signed(launch, '/contents');
    await expectOk('LOCK', exchange('POST', file.url, { ...file.headers, 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': 'bench' }));
    const body = Buffer.alloc(size, 5);
    let cold = null;
    if (size === 100 * 1024) {
      // Small-file latency is measured warm: a JVM just started runs these paths interpreted, then half-compiled, for
      // its first tens of seconds of a path's traffic (PutFile's p50 here: ~10 ms in the first minute, 4-6 ms after
      // a few), which a service in production has long left behind. The first requests are printed as "cold".
      const put = () => expectOk('PutFile warm-up', exchange('POST', contents.url,
        { ...contents.headers, 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'bench', 'Content-Type': 'application/octet-stream' }, body));
      cold = {
        get: await throughput(size, COLD_REPS, () => expectOk('GetFile cold', exchange('GET', contents.url, contents.headers))),
        put: await throughput(size, COLD_REPS, put),
      };
      const until = Date.now() + SMALL_WARM_SECONDS * 1000;
      while (Date.now() < until) {
        await expectOk('GetFile warm-up', exchange('GET', contents.url, contents.headers));
        await put();
      }
    }
    const get = await throughput(size, reps, () => expectOk('GetFile', exchange('GET', contents.url, contents.headers)));
    const nginxGet = await throughput(size, reps, () => expectOk('nginx GET', exchange('GET', `http://127.0.0.1:${NGINX_PORT}/f${size}`, {})));
    const put = await throughput(size, reps, () => expectOk('PutFile', exchange('POST', contents.url,
      { ...contents.headers, 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'bench', 'Content-Type': 'application/octet-stream' }, body)));
    const nginxPut = await throughput(size, reps, () => expectOk('nginx PUT', exchange('PUT', `http://127.0.0.1:${NGINX_PORT}/dav/f${size}`, {}, body)));
    if (size === 100 * 1024) {
      // Small files, one request after another: what a user waits for when Office opens or saves a small document.
      const ms = (r) => `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
      row(`GetFile ${label}, sequential, the path's first ${COLD_REPS}`, ms(cold.get), '', '', '', null);
      row(`PutFile ${label}, sequential, the path's first ${COLD_REPS}`, ms(cold.put), '', '', '', null);
      row(`GetFile ${label}, sequential, after ${SMALL_WARM_SECONDS} s of them`, ms(get), `nginx GET: ${ms(nginxGet)}`, '', 'p50 <= 2 ms', get.p50 <= 2);
      row(`PutFile ${label}, sequential, after ${SMALL_WARM_SECONDS} s of them`, ms(put), `nginx WebDAV PUT: ${ms(nginxPut)}`, '', 'p50 <= 8 ms', put.p50 <= 8);
      continue;
    }
    const goal = size === 100 * MIB ? '>= 50% of nginx' : '';
    row(`GetFile ${label}`, `${get.mibs.toFixed(0)} MiB/s`, `nginx GET: ${nginxGet.mibs.toFixed(0)} MiB/s`, pct(get.mibs, nginxGet.mibs), goal,
      size === 100 * MIB ? get.mibs >= 0.5 * nginxGet.mibs : null);
    row(`PutFile ${label}`, `${put.mibs.toFixed(0)} MiB/s`, `nginx WebDAV PUT: ${nginxPut.mibs.toFixed(0)} MiB/s`, pct(put.mibs, nginxPut.mibs), goal,
      size === 100 * MIB ? put.mibs >= 0.5 * nginxPut.mibs : null);
  }

  // Memory while 1 GiB streams through, each way.
  const big = await alice.open('Big.docx', Buffer.alloc(1024, 1));
  const bigFile = signed(big);
  const bigContents = signed(big, '/contents');
  await expectOk('LOCK', exchange('POST', bigFile.url, { ...bigFile.headers, 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': 'big' }));
  const putRss = await rssAround(pids, () => expectOk('PutFile 1 GiB', exchange('POST', bigContents.url,
    { ...bigContents.headers, 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'big', 'Content-Type': 'application/octet-stream' },
    repeated(BIG_MIB), BIG_MIB * MIB)));
  const getRss = await rssAround(pids, async () => {
    const answer = await expectOk('GetFile 1 GiB', exchange('GET', bigContents.url, bigContents.headers));
    if (answer.bytes !== BIG_MIB * MIB) throw new Error(`GetFile 1 GiB: ${answer.bytes} bytes`);
  });
  for (const [what, rss] of [[`PutFile ${BIG_MIB} MiB`, putRss], [`GetFile ${BIG_MIB} MiB`, getRss]]) {
    for (const s of SERVICES) {
      const growth = rss.peak[s] - rss.before[s];
      row(`RSS of ${s} during ${what}`, `${rss.before[s].toFixed(0)} → peak ${rss.peak[s].toFixed(0)} → ${rss.after[s].toFixed(0)} MiB`,
        '', `+${growth.toFixed(0)} MiB`, 'flat (<= +16 MiB)', growth <= 16);
    }
  }

  const starts = startTimes();
  const rssNow = Object.fromEntries(SERVICES.map((s) => [s, rssMiB(pids[s])]));

  console.log(`\nmachine: ${os.cpus().length} cores shared by the whole stack, nginx, redis and the load generators; `
    + `${SECONDS} s per timed run; ${new Date().toISOString()}\n`);
  console.log('| measure | ours | reference | ratio | goal | verdict |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.measure} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.goal} | ${r.pass === null ? '' : r.pass ? 'pass' : 'not yet'} |`);
  }
  console.log('\n| service | JVM start (all four and Keycloak at once; alone: bench/start-times.sh) | RSS at the end |');
  console.log('|---|---|---|');
  for (const s of SERVICES) console.log(`| ${s} | ${starts[s].toFixed(1)} s | ${rssNow[s].toFixed(0)} MiB |`);
} finally {
  if (started) await stopStack();
  nginx.kill('SIGTERM');
  agent.destroy();
  await client.close();
  fs.rmSync(work, { recursive: true, force: true });
}
