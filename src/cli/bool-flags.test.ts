import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, Option } from 'commander';
import { isComposeError } from '../api/errors.js';
import { parseGoBool, rewriteBoolValues } from './bool-flags.js';

const cmd = new Command('run')
  .addOption(new Option('-i, --interactive').default(true))
  .addOption(new Option('--no-interactive'))
  .option('--rm')
  .option('-u, --user <user>');

test('rewriteBoolValues turns =BOOL into the flag or its negation, as pflag reads them', () => {
  assert.deepEqual(rewriteBoolValues(['-i=false', 'web'], cmd.options), [
    '--no-interactive',
    'web',
  ]);
  assert.deepEqual(rewriteBoolValues(['--interactive=0'], cmd.options), ['--no-interactive']);
  assert.deepEqual(rewriteBoolValues(['--interactive=True'], cmd.options), ['--interactive']);
  assert.deepEqual(rewriteBoolValues(['--rm=t'], cmd.options), ['--rm']);
  // No negation declared: false leaves the default (off).
  assert.deepEqual(rewriteBoolValues(['--rm=false', 'web'], cmd.options), ['web']);
  // Value flags and unknown ones are left alone.
  assert.deepEqual(rewriteBoolValues(['--user=0', '-x=false'], cmd.options), [
    '--user=0',
    '-x=false',
  ]);
});

test('rewriteBoolValues refuses what Go ParseBool refuses, with pflag message', () => {
  assert.throws(
    () => rewriteBoolValues(['-i=maybe'], cmd.options),
    (err) =>
      isComposeError(err) &&
      err.message ===
        'invalid argument "maybe" for "-i, --interactive" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
  );
  assert.equal(parseGoBool('FALSE'), false);
  assert.equal(parseGoBool('1'), true);
  assert.equal(parseGoBool('yes'), undefined);
});
