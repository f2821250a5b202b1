// Drives interactive commands in a real pseudo-terminal (tmux): a session helper, and the
// scenario where the shell a command opens must see a TTY of the window's size, follow a resize,
// and pass its exit status back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { eventually } from './engine.js';

/** A command running in a tmux window of its own tmux server. */
export interface TmuxSession {
  /** The window's text as shown now. */
  screen(): string;
  /** `tmux send-keys`: key names (`Enter`, `C-c`) or literal text. */
  send(...keys: string[]): void;
  /** `tmux resize-window`. */
  resize(columns: number, rows: number): void;
  /** Ends the tmux server and whatever still runs in it. */
  kill(): void;
}

/**
 * Starts `command` (a shell command line) in a 100x30 window of a tmux server of its own (-L),
 * so that tests running at the same time share nothing.
 * @param session a tmux session name unique to the test
 */
export function startTmux(command: string, session: string, env: NodeJS.ProcessEnv): TmuxSession {
  assert.equal(
    spawnSync('tmux', ['-V']).status,
    0,
    'tmux is needed for this test (scripts/setup/tools.sh installs it)',
  );
  const tmux = (...args: string[]): string => {
    const r = spawnSync('tmux', ['-L', session, ...args], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  // tmux runs the command line through a shell of its own.
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
  return {
    screen: () => tmux('capture-pane', '-p', '-t', session),
    send: (...keys) => {
      tmux('send-keys', '-t', session, ...keys);
    },
    resize: (columns, rows) => {
      tmux('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));
    },
    kill: () => {
      spawnSync('tmux', ['-L', session, 'kill-server']);
    },
  };
}

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
  const tmux = startTmux(`${command}; echo $? > '${statusFile}'`, session, env);
  try {
    await eventually(
      async () => Promise.resolve(/#\s*$/m.test(tmux.screen())),
      'the shell prompt',
      20_000,
    );
    // A size reaches the container through the engine while keys reach the shell directly: a
    // `stty size` that wins the race prints the old size, so it is asked again each second.
    const sizeShows = async (size: RegExp, what: string): Promise<void> => {
      let asked = 0;
      await eventually(() => {
        if (size.test(tmux.screen())) return Promise.resolve(true);
        if (Date.now() - asked >= 1000) {
          tmux.send('stty size', 'Enter');
          asked = Date.now();
        }
        return Promise.resolve(false);
      }, what);
    };
    tmux.send('tty', 'Enter');
    await sizeShows(/30 100/, 'the first size');
    assert.match(tmux.screen(), /\/dev\/pts\/\d+/);
    tmux.resize(120, 40);
    await sizeShows(/40 120/, 'the new size');
    tmux.send('exit 7', 'Enter');
    await eventually(async () => Promise.resolve(existsSync(statusFile)), 'the command to end');
    assert.equal(readFileSync(statusFile, 'utf8').trim(), '7');
  } finally {
    tmux.kill();
  }
}
