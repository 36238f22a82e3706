// See storage-storm.sh: WORKERS loops of 100 KB PUTs to storage-service for SECONDS; prints the answers by status.
import http from 'node:http';

const BASE = process.env.STORAGE_URL;
const AUTH = process.env.AUTH;
const WORKERS = Number(process.argv[2] || 50);
const SECONDS = Number(process.argv[3] || 60);
const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS * 2 });
const body = Buffer.alloc(100 * 1024, 9);

/** One exchange, abandoned (status "timeout") after 30 s as a WOPI client would. */
function exchange(method, path) {
  return new Promise((resolve) => {
    const request = http.request(BASE + path, { method, agent, headers: { Authorization: AUTH,
      'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    const timer = setTimeout(() => { request.destroy(); resolve({ status: 'timeout' }); }, 30_000);
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) => resolve({ status: 'error: ' + error.message }));
    request.end(body);
  });
}

const answers = {};
const count = (status) => { answers[status] = (answers[status] || 0) + 1; };
const deadline = Date.now() + SECONDS * 1000;
await Promise.all(Array.from({ length: WORKERS }, async (_, i) => {
  const created = await exchange('POST', `/files?name=storm-${Date.now()}-${i}.docx&ownerId=storm`);
  count(created.status);
  if (created.status !== 201) return;
  const id = JSON.parse(created.text).id;
  while (Date.now() < deadline) count((await exchange('PUT', `/files/${id}/content`)).status);
}));
console.log('answers by status:', JSON.stringify(answers));
agent.destroy();
