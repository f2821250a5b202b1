// Drives an interactive command in a real pseudo-terminal (tmux): the shell it opens must see a
// TTY of the window's size, follow a resize, and pass its exit status back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { eventually } from './engine.js';

/**
 * Runs `command` (a shell command line that opens `sh` in a container) in a 100x30 tmux window,
 * checks `tty` and `stty size`, resizes to 120x40 and checks again, then exits the shell with 7
 * and asserts that `command` exited with 7.
 * @param session a tmux session name unique to the test
 * @param statusFile a path the wrapper writes the command's exit status to
 */
export async function assertInteractiveTty(
  command: string,
  session: string,
  statusFile: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  assert.equal(
    spawnSync('tmux', ['-V']).status,
    0,
    'tmux is needed for this test (scripts/setup/tools.sh installs it)',
  );
  // A tmux server of the test's own (-L): tests running at the same time share nothing.
  const tmux = (...args: string[]): string => {
    const r = spawnSync('tmux', ['-L', session, ...args], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  // tmux runs the command line through a shell of its own.
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '100',
    '-y',
    '30',
    `${command}; echo $? > '${statusFile}'`,
  );
  try {
    const screen = (): string => tmux('capture-pane', '-p', '-t', session);
    await eventually(
      async () => Promise.resolve(/#\s*$/m.test(screen())),
      'the shell prompt',
      20_000,
    );
    tmux('send-keys', '-t', session, 'tty; stty size', 'Enter');
    await eventually(async () => Promise.resolve(/30 100/.test(screen())), 'the first size');
    assert.match(screen(), /\/dev\/pts\/\d+/);
    tmux('resize-window', '-t', session, '-x', '120', '-y', '40');
    tmux('send-keys', '-t', session, 'stty size', 'Enter');
    await eventually(async () => Promise.resolve(/40 120/.test(screen())), 'the new size');
    tmux('send-keys', '-t', session, 'exit 7', 'Enter');
    await eventually(async () => Promise.resolve(existsSync(statusFile)), 'the command to end');
    assert.equal(readFileSync(statusFile, 'utf8').trim(), '7');
  } finally {
    spawnSync('tmux', ['-L', session, 'kill-server']);
  }
}
