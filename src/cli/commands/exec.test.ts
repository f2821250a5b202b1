import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { CommandArgumentsAfterOperand, keepArgumentsAfterOperand, resolveEnv } from './exec.js';

test('resolveEnv keeps KEY=VALUE and looks bare keys up, dropping unset ones', () => {
  assert.deepEqual(resolveEnv(['A=1', 'B', 'C'], { B: 'two' }), ['A=1', 'B=two']);
});

test('exec arguments after the service are never read as flags, global or own', async () => {
  const program = new Command('flotilla').option('-p, --project-name <name>').exitOverride();
  let seen: { service: string; command: string[]; opts: Record<string, unknown> } | undefined;
  const cmd = new CommandArgumentsAfterOperand('exec')
    .argument('<service>')
    .argument('<command...>')
    .option('-e, --env <kv>')
    .option('-T, --no-tty')
    .action((service: string, command: string[], opts: Record<string, unknown>) => {
      seen = { service, command, opts };
    });
  keepArgumentsAfterOperand(program, cmd);
  program.addCommand(cmd);
  await program.parseAsync(
    ['-p', 'demo', 'exec', '-e', 'A=1', '-T', 'web', 'mkdir', '-p', '/x', '-e'],
    {
      from: 'user',
    },
  );
  assert.equal(program.opts().projectName, 'demo');
  assert.ok(seen !== undefined);
  assert.deepEqual(seen.command, ['mkdir', '-p', '/x', '-e']);
  assert.equal(seen.service, 'web');
  assert.equal(seen.opts.env, 'A=1');
  assert.equal(seen.opts.tty, false);
});
