// .dockerignore: Docker's pattern semantics (not gitignore's). Patterns are matched against the
// slash-separated path relative to the context root, in order; a later `!` pattern re-includes
// what an earlier one excluded. A pattern that matches a directory excludes everything below it.
import { posix } from 'node:path';

/** One compiled line of a .dockerignore file. */
export interface IgnorePattern {
  /** The cleaned pattern text, without the leading `!`. */
  readonly pattern: string;
  /** True for `!pattern` lines, which re-include. */
  readonly exclusion: boolean;
  readonly regexp: RegExp;
}

/**
 * Parses the text of a .dockerignore file into its patterns: a leading UTF-8 BOM is dropped,
 * `#` lines are comments, surrounding whitespace is trimmed, paths are cleaned (`./a/../b` is
 * `b`) and a leading `/` is dropped (patterns are relative to the context root).
 * @example parseDockerignore('node_modules\n!node_modules/keep\n')
 */
export function parseDockerignore(text: string): string[] {
  const out: string[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (const raw of body.split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    let line = raw.trim();
    if (line === '') continue;
    const invert = line.startsWith('!');
    if (invert) line = line.slice(1).trim();
    if (line !== '') {
      line = posix.normalize(line);
      if (line.length > 1 && line.endsWith('/')) line = line.slice(0, -1);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    out.push(invert ? `!${line}` : line);
  }
  return out;
}

/**
 * Compiles one pattern as Docker does: `*` matches within one path segment, `?` one character
 * other than `/`, `**` any number of segments (also none), `[...]` a character class (`[!...]`
 * or `[^...]` negated), `\` escapes the next character.
 * @throws {Error} for a malformed pattern (an unterminated character class), naming it
 */
export function compileIgnorePattern(line: string): IgnorePattern {
  const exclusion = line.startsWith('!');
  const pattern = exclusion ? line.slice(1) : line;
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '\\') {
      if (i + 1 < pattern.length) {
        i++;
        re += escapeRegExp(pattern[i]);
      } else {
        re += '\\\\';
      }
    } else if (ch === '[') {
      const close = findClassEnd(pattern, i);
      if (close === -1) throw new Error(`invalid .dockerignore pattern "${line}": unterminated [`);
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/\\(.)/g, (_m, c: string) => `\\${c}`).replace(/\//g, '');
      re += `[${negate ? '^/' : ''}${body.replace(/\]/g, '\\]')}]`;
      i = close;
    } else {
      re += escapeRegExp(ch);
    }
  }
  re += '$';
  return { pattern, exclusion, regexp: new RegExp(re, 's') };
}

/**
 * Decides which paths of a build context are ignored, with Docker's rules: patterns are tried in
 * order; a path is ignored when the last pattern matching it (or one of its parent directories)
 * is not a `!` exception.
 */
export class IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** True when some `!` exception exists, so an ignored directory may still hold kept files. */
  readonly hasExclusions: boolean;

  /** @throws {Error} for a malformed pattern */
  constructor(lines: readonly string[]) {
    this.patterns = lines.map(compileIgnorePattern);
    this.hasExclusions = this.patterns.some((p) => p.exclusion);
  }

  /** True when `path` (slash-separated, relative to the context root) is ignored. */
  ignores(path: string): boolean {
    const file = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
    const parents = file.split('/').slice(0, -1);
    let matched = false;
    for (const p of this.patterns) {
      // An inclusion cannot change an already-ignored path, an exception a kept one.
      if (p.exclusion !== matched) continue;
      let match = p.regexp.test(file);
      for (let i = 1; !match && i <= parents.length; i++) {
        match = p.regexp.test(parents.slice(0, i).join('/'));
      }
      if (match) matched = !p.exclusion;
    }
    return matched;
  }

  /**
   * True when the walk can skip an ignored directory entirely: no `!` exception could re-include
   * something below it.
   */
  canSkipDirectory(dir: string): boolean {
    if (!this.hasExclusions) return true;
    const prefix = `${dir}/`;
    for (const p of this.patterns) {
      if (!p.exclusion) continue;
      // An exception with wildcards before its end may reach anywhere; be conservative.
      if (/[*?[\\]/.test(p.pattern)) return false;
      if (p.pattern.startsWith(prefix) || p.pattern === dir) return false;
    }
    return true;
  }
}

function findClassEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
