// Boolean flags with an explicit value, as docker compose's flag parser (pflag) accepts them:
// `-i=false`, `--interactive=false`, `--sig-proxy=0`. commander knows only `--x` / `--no-x`.
import { Command, type Option, type ParseOptionsResult } from 'commander';
import { ComposeError } from '../api/errors.js';

/**
 * Go's `strconv.ParseBool`: `1 t T TRUE true True` and `0 f F FALSE false False`.
 * @returns undefined for any other text
 */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * Rewrites `--flag=BOOL` and `-f=BOOL` of the boolean options among `options` into the forms
 * commander parses: `--flag` for true; for false the negation `--no-flag` when it is declared,
 * else nothing (the flag keeps its default, false). Other arguments are returned unchanged.
 * @throws {ComposeError} `USAGE` for a value Go's ParseBool refuses, with pflag's message
 * @example rewriteBoolValues(['-i=false', 'web'], cmd.options) // ['--no-interactive', 'web']
 */
export function rewriteBoolValues(args: readonly string[], options: readonly Option[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const m = /^(--[^=\s]+|-[^-=\s])=(.*)$/s.exec(arg);
    const option =
      m === null
        ? undefined
        : options.find(
            (o) => !o.negate && !o.required && !o.optional && (o.long === m[1] || o.short === m[1]),
          );
    if (m === null || option === undefined) {
      out.push(arg);
      continue;
    }
    const value = parseGoBool(m[2]);
    if (value === undefined) {
      const names = [option.short, option.long].filter((n) => n !== undefined).join(', ');
      throw new ComposeError(
        'USAGE',
        `invalid argument "${m[2]}" for "${names}" flag: strconv.ParseBool: parsing "${m[2]}": invalid syntax`,
      );
    }
    const long = option.long ?? '';
    if (value) out.push(long);
    else if (options.some((o) => o.negate && o.long === `--no-${long.slice(2)}`)) {
      out.push(`--no-${long.slice(2)}`);
    }
  }
  return out;
}

/** A command whose boolean flags also take `=true`/`=false`, as docker compose's do. */
export class BoolValueCommand extends Command {
  override parseOptions(args: string[]): ParseOptionsResult {
    return super.parseOptions(rewriteBoolValues(args, this.options));
  }
}
