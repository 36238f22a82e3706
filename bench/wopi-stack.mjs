// Whole-stack benchmark, first part (issue #9): requests through wopi-api-service exactly as Office sends them (a
// real access token, proof headers signed by the fake WOPI client whose keys discovery-service serves), measured with
// wrk beside nginx serving a 1 KB static file on the same machine in the same run. Starts the local stack on the fake
// client and stops it after. WRK_SECONDS sets each run's length. Prints a markdown table.
// A proof signs the token, the URL and a timestamp, and stays valid for 20 minutes: one signature per URL serves a
// whole wrk run (WOPI proofs carry no nonce).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeWopiClient } from '../e2e/fake-wopi-client.mjs';
import { editor, startStack, stopStack } from './local-stack.mjs';

const SECONDS = Number(process.env.WRK_SECONDS || 15);
const CLIENT_PORT = Number(process.env.BENCH_WOPI_CLIENT_PORT || 18092);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT || 18093);

/** wrk against url with these headers; answers requests/s, p50 and p99 in ms, and the non-2xx count. */
function wrk(url, headers, connections, script) {
  const args = ['-t', String(Math.min(connections, 2)), '-c', String(connections), '-d', `${SECONDS}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  if (script) args.push('-s', script);
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

function startNginx(dir) {
  fs.mkdirSync(path.join(dir, 'root'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'root', '1KB'), Buffer.alloc(1024, 1));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${NGINX_PORT}; root ${dir}/root; } }`);
  return spawn('nginx', ['-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wopi-bench-'));
fs.chmodSync(work, 0o755);
const client = await startFakeWopiClient(CLIENT_PORT);
const nginx = startNginx(work);
let started = false;
try {
  await startStack(client, 'benchmark');
  started = true;
  const launch = await (await editor('bench')).open('Bench.docx', Buffer.alloc(100 * 1024, 3));
  const signed = (url) => {
    const full = url + '?access_token=' + encodeURIComponent(launch.accessToken);
    return { url: full, headers: client.proofHeaders(launch.accessToken, full) };
  };
  const info = signed(launch.wopiSrc);
  const contents = signed(launch.wopiSrc + '/contents');

  // Warm-up (JIT, caches), not counted.
  wrk(info.url, info.headers, 16);
  const rows = [];
  const reference = wrk(`http://127.0.0.1:${NGINX_PORT}/1KB`, {}, 16);
  rows.push(['nginx, 1 KB static file', 16, reference, null]);
  for (const connections of [16, 64]) {
    rows.push([`CheckFileInfo`, connections, wrk(info.url, info.headers, connections), reference]);
  }
  rows.push(['GetFile, 100 KB', 16, wrk(contents.url, contents.headers, 16), reference]);

  console.log(`\nmachine: ${os.cpus().length} cores, shared by the whole stack, nginx and wrk; ${SECONDS} s per run\n`);
  console.log('| request | connections | requests/s | p50 ms | p99 ms | errors | ratio to nginx 1 KB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, connections, r, ref] of rows) {
    const ratio = ref ? `${(100 * r.rps / ref.rps).toFixed(1)}%` : '';
    console.log(`| ${name} | ${connections} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.non2xx} | ${ratio} |`);
  }
  const cfi16 = rows[1][2];
  console.log(`\ngoal (issue #9): CheckFileInfo at 16 connections >= 15% of nginx 1 KB and p99 <= 5 ms: `
    + `${(100 * cfi16.rps / reference.rps).toFixed(1)}%, p99 ${cfi16.p99.toFixed(2)} ms -> `
    + (cfi16.rps >= 0.15 * reference.rps && cfi16.p99 <= 5 ? 'pass' : 'not yet'));
  if (rows.some(([, , r]) => r.non2xx > 0)) process.exitCode = 1;
} finally {
  if (started) await stopStack();
  nginx.kill('SIGTERM');
  await client.close();
  fs.rmSync(work, { recursive: true, force: true });
}
