import { homedir } from 'node:os';
import { posix } from 'node:path';

/**
 * File path helpers with Go's `path/filepath` semantics on Unix, so that resolved paths are
 * spelled exactly as docker compose spells them (no trailing slash, `.` and `..` folded).
 */

/** Go's filepath.Clean. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const n = posix.normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Go's filepath.Join: empty elements are ignored, the result is cleaned. */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  if (nonEmpty.length === 0) return '';
  return goClean(nonEmpty.join('/'));
}

/** True for `C:\x`, `C:/x` and `\\server\share\x`: absolute on a Windows engine host. */
export function isWindowsAbs(path: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(path)) return true;
  return /^[\\/]{2}[^\\/]+[\\/][^\\/]+/.test(path);
}

/** Replaces a leading `~` with the home directory (compose-go's ExpandUser). */
export function expandUser(path: string, home: string = homedir()): string {
  if (!path.startsWith('~')) return path;
  return goJoin(home, path.slice(1));
}
