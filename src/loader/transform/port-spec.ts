import { compareStrings } from '../go-format.js';
import { dict, type Dict, type Path } from '../tree.js';
import { isIP, splitHostPort } from './go-net.js';
import { transformError } from './rules.js';

/**
 * The port short syntax, `[[ip:]published:]target[/protocol]`, as docker compose reads it
 * (docker/go-connections' nat.ParsePortSpec, then compose-go's conversion to the long syntax).
 *
 * `published` and `target` may be ranges (`8000-8010`); an IPv6 host address is written in
 * brackets (`[::1]:80:80`). A target range gives one port per target; a published range with a
 * single target is kept as a range for the engine to pick from.
 */

/**
 * Parses one short-syntax port into long-syntax port mappings (`mode`, `host_ip`, `target`,
 * `published`, `protocol`; empty values left out), ordered as docker compose orders them: by
 * `"<target>/<protocol>"` as text, so `"9-10"` yields 10 before 9.
 * @param path where the value is, for the error message
 * @throws ComposeError('SCHEMA') with docker's wording: `Invalid containerPort: 9999999`,
 * `Invalid hostPort: x`, `Invalid proto: xyz`, `Invalid ip address: 127.0.1`,
 * `No port specified: <empty>`, `Invalid ranges specified for container and host Ports: ...`.
 * @example parsePortSpec('127.0.0.1:8080:80/udp')
 * // [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'udp' }]
 */
export function parsePortSpec(spec: string | number, path?: Path): Dict[] {
  let mappings: PortMapping[];
  try {
    mappings = parseMappings(String(spec));
  } catch (err) {
    throw transformError(path, (err as Error).message);
  }
  if (mappings.length > 1) mappings.sort((a, b) => compareStrings(a.key, b.key));
  return mappings.map((m) => {
    const port = dict();
    port.mode = 'ingress';
    if (m.hostIP !== '') port.host_ip = m.hostIP;
    port.target = m.target;
    if (m.hostPort !== '') port.published = m.hostPort;
    port.protocol = m.protocol;
    return port;
  });
}

interface PortMapping {
  /** nat.Port: `"<target>/<protocol>"`, the sort key. */
  readonly key: string;
  readonly target: number;
  readonly protocol: string;
  readonly hostIP: string;
  readonly hostPort: string;
}

function parseMappings(raw: string): PortMapping[] {
  const parts = raw.split(':');
  const n = parts.length;
  let rawIP = '';
  let hostPort = '';
  if (n === 2) hostPort = parts[0]!;
  else if (n >= 3) {
    rawIP = parts.slice(0, n - 2).join(':');
    hostPort = parts[n - 2]!;
  }
  const [proto, containerPort] = splitProtoPort(parts[n - 1]);

  const ip = splitHostPortOf(`${rawIP}:`, rawIP);
  if (ip !== '' && !isIP(ip)) throw new Error(`Invalid ip address: ${ip}`);
  if (containerPort === '') throw new Error(`No port specified: ${raw}<empty>`);

  const container = parsePortRange(containerPort);
  if (container === undefined) throw new Error(`Invalid containerPort: ${containerPort}`);
  let host: readonly [number, number] = [0, 0];
  if (hostPort !== '') {
    const parsed = parsePortRange(hostPort);
    if (parsed === undefined) throw new Error(`Invalid hostPort: ${hostPort}`);
    host = parsed;
  }
  const [start, end] = container;
  const [hostStart, hostEnd] = host;
  // A published range is allowed against a single target: the engine picks a port from it.
  if (hostPort !== '' && end - start !== hostEnd - hostStart && end !== start) {
    throw new Error(
      `Invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`,
    );
  }
  const protocol = proto.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') {
    throw new Error(`Invalid proto: ${proto}`);
  }

  const out: PortMapping[] = [];
  for (let i = 0; i <= end - start; i++) {
    const target = start + i;
    let published = hostPort === '' ? '' : String(hostStart + i);
    if (start === end && hostStart !== hostEnd) published = `${published}-${hostEnd}`;
    out.push({ key: `${target}/${protocol}`, target, protocol, hostIP: ip, hostPort: published });
  }
  return out;
}

/** nat.SplitProtoPort: `80/udp` → [udp, 80]; the protocol defaults to tcp. */
function splitProtoPort(raw: string): [proto: string, port: string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]];
  return [parts[1], parts[0]];
}

/** nat's IP handling: Go's SplitHostPort on `ip:`, which strips IPv6 brackets. */
function splitHostPortOf(hostport: string, rawIP: string): string {
  try {
    return splitHostPort(hostport).host;
  } catch (err) {
    throw new Error(`Invalid ip address ${rawIP}: ${(err as Error).message}`, { cause: err });
  }
}

/** nat.ParsePortRange: `80` or `8000-8010`, each a decimal 16-bit number; undefined if invalid. */
function parsePortRange(ports: string): readonly [number, number] | undefined {
  if (!ports.includes('-')) {
    const port = parseUint16(ports);
    return port === undefined ? undefined : [port, port];
  }
  // Go splits on every '-' and reads the first two fields only.
  const fields = ports.split('-');
  const start = parseUint16(fields[0]);
  const end = parseUint16(fields[1]);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** strconv.ParseUint(s, 10, 16). */
function parseUint16(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 0xffff ? n : undefined;
}
