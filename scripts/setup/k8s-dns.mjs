// The test cluster's DNS server (the role CoreDNS plays on a real cluster; Debian has no
// CoreDNS). It follows Services and Endpoints through the API (list, then watch) and answers,
// over UDP and TCP:
//   <svc>.<ns>.svc.<domain>            A: the ClusterIP, or the ready addresses of a headless one
//   <hostname>.<svc>.<ns>.svc.<domain> A: a headless Service's endpoint with that hostname
//                                      (StatefulSet pods)
// Other names in <domain> get NXDOMAIN (an empty answer for other types of a known name);
// everything else is forwarded to the host's resolver. Pods find `<svc>` and `<svc>.<ns>`
// through the search path kubelet writes into their resolv.conf, as on any cluster.
//
// Usage: node scripts/setup/k8s-dns.mjs --listen IP[:PORT] --kubeconfig FILE
//          [--domain cluster.local] [--upstream IP[:PORT]]
// The kubeconfig is the JSON one kubernetes.sh writes (client certificate files).
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs),
      [],
    ),
);
const [listenHost, listenPort = '53'] = (args.listen ?? '').split(':');
if (listenHost === '' || args.kubeconfig === undefined) {
  console.error(
    'usage: k8s-dns.mjs --listen IP[:PORT] --kubeconfig FILE [--domain D] [--upstream IP[:PORT]]',
  );
  process.exit(2);
}
const domain = (args.domain ?? 'cluster.local').toLowerCase();
const upstream = parseUpstream(args.upstream);
const log = (msg) => console.log(`${new Date().toISOString()} ${msg}`);

// ---- cluster state: Services and Endpoints by "<ns>/<name>" ----
const services = new Map();
const endpoints = new Map();
const key = (o) => `${o.metadata.namespace}/${o.metadata.name}`;

const config = JSON.parse(readFileSync(args.kubeconfig, 'utf8'));
const cluster = config.clusters[0].cluster;
const user = config.users[0].user;
const server = new URL(cluster.server);
const agent = new https.Agent({
  keepAlive: true,
  ca: readFileSync(cluster['certificate-authority']),
  cert: readFileSync(user['client-certificate']),
  key: readFileSync(user['client-key']),
});

function apiGet(path) {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: server.hostname, port: server.port, path, agent }, resolve);
    req.on('error', reject);
  });
}

