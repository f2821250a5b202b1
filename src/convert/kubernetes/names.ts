/**
 * Kubernetes names and their syntax: compose keys (`db_main`, `Web`, `1cache`) become valid
 * object names, and every name, label and key the converter writes is checked against the API
 * server's rules (Kubernetes 1.20's validation).
 */
import { createHash } from 'node:crypto';
import { ComposeError } from '../../api/errors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A DNS-1123 label: lower-case alphanumerics and `-`, at most 63 characters (namespaces, ...). */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** A DNS-1123 subdomain: labels joined by dots, at most 253 characters (most object names). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every((part) => DNS1123_LABEL.test(part));
}

/** A DNS-1035 label: a DNS-1123 label starting with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name 63 characters. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix === '' || !isDns1123Subdomain(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A label value: empty, or 63 characters of alphanumerics, `-`, `_`, `.` with alphanumeric ends. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A ConfigMap or Secret key. */
export function isConfigKey(key: string): boolean {
  return key.length <= 253 && CONFIG_KEY.test(key);
}

/** An environment variable name as Kubernetes 1.20 accepts it. */
export function isEnvVarName(name: string): boolean {
  return ENV_VAR_NAME.test(name);
}

/** A port name (IANA_SVC_NAME): 15 characters, a letter at least, no `--`. */
export function isPortName(name: string): boolean {
  return name.length <= 15 && PORT_NAME.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/**
 * A DNS-1035 label made from any text: lower-cased, other characters replaced by `-`, a leading
 * digit prefixed (`1cache` -> `x-1cache`), shortened with a hash when longer than `max`.
 * @example dnsName('db_main') // 'db-main'
 */
export function dnsName(text: string, max = 63): string {
  let s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') s = 'x';
  if (!/^[a-z]/.test(s)) s = `x-${s}`;
  if (s.length > max) {
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
    s = `${s.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
  }
  return s;
}

/** A ConfigMap/Secret key made from any text (`-`, `_`, `.` and alphanumerics kept). */
export function configKey(text: string): string {
  const s = text.replace(/[^-._a-zA-Z0-9]+/g, '_');
  return s === '' ? 'data' : s.slice(0, 253);
}

/**
 * The names taken for one kind of object: two owners (a compose service, a config, a
 * converter-made object) that would get the same name are an error, never one object silently
 * replacing the other.
 */
export class NameTable {
  private readonly owners = new Map<string, string>();

  /** @param kind the object kind, for messages (`Service`, `ConfigMap`) */
  constructor(private readonly kind: string) {}

  /**
   * Takes `name` for `owner` (again for the same owner is fine).
   * @param owner who needs it, as the message shows it: `service "db_main"`
   * @throws ComposeError('CONVERT') when another owner has it
   */
  claim(name: string, owner: string): string {
    const other = this.owners.get(name);
    if (other !== undefined && other !== owner) {
      throw new ComposeError(
        'CONVERT',
        `the ${this.kind} name ${JSON.stringify(name)} is needed by both ${other} and ${owner}`,
        { hint: 'rename one of them: names differing only in case, "_" or "." become the same' },
      );
    }
    this.owners.set(name, owner);
    return name;
  }
}
