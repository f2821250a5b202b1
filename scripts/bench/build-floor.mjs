// Engine-API floor of the build workload of `npm run bench`: the least a program building an
// image with the engine's classic builder must do, written plainly with node:http over the
// engine's socket — a tar of the context directory in memory, one `POST /build`, its JSON
// lines read to the end. The image is the one the compose tools build: with the label
// `com.docker.compose.image.builder=classic` that docker compose (and flotilla) puts on a
// classic build, which the engine applies as a last `LABEL` step (one more container, ~0.2 s).
//
// Usage: node scripts/bench/build-floor.mjs build DIR TAG   (no cache, intermediate
//          containers removed, as `build --no-cache` of the compose tools)
//        node scripts/bench/build-floor.mjs rmi TAG...      (missing images are not errors)
//
// DOCKER_HOST=unix:///path is honoured; the default socket is /var/run/docker.sock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { URLSearchParams } from 'node:url';

const socketPath = process.env.DOCKER_HOST?.startsWith('unix://')
  ? process.env.DOCKER_HOST.slice('unix://'.length)
  : '/var/run/docker.sock';

/** One ustar header block for a regular file. */
function header(name, size, mode) {
  const h = Buffer.alloc(512);
  const field = (text, offset, length) => h.write(text, offset, length, 'utf8');
  const octal = (n, offset, length) =>
    field(`${n.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  field(name, 0, 100);
  octal(mode, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(0, 136, 12);
  h.fill(' ', 148, 156);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  octal(sum, 148, 7);
  return h;
}

/** The directory as an uncompressed tar (regular files only; names under 100 bytes). */
function tarOf(dir) {
  const parts = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const data = readFileSync(full);
        parts.push(header(relative(dir, full), data.length, statSync(full).mode & 0o777), data);
        const pad = (512 - (data.length % 512)) % 512;
        if (pad) parts.push(Buffer.alloc(pad));
      }
    }
  };
  walk(dir);
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function build(dir, tag) {
  const tar = tarOf(dir);
  const query = new URLSearchParams({
    t: tag,
    nocache: '1',
    rm: '1',
    forcerm: '1',
    labels: JSON.stringify({ 'com.docker.compose.image.builder': 'classic' }),
  });
  const { status, text } = await call('POST', `/build?${query}`, tar, {
    'Content-Type': 'application/x-tar',
    'Content-Length': tar.length,
  });
  if (status !== 200) throw new Error(`POST /build: ${status} ${text.trim()}`);
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    if (message.error) throw new Error(`build failed: ${message.error}`);
  }
}

async function rmi(tags) {
  for (const tag of tags) {
    const { status, text } = await call('DELETE', `/images/${encodeURIComponent(tag)}`);
    if (status !== 200 && status !== 404)
      throw new Error(`DELETE /images/${tag}: ${status} ${text.trim()}`);
  }
}

const [mode, ...rest] = process.argv.slice(2);
try {
  if (mode === 'build' && rest.length === 2) await build(rest[0], rest[1]);
  else if (mode === 'rmi' && rest.length > 0) await rmi(rest);
  else {
    console.error('usage: build-floor.mjs build DIR TAG | rmi TAG...');
    process.exit(2);
  }
} catch (err) {
  console.error(`build-floor: ${err.message}`);
  process.exit(1);
}
