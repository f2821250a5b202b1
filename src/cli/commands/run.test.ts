import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Project } from '../../model/project.js';
import {
  loadRunParsers,
  parseRunPort,
  parseRunVolume,
  runOptionsFrom,
  runTerminal,
  type RunFlags,
} from './run.js';

const project = { environment: { FROM_PROJECT: 'p', SHARED: 'project' } } as unknown as Project;
const base: RunFlags = { interactive: true, deps: true };
const dir = mkdtempSync(join(tmpdir(), 'flotilla-run-flags-'));

before(loadRunParsers);
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runTerminal', () => {
  it('runTerminal gives a TTY by default only when stdin is a terminal', () => {
    assert.deepEqual(runTerminal(base, true), { tty: true, interactive: true });
    assert.deepEqual(runTerminal(base, false), { tty: false, interactive: true });
    assert.deepEqual(runTerminal({ ...base, tty: false }, true), { tty: false, interactive: true });
  });

  it('runTerminal refuses -t with stdin attached but not a terminal', () => {
    assert.throws(
      () => runTerminal({ ...base, tty: true }, false),
      /cannot attach stdin to a TTY-enabled container because stdin is not a terminal/,
    );
    assert.deepEqual(runTerminal({ ...base, tty: true, detach: true }, false), {
      tty: true,
      interactive: true,
    });
    assert.deepEqual(runTerminal({ ...base, tty: true, interactive: false }, false), {
      tty: true,
      interactive: false,
    });
  });
});

describe('runOptionsFrom', () => {
  it('runOptionsFrom resolves -e against the project environment after --env-from-file', () => {
    const file = join(dir, 'a.env');
    writeFileSync(file, 'FROM_FILE=f\nSHARED=file\n');
    const o = runOptionsFrom(
      { ...base, envFromFile: [file], env: ['SHARED=flag', 'FROM_PROJECT', 'MISSING'] },
      'web',
      [],
      project,
      dir,
    );
    assert.deepEqual(o.env, ['FROM_FILE=f', 'SHARED=file', 'SHARED=flag', 'FROM_PROJECT=p']);
    assert.equal(o.command, undefined);
  });

  it('runOptionsFrom splits --entrypoint, reads labels and maps the simple flags', () => {
    const o = runOptionsFrom(
      {
        ...base,
        entrypoint: 'sh -c "echo hi"',
        label: ['a=1', 'b=x=y'],
        rm: true,
        deps: false,
        quiet: true,
      },
      'web',
      ['id', '-u'],
      project,
      dir,
    );
    assert.deepEqual(o.entrypoint, ['sh', '-c', 'echo hi']);
    assert.deepEqual(o.labels, { a: '1', b: 'x=y' });
    assert.deepEqual(o.command, ['id', '-u']);
    assert.equal(o.autoRemove, true);
    assert.equal(o.noDeps, true);
    assert.equal(o.quietPull, true);
  });

  it('runOptionsFrom rejects what compose rejects', () => {
    const cases: [Partial<RunFlags>, RegExp][] = [
      [{ servicePorts: true, publish: ['80'] }, /--service-ports and --publish are incompatible/],
      [{ label: ['novalue'] }, /label must be set as KEY=VALUE/],
      [{ pull: 'sometimes' }, /invalid --pull option "sometimes"/],
      [{ publish: ['99999999'] }, /invalid --publish "99999999": Invalid containerPort/],
      [{ volume: [''] }, /invalid --volume "": invalid empty volume spec/],
      [{ envFromFile: [join(dir, 'missing.env')] }, /not found/],
    ];
    for (const [flags, message] of cases) {
      assert.throws(() => runOptionsFrom({ ...base, ...flags }, 'web', [], project, dir), message);
    }
  });
});

describe('run flag parsers', () => {
  it('parseRunPort reads the short port syntax', () => {
    assert.deepEqual(parseRunPort('127.0.0.1:8080:80/udp'), [
      { target: 80, mode: 'ingress', hostIp: '127.0.0.1', published: '8080', protocol: 'udp' },
    ]);
    assert.deepEqual(parseRunPort('80'), [{ target: 80, mode: 'ingress', protocol: 'tcp' }]);
  });

  it('parseRunVolume makes relative bind sources absolute and keeps named volumes', () => {
    assert.deepEqual(parseRunVolume('./data:/data:ro', '/work'), {
      type: 'bind',
      source: '/work/data',
      target: '/data',
      readOnly: true,
      bind: { selinux: undefined, propagation: undefined, createHostPath: true },
    });
    const named = parseRunVolume('cache:/cache', '/work');
    assert.equal(named.type, 'volume');
    assert.equal(named.source, 'cache');
    assert.equal(named.target, '/cache');
  });
});
