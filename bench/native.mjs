// JVM against native, side by side in one run (issue #22): the local stack started twice on the fake WOPI client,
// first from the jars, then from the native executables (NATIVE=1). For each: every service restarted alone and timed
// from exec to a 200 from /q/health/ready, its RSS idle after that, CheckFileInfo at 16 connections and Lock+Unlock
// cycles with 16 editors (every request with a real token and proof, as in bench/wopi-stack.mjs), and each service's
// peak RSS under that load. WRK_SECONDS sets each timed run's length; START_RUNS how often each service is restarted.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeWopiClient } from '../e2e/fake-wopi-client.mjs';
import { editor, lockDocumentsFile, startStack, stopStack } from './local-stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.WRK_SECONDS || 15);
const START_RUNS = Number(process.env.START_RUNS || 3);
// BENCH_MODES=native (or jvm) measures one side only, e.g. to try SERVICE_NATIVE_OPTS; the tables need both.
const MODES = (process.env.BENCH_MODES || 'jvm native').split(/\s+/);
const CLIENT_PORT = Number(process.env.BENCH_WOPI_CLIENT_PORT || 18092);
const SERVICES = ['lock-service', 'discovery-service', 'storage-service', 'wopi-api-service'];
const READY_WITHIN_MS = 60_000;
const STACK_ENV = path.join(root, '.local', 'stack.env');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stackEnv() {
  const entries = fs.readFileSync(STACK_ENV, 'utf8').split('\n').filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries); // the last entry of a name wins, as in local-down.sh
}

const pidVar = (service) => `${service.toUpperCase().replaceAll('-', '_')}_PID`;
const portOf = (env, service) => new URL(env[service === 'wopi-api-service' ? 'WOPI_API_URL' : `${service.toUpperCase().replaceAll('-', '_')}_URL`]).port;

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024;
}

function startTicks(pid) {
  return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
}

