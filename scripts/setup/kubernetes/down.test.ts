// `kubernetes.sh down`'s exit status and messages, with the commands it runs on the host
// (docker, iptables, ip, findmnt, id) replaced by shell functions: 0 after a clean stop; 1 with
// what is left, or with the step that failed, otherwise (never a silent 1). The state and cgroup
// directories are temporary ones; the real cluster is stopped by scripts/e2e.sh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';

const here = import.meta.dirname;
const script = join(here, '..', 'kubernetes.sh');
const work = mkdtempSync(join(tmpdir(), 'flotilla-k8s-down-'));
const state = join(work, 'state');
after(() => {
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  rmSync(state, { recursive: true, force: true });
  mkdirSync(join(state, 'run'), { recursive: true });
  writeFileSync(join(work, 'bridge'), '');
});

/**
 * The host commands `down` runs, as scripts first on PATH: `docker ps` lists `$PS`; `docker
 * inspect` knows `keep` only (so exits 1 when asked about `gone`); the bridge is the file
 * `$WORK/bridge`, and `ip link del` fails with `$IPDEL` when set.
 */
const stubs: Record<string, string> = {
  id: 'echo 0',
  docker: `case "$1" in
  ps) [ -z "\${PS:-}" ] || printf '%s\\n' $PS ;;
  inspect) case " $* " in *" keep "*) echo "keep /flotilla-k8s/pod" ;; esac
    case " $* " in *" gone "*) exit 1 ;; esac ;;
  image) exit 1 ;;
esac`,
  'iptables-save': `printf '*filter\\n:INPUT ACCEPT [0:0]\\nCOMMIT\\n'`,
  iptables: 'exit 0',
  findmnt: 'exit 0',
  ip: `case "$2" in
  show) [ -e "$WORK/bridge" ] ;;
  del) [ -z "\${IPDEL:-}" ] || exit "$IPDEL"; rm "$WORK/bridge" ;;
esac`,
};
const bin = join(work, 'bin');
mkdirSync(bin);
for (const [name, body] of Object.entries(stubs)) {
  writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
}

function down(env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync('bash', [script, 'down'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      FLOTILLA_K8S_STATE: state,
      FLOTILLA_K8S_CACHE: join(work, 'cache'),
      FLOTILLA_K8S_CGROUP_FS: join(work, 'cgroup'),
      FLOTILLA_K8S_BRIDGE: 'flk8s-test',
      WORK: work,
      ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('down after a clean stop exits 0 and removes the state', () => {
  const r = down();
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^kubernetes: host checked: no containers/m);
  assert.match(r.out, /^kubernetes: down in \d+ ms$/m);
  assert.equal(r.err, '');
  assert.equal(existsSync(state), false);
});

test('down with nothing to stop exits 0', () => {
  rmSync(state, { recursive: true });
  const r = down();
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /nothing to stop/);
});

test('a container removed between listing and inspection is not an error', () => {
  // `gone` vanished before docker inspect, which then exits 1.
  const r = down({ PS: 'gone' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.equal(existsSync(state), false);
});

test('a container left behind: exit 1 with what is left, the state kept', () => {
  // `keep` survives docker rm (the stub removes nothing); `gone` vanished as above.
  const r = down({ PS: 'gone keep' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.err, /^kubernetes: left behind: containers left: 1$/m);
  assert.match(r.err, /host is not clean .* is kept: fix what is listed and run down again$/m);
  assert.doesNotMatch(r.err, /down failed/);
  assert.equal(existsSync(state), true);
});

test('a failing step exits with its status and names it', () => {
  const r = down({ IPDEL: '2' });
  assert.equal(r.code, 2, r.out);
  assert.match(
    r.err,
    /^kubernetes: down failed \(exit 2\) at down\.sh:\d+: ip link del "\$K8S_BRIDGE"; /m,
  );
  assert.equal(existsSync(state), true);
});
