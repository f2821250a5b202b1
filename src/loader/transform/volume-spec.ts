import { Buffer } from 'node:buffer';
import { dict, type Dict, type Path } from '../tree.js';
import { transformError } from './rules.js';

/**
 * The service volume short syntax, `[source:]target[:options]`, as compose-go's
 * format.ParseVolume reads it, without knowing the engine's platform:
 *
 * - one section is an anonymous volume's target; two are source and target; the third is a
 *   comma-separated option list (`ro`, `rw`, `nocopy`, `z`, `Z`, and the bind propagations
 *   `rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave`; any other option is
 *   ignored, as docker compose does);
 * - a Windows drive letter (`C:`) does not end a section, nor does a `:` inside `${...}`
 *   (values that were not interpolated);
 * - a source starting with `.`, `/`, `~`, `\\` or a drive letter is a bind mount (which creates
 *   the host path when missing), anything else a named volume.
 */

const PROPAGATIONS: ReadonlySet<string> = new Set([
  'rprivate',
  'private',
  'rshared',
  'shared',
  'rslave',
  'slave',
]);

/**
 * Parses a short-syntax service volume into its long syntax: `type`, `source`, `target`,
 * `read_only`, `bind` (`selinux`, `propagation`, `create_host_path`) and `volume` (`nocopy`),
 * empty values left out. The target is returned as written (the canonical phase cleans it).
 * @param path where the value is, for the error message
 * @throws ComposeError('SCHEMA'): `invalid empty volume spec`,
 * `invalid spec: <spec>: empty section between colons`, `invalid spec: <spec>: too many colons`.
 * @example parseVolumeSpec('./data:/data:ro')
 * // { type: 'bind', source: './data', target: '/data', read_only: true,
 * //   bind: { create_host_path: true } }
 */
export function parseVolumeSpec(spec: string, path?: Path): Dict {
  if (spec === '') throw transformError(path, 'invalid empty volume spec');
  // One or two bytes can only be an anonymous volume's target.
  if (spec.length <= 2 && Buffer.byteLength(spec) <= 2) {
    return encode({ ...EMPTY, target: spec }, false);
  }

  const volume: Parsed = { ...EMPTY };
  // Sections are sliced out of `spec`; a NUL ends a section as the end of the text does.
  let start = 0;
  let substitutions = 0;
  for (let i = 0; i <= spec.length; i++) {
    const c = i < spec.length ? spec.charCodeAt(i) : NUL;
    if (c === DOLLAR && i + 1 < spec.length && spec.charCodeAt(i + 1) === OPEN_BRACE) {
      substitutions++;
    } else if (c === CLOSE_BRACE && substitutions > 0) {
      substitutions--;
    } else if (c === COLON && isDriveLetter(spec, start, i)) {
      // a drive letter: `C:\path`
    } else if ((c === COLON || c === NUL) && substitutions === 0) {
      const problem = populate(volume, c === NUL, spec.slice(start, i));
      if (problem !== undefined) throw transformError(path, `invalid spec: ${spec}: ${problem}`);
      start = i + 1;
    }
  }
  return encode(volume, true);
}

interface Parsed {
  source: string;
  target: string;
  readOnly: boolean;
  selinux: string;
  propagation: string;
  /** A `volume` section was given (`nocopy`). */
  nocopy: boolean;
}

const EMPTY: Readonly<Parsed> = {
  source: '',
  target: '',
  readOnly: false,
  selinux: '',
  propagation: '',
  nocopy: false,
};

/** Stores one section; returns what is wrong with it, if anything. */
function populate(volume: Parsed, atEnd: boolean, section: string): string | undefined {
  if (section === '') return 'empty section between colons';
  if (volume.source === '' && atEnd) {
    volume.target = section;
    return undefined;
  }
  if (volume.source === '') {
    volume.source = section;
    return undefined;
  }
  if (volume.target === '') {
    volume.target = section;
    return undefined;
  }
  if (!atEnd) return 'too many colons';
  for (const option of section.split(',')) {
    if (option === 'ro') volume.readOnly = true;
    else if (option === 'rw') volume.readOnly = false;
    else if (option === 'nocopy') volume.nocopy = true;
    else if (option === 'z' || option === 'Z') volume.selinux = option;
    else if (PROPAGATIONS.has(option)) volume.propagation = option;
  }
  return undefined;
}

/** The long syntax; `typed`: add the type's own section (compose-go skips it for 1-2 bytes). */
function encode(volume: Parsed, typed: boolean): Dict {
  const out = dict();
  const bindMount = isFilePath(volume.source);
  out.type = bindMount ? 'bind' : 'volume';
  if (volume.source !== '') out.source = volume.source;
  if (volume.target !== '') out.target = volume.target;
  if (volume.readOnly) out.read_only = true;
  if (bindMount || volume.selinux !== '' || volume.propagation !== '') {
    const bind = dict();
    if (volume.selinux !== '') bind.selinux = volume.selinux;
    if (volume.propagation !== '') bind.propagation = volume.propagation;
    if (bindMount) bind.create_host_path = true;
    out.bind = bind;
  }
  if (volume.nocopy) out.volume = dict([['nocopy', true]]);
  else if (!bindMount && typed) out.volume = dict();
  return out;
}

/** Whether a volume source names a host path rather than a volume. */
function isFilePath(source: string): boolean {
  if (source === '') return false;
  const first = source[0];
  if (first === '.' || first === '/' || first === '~') return true;
  if (source.startsWith('\\\\')) return true;
  const code = source.codePointAt(0)!;
  const next = code > 0xffff ? 2 : 1;
  return source[next] === ':' && isLetter(String.fromCodePoint(code));
}

const NUL = 0x00;
const DOLLAR = 0x24;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** `spec[start, end)` is one letter (one code point: one or two UTF-16 units). */
function isDriveLetter(spec: string, start: number, end: number): boolean {
  const length = end - start;
  return (length === 1 || length === 2) && isLetter(spec.slice(start, end));
}

const LETTER = /^\p{L}$/u;

function isLetter(char: string): boolean {
  return LETTER.test(char);
}