async function ready(port) {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/q/health/ready`, { signal: AbortSignal.timeout(1000) });
    return answer.status === 200;
  } catch {
    return false;
  }
}

/**
 * Stops a service of the running stack and starts it again alone, with the command line, folder and environment it
 * ran with; answers the milliseconds from exec to ready. The new pid goes to stack.env, so local-down.sh stops it.
 */
async function restartAlone(service, port) {
  const pid = stackEnv()[pidVar(service)];
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const environ = Object.fromEntries(fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)
    .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  process.kill(Number(pid), 'SIGTERM');
  for (let i = 0; i < 200 && fs.existsSync(`/proc/${pid}`); i++) await sleep(100);
  if (fs.existsSync(`/proc/${pid}`)) throw new Error(`${service} (pid ${pid}) did not stop in 20 s`);
  const log = fs.openSync(path.join(root, '.local', 'logs', `${service}.log`), 'a');
  const began = process.hrtime.bigint();
  const child = spawn(cmdline[0], cmdline.slice(1), { cwd, env: environ, stdio: ['ignore', log, log], detached: true });
  child.unref();
  fs.closeSync(log);
  fs.appendFileSync(STACK_ENV, `${pidVar(service)}=${child.pid}\n${pidVar(service).replace(/_PID$/, '_STARTED')}=${startTicks(child.pid)}\n`);
  while (Number(process.hrtime.bigint() - began) / 1e6 < READY_WITHIN_MS) {
    if (await ready(port)) return Number(process.hrtime.bigint() - began) / 1e6;
    await sleep(10);
  }
  throw new Error(`${service} was not ready within ${READY_WITHIN_MS / 1000} s`);
}

function wrk(url, headers, connections, seconds = SECONDS) {
  const args = ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args);
    let text = '';
    child.stdout.on('data', (chunk) => { text += chunk; });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error('wrk failed'));
      const p99 = text.match(/\s99%\s+([\d.]+)(us|ms|s)/);
      resolve({
        rps: Number((text.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]),
        p99: p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN,
        non2xx: Number((text.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, 0])[1]),
      });
    });
  });
}

function lockCycles(documents, dir, seconds) {
  const list = lockDocumentsFile(documents, dir);
  return new Promise((resolve, reject) => {
    // One thread per document: the script gives each thread (one connection) a document of its own.
    const child = spawn('wrk', ['-t', String(documents.length), '-c', String(documents.length), '-d', `${seconds}s`,
      '-s', path.join(root, 'bench', 'wopi-lock-cycle.lua'), new URL(documents[0].url).origin],
    { env: { ...process.env, LOCK_DOCUMENTS: list } });
    let text = '';
    child.stdout.on('data', (chunk) => { text += chunk; });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error('wrk failed'));
      const value = (name) => Number((text.match(new RegExp(`^${name}=([\\d.]+)`, 'm')) || [])[1]);
      resolve({ perSecond: value('CYCLES_PER_SECOND'), errors: value('NON_200'), p99: value('P99_MS') });
    });
  });
}

/** Runs work while sampling each service's RSS every 100 ms; answers the work's result and each service's peak. */
async function peakRss(pids, work) {
  const peak = Object.fromEntries(SERVICES.map((s) => [s, rssMiB(pids[s])]));
  const timer = setInterval(() => { for (const s of SERVICES) peak[s] = Math.max(peak[s], rssMiB(pids[s])); }, 100);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

async function measure(mode, client, work) {
  process.env.NATIVE = mode === 'native' ? '1' : '';
  await startStack(client, `native-bench-${mode}`);
  try {
    let env = stackEnv();
    const starts = {};
    for (const service of SERVICES) {
      const runs = [];
      for (let i = 0; i < START_RUNS; i++) {
        runs.push(await restartAlone(service, portOf(env, service)));
        await sleep(2000); // let the machine settle between runs
      }
      starts[service] = runs.sort((a, b) => a - b);
    }
    await sleep(5000);
    env = stackEnv();
    const pids = Object.fromEntries(SERVICES.map((s) => [s, env[pidVar(s)]]));
    const idle = Object.fromEntries(SERVICES.map((s) => [s, rssMiB(pids[s])]));

    const alice = await editor(`native-bench-${mode}`);
    const signed = (launch) => {
      const url = launch.wopiSrc + '?access_token=' + encodeURIComponent(launch.accessToken);
      return { url, headers: client.proofHeaders(launch.accessToken, url) };
    };
    const info = signed(await alice.open('Bench.docx', Buffer.alloc(100 * 1024, 3)));
    const documents = [];
    for (let i = 0; i < 16; i++) documents.push(signed(await alice.open(`Lock-${i}.docx`, Buffer.alloc(1024, 1))));
    // The same warm-up for both: the JVM needs it to compile the paths; a native executable is compiled already.
    await wrk(info.url, info.headers, 16, 2 * SECONDS);
    await lockCycles(documents, work, SECONDS);
    const { result: checks, peak } = await peakRss(pids, async () => {
      const r = await wrk(info.url, info.headers, 16);
      const cycles = await lockCycles(documents, work, SECONDS);
      return { r, cycles };
    });
    if (checks.r.non2xx > 0) throw new Error(`CheckFileInfo (${mode}): ${checks.r.non2xx} errors`);
    if (checks.cycles.errors !== 0) throw new Error(`Lock+Unlock (${mode}): ${checks.cycles.errors} failed requests`);
    return { starts, idle, peak, checkFileInfo: checks.r, cycles: checks.cycles };
  } finally {
    await stopStack();
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'native-bench-'));
const client = await startFakeWopiClient(CLIENT_PORT);
try {
  const results = {};
  for (const mode of MODES) {
    results[mode] = await measure(mode, client, work);
    console.log(`${mode}: ${JSON.stringify(results[mode])}`);
  }
  if (!results.jvm || !results.native) process.exit(0);
  const { jvm, native } = results;
  const range = (runs) => `${(runs[0] / 1000).toFixed(2)}–${(runs[runs.length - 1] / 1000).toFixed(2)} s`;
  const verdict = (ok) => (ok ? 'pass' : 'not yet');
  console.log(`\nmachine: ${os.cpus().length} cores shared by the stack, Redis, PostgreSQL, Keycloak and wrk; ${SECONDS} s per timed run; `
    + `start: exec to ready, ${START_RUNS} restarts of each service alone (min–max); ${new Date().toISOString()}\n`);
  console.log('| service | start, JVM | start, native | RSS idle, JVM | RSS idle, native | peak RSS under load, JVM | peak RSS under load, native | goal (native) | verdict |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const s of SERVICES) {
    const ok = native.starts[s][native.starts[s].length - 1] <= 200 && native.idle[s] <= 64;
    console.log(`| ${s} | ${range(jvm.starts[s])} | ${range(native.starts[s])} | ${jvm.idle[s].toFixed(0)} MiB | ${native.idle[s].toFixed(0)} MiB `
      + `| ${jvm.peak[s].toFixed(0)} MiB | ${native.peak[s].toFixed(0)} MiB | start <= 0.2 s, idle <= 64 MiB | ${verdict(ok)} |`);
  }
  console.log('\n| through the whole stack | JVM | native | native / JVM | goal | verdict |');
  console.log('|---|---|---|---|---|---|');
  const ratio = (n, j) => n / j;
  const cfi = ratio(native.checkFileInfo.rps, jvm.checkFileInfo.rps);
  console.log(`| CheckFileInfo, 16 connections | ${jvm.checkFileInfo.rps.toFixed(0)} req/s (p99 ${jvm.checkFileInfo.p99.toFixed(2)} ms) `
    + `| ${native.checkFileInfo.rps.toFixed(0)} req/s (p99 ${native.checkFileInfo.p99.toFixed(2)} ms) | ${(100 * cfi).toFixed(0)}% | >= 70% | ${verdict(cfi >= 0.7)} |`);
  const lock = ratio(native.cycles.perSecond, jvm.cycles.perSecond);
  console.log(`| Lock+Unlock cycles, 16 editors | ${jvm.cycles.perSecond.toFixed(0)} cycles/s (p99 ${jvm.cycles.p99.toFixed(2)} ms) `
    + `| ${native.cycles.perSecond.toFixed(0)} cycles/s (p99 ${native.cycles.p99.toFixed(2)} ms) | ${(100 * lock).toFixed(0)}% | >= 70% | ${verdict(lock >= 0.7)} |`);
} finally {
  await client.close();
  fs.rmSync(work, { recursive: true, force: true });
}
