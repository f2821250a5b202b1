/** Where the engine listens, parsed from a `DOCKER_HOST`-style address. */
export type EngineAddress =
  | {
      readonly kind: 'unix';
      /** Path of the unix socket. */
      readonly socketPath: string;
    }
  | {
      readonly kind: 'tcp';
      readonly hostname: string;
      readonly port: number;
      /** True for `https://` addresses; `tcp://` gets TLS from the environment or context. */
      readonly https: boolean;
      /** Path prefix of an engine behind a proxy (`tcp://host:2375/base`), without the trailing `/`. */
      readonly basePath: string;
    };

/** The engine address when nothing else is configured. */
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/**
 * Parses a Docker host address: `unix:///path`, `tcp://host[:port][/base]`,
 * `http://host[:port]`, `https://host[:port]`, or `host:port` (tcp, as the docker CLI's `-H`
 * accepts). A tcp address without a port gets 2376 when `tls` is set, else 2375.
 *
 * @throws {Error} for an empty address, a malformed one, or a scheme this client cannot use
 *   (`ssh://`, `npipe://`, `fd://`), naming the address.
 * @example parseDockerHost('tcp://127.0.0.1:2375') // { kind: 'tcp', hostname: '127.0.0.1', port: 2375, ... }
 */
export function parseDockerHost(host: string, tls = false): EngineAddress {
  const value = host.trim();
  if (value === '') throw new Error('invalid Docker host "": the address is empty');
  const sep = value.indexOf('://');
  const scheme = sep === -1 ? 'tcp' : value.slice(0, sep).toLowerCase();
  const rest = sep === -1 ? value : value.slice(sep + 3);
  switch (scheme) {
    case 'unix': {
      if (rest === '') throw new Error(`invalid Docker host "${host}": no socket path`);
      return { kind: 'unix', socketPath: rest };
    }
    case 'tcp':
    case 'http':
    case 'https':
      return parseTcp(host, rest, scheme === 'https', tls || scheme === 'https');
    case 'ssh':
    case 'npipe':
    case 'fd':
      throw new Error(
        `unsupported Docker host "${host}": ${scheme}:// is not supported by flotilla; ` +
          'use unix://, tcp://, http:// or https://',
      );
    default:
      throw new Error(
        `invalid Docker host "${host}": unknown scheme "${scheme}" ` +
          '(expected unix://, tcp://, http:// or https://)',
      );
  }
}

function parseTcp(host: string, rest: string, https: boolean, tls: boolean): EngineAddress {
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const basePath = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  let hostname: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) throw new Error(`invalid Docker host "${host}": unclosed "[" in address`);
    hostname = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw new Error(`invalid Docker host "${host}": unexpected "${after}" after the address`);
    }
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    hostname = colon === -1 ? authority : authority.slice(0, colon);
    portText = colon === -1 ? undefined : authority.slice(colon + 1);
  }
  // An empty host means the local machine, as for the docker CLI.
  if (hostname === '') hostname = '127.0.0.1';
  let port = tls ? 2376 : 2375;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535 || Number(portText) === 0) {
      throw new Error(`invalid Docker host "${host}": invalid port "${portText}"`);
    }
    port = Number(portText);
  }
  return { kind: 'tcp', hostname, port, https, basePath };
}