/** Lists then watches `path` into `store` forever, re-listing after errors or expiry. */
async function follow(path, store, keep) {
  for (;;) {
    try {
      const res = await apiGet(path);
      const list = JSON.parse(await readAll(res));
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${list.message}`);
      store.clear();
      for (const item of list.items) if (keep(item)) store.set(key(item), item);
      let rv = list.metadata.resourceVersion;
      for (;;) {
        const w = await apiGet(`${path}?watch=1&allowWatchBookmarks=1&resourceVersion=${rv}`);
        if (w.statusCode !== 200) throw new Error(`${path} watch: ${w.statusCode}`);
        const gone = await watchLines(w, (event) => {
          if (event.type === 'ERROR') return event.object.code === 410;
          rv = event.object.metadata.resourceVersion;
          if (event.type === 'DELETED' || !keep(event.object)) store.delete(key(event.object));
          else if (event.type !== 'BOOKMARK') store.set(key(event.object), event.object);
          return false;
        });
        if (gone) break;
      }
    } catch (err) {
      log(`watch ${path}: ${err.message}; retrying`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function readAll(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** Feeds each JSON line of a watch to `onEvent`; resolves true when it asks to re-list. */
function watchLines(res, onEvent) {
  return new Promise((resolve, reject) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line !== '' && onEvent(JSON.parse(line))) {
          res.destroy();
          resolve(true);
          return;
        }
      }
    });
    res.on('end', () => resolve(false));
    res.on('error', reject);
  });
}

// ---- answers ----
const A = 1;
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

/** The A records for a name in the cluster zone, or undefined when the name does not exist. */
function lookup(name) {
  const labels = name.slice(0, -(domain.length + 1)).split('.');
  if (labels.length < 3 || labels.at(-1) !== 'svc') return undefined;
  const [svcName, ns] = labels.slice(-3, -1);
  const svc = services.get(`${ns}/${svcName}`);
  if (svc === undefined) return undefined;
  const host = labels.length === 4 ? labels[0] : undefined;
  if (labels.length > 4) return undefined;
  const headless = svc.spec.clusterIP === 'None' || svc.spec.clusterIP === undefined;
  if (host === undefined && !headless) return [svc.spec.clusterIP];
  const addresses = (endpoints.get(`${ns}/${svcName}`)?.subsets ?? []).flatMap(
    (s) => s.addresses ?? [],
  );
  const ips = addresses.filter((a) => host === undefined || a.hostname === host).map((a) => a.ip);
  if (host !== undefined && ips.length === 0) return undefined;
  return ips;
}

/** Answers one DNS message; resolves with the reply (or undefined to stay silent). */
async function answer(msg) {
  if (msg.length < 12) return undefined;
  const q = parseQuestion(msg);
  if (q === undefined) return reply(msg, 12, [], 4 /* FORMERR */);
  const name = q.name.toLowerCase();
  if (name === domain || name.endsWith(`.${domain}`)) {
    const ips = lookup(name);
    if (ips === undefined) return reply(msg, q.end, [], NXDOMAIN);
    const wanted = q.type === A || q.type === 255 ? ips : [];
    return reply(msg, q.end, wanted, NOERROR);
  }
  if (upstream === undefined) return reply(msg, q.end, [], 5 /* REFUSED */);
  try {
    return await forward(msg);
  } catch {
    return reply(msg, q.end, [], SERVFAIL);
  }
}

function parseQuestion(msg) {
  if (msg.readUInt16BE(4) !== 1) return undefined;
  const parts = [];
  let at = 12;
  for (;;) {
    if (at >= msg.length) return undefined;
    const len = msg[at];
    if (len === 0) break;
    if (len > 63 || at + 1 + len > msg.length) return undefined;
    parts.push(msg.toString('latin1', at + 1, at + 1 + len));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  return { name: parts.join('.'), type: msg.readUInt16BE(at + 1), end: at + 5 };
}

/** A reply to `query` (its question kept) with the given A records and response code. */
function reply(query, questionEnd, ips, rcode) {
  const head = Buffer.from(query.subarray(0, questionEnd));
  const rd = head[2] & 1;
  head[2] = 0x80 | 0x04 | rd; // QR, AA, RD copied
  head[3] = 0x80 | rcode; // RA
  head.writeUInt16BE(questionEnd > 12 ? 1 : 0, 4);
  head.writeUInt16BE(ips.length, 6);
  head.writeUInt32BE(0, 8);
  const records = ips.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(A, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(5, 6); // TTL: short, the cluster changes under tests
    rr.writeUInt16BE(4, 10);
    ip.split('.').forEach((o, i) => (rr[12 + i] = Number(o)));
    return rr;
  });
  return Buffer.concat([head, ...records]);
}

function forward(msg) {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(net.isIPv6(upstream.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error('upstream timeout'));
    }, 3000);
    sock.on('message', (res) => {
      if (res.length < 2 || res.readUInt16BE(0) !== msg.readUInt16BE(0)) return;
      clearTimeout(timer);
      sock.close();
      resolve(res);
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      sock.close();
      reject(err);
    });
    sock.send(msg, upstream.port, upstream.host);
  });
}

function parseUpstream(value) {
  let v = value;
  if (v === undefined) {
    const conf = readFileSync('/etc/resolv.conf', 'utf8');
    v = /^nameserver\s+(\S+)/m.exec(conf)?.[1];
    if (v === undefined) return undefined;
  }
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(v);
  return { host: m[1], port: Number(m[2] ?? 53) };
}

// ---- servers ----
const udp = dgram.createSocket('udp4');
udp.on('message', (msg, rinfo) => {
  answer(msg).then(
    (res) => res !== undefined && udp.send(res, rinfo.port, rinfo.address),
    (err) => log(`udp: ${err.message}`),
  );
});
udp.bind(Number(listenPort), listenHost);

const tcp = net.createServer((conn) => {
  let buf = Buffer.alloc(0);
  conn.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
      buf = buf.subarray(2 + msg.length);
      answer(msg).then(
        (res) => {
          if (res === undefined) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(res.length);
          conn.write(Buffer.concat([len, res]));
        },
        () => conn.destroy(),
      );
    }
  });
  conn.on('error', () => conn.destroy());
});
tcp.listen(Number(listenPort), listenHost);

log(
  `serving ${domain} on ${listenHost}:${listenPort}, forwarding to ${upstream ? `${upstream.host}:${upstream.port}` : 'nobody'}`,
);
void follow('/api/v1/services', services, () => true);
void follow('/api/v1/endpoints', endpoints, () => true);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
