/**
 * The two address helpers of Go's `net` package that the port short syntax relies on, with
 * Go's acceptance rules: an address accepted or refused here is accepted or refused by docker
 * compose too (no leading zeros in IPv4 fields, no IPv6 zones, embedded IPv4 only at the end).
 */

/**
 * Go's net.SplitHostPort: the host part of `host:port`, brackets of an IPv6 literal removed.
 * @throws Error with Go's message (`address <a>: too many colons in address`, ...).
 */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const fail = (why: string): Error => new Error(`address ${hostport}: ${why}`);
  const last = hostport.lastIndexOf(':');
  if (last < 0) throw fail('missing port in address');
  let host: string;
  let from = 0;
  let closeFrom = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) throw fail("missing ']' in address");
    if (end + 1 !== last) {
      if (end + 1 === hostport.length) throw fail('missing port in address');
      throw fail(
        hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address',
      );
    }
    host = hostport.slice(1, end);
    from = 1;
    closeFrom = end + 1;
  } else {
    host = hostport.slice(0, last);
    if (host.includes(':')) throw fail('too many colons in address');
  }
  if (hostport.indexOf('[', from) >= 0) throw fail("unexpected '[' in address");
  if (hostport.indexOf(']', closeFrom) >= 0) throw fail("unexpected ']' in address");
  return { host, port: hostport.slice(last + 1) };
}

/** Go's `net.ParseIP(s) != nil`: a dotted-decimal IPv4 or an IPv6 address without zone. */
export function isIP(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '.') return isIPv4(s, 0, s.length);
    if (c === ':') return isIPv6(s);
    if (c === '%') return false;
  }
  return false;
}

/** Four decimal fields 0-255 in `s[start:end]`, without leading zeros. */
function isIPv4(s: string, start: number, end: number): boolean {
  let fields = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false; // leading zero
      value = value * 10 + (c - 0x30);
      if (value > 255) return false;
      digits++;
    } else if (c === 0x2e) {
      if (digits === 0 || fields === 3) return false;
      fields++;
      digits = 0;
      value = 0;
    } else {
      return false;
    }
  }
  return fields === 3 && digits > 0;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Go's netip IPv6 parser, reduced to a yes/no answer; a zone makes ParseIP refuse it. */
function isIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let pos = 0;
  let bytes = 0;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return true;
  }
  while (bytes < 16) {
    let off = 0;
    while (pos + off < s.length && hexValue(s.charCodeAt(pos + off)) >= 0) {
      off++;
      if (off > 4) return false;
    }
    if (off === 0) return false;
    if (pos + off < s.length && s[pos + off] === '.') {
      if (ellipsis < 0 && bytes !== 12) return false;
      if (bytes + 4 > 16) return false;
      if (!isIPv4(s, pos, s.length)) return false;
      pos = s.length;
      bytes += 4;
      break;
    }
    bytes += 2;
    pos += off;
    if (pos === s.length) break;
    if (s[pos] !== ':' || pos + 1 === s.length) return false;
    pos++;
    if (s[pos] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = bytes;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return false;
  if (bytes < 16) return ellipsis >= 0;
  return ellipsis < 0;
}
