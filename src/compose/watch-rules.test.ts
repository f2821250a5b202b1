import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import type { ServiceConfig } from '../model/service.js';
import { compileWatchRules, isBindMounted, matchRule } from './watch-rules.js';

function service(extra: Partial<ServiceConfig>): ServiceConfig {
  return { name: 'web', ...extra } as ServiceConfig;
}

test('watch rules map a changed path below the rule path to the target', () => {
  const [rule] = compileWatchRules(
    service({ develop: { watch: [{ path: '/src/app', action: 'sync', target: '/srv' }] } }),
  );
  assert.deepEqual(matchRule(rule, '/src/app/lib/x.js'), {
    hostPath: '/src/app/lib/x.js',
    containerPath: '/srv/lib/x.js',
  });
  assert.equal(matchRule(rule, '/src/application/x.js'), undefined);
  assert.equal(matchRule(rule, '/src/other.js'), undefined);
});

test('watch rules ignore patterns relative to the rule path, editor temp files and .git', () => {
  const [rule] = compileWatchRules(
    service({
      develop: {
        watch: [{ path: '/p', action: 'sync', target: '/app', ignore: ['*.tmp', 'node_modules/'] }],
      },
    }),
  );
  assert.equal(matchRule(rule, '/p/a.tmp'), undefined);
  assert.equal(matchRule(rule, '/p/node_modules/x/index.js'), undefined);
  assert.equal(matchRule(rule, '/p/.git/HEAD'), undefined);
  assert.equal(matchRule(rule, '/p/dir/.main.js.swp'), undefined);
  assert.equal(matchRule(rule, '/p/main.js~'), undefined);
  // `*.tmp` is anchored at the rule path, as in a .dockerignore.
  assert.notEqual(matchRule(rule, '/p/sub/a.tmp'), undefined);
  assert.notEqual(matchRule(rule, '/p/main.js'), undefined);
});

test('watch rules include patterns keep only matching paths', () => {
  const [rule] = compileWatchRules(
    service({
      develop: { watch: [{ path: '/p', action: 'sync', target: '/app', include: ['*.js'] }] },
    }),
  );
  assert.notEqual(matchRule(rule, '/p/a.js'), undefined);
  assert.equal(matchRule(rule, '/p/a.css'), undefined);
});

test('watch rules apply the build context .dockerignore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-rules-'));
  try {
    writeFileSync(join(dir, '.dockerignore'), 'dist\n!dist/keep.js\n');
    const [rule] = compileWatchRules(
      service({
        build: { context: dir, dockerfile: 'Dockerfile' },
        develop: { watch: [{ path: dir, action: 'rebuild' }] },
      }),
    );
    assert.equal(matchRule(rule, join(dir, 'dist/out.js')), undefined);
    assert.deepEqual(matchRule(rule, join(dir, 'dist/keep.js')), {
      hostPath: join(dir, 'dist/keep.js'),
      containerPath: undefined,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('watch rules refuse rebuild without a build section and unknown actions', () => {
  assert.throws(
    () => compileWatchRules(service({ develop: { watch: [{ path: '/p', action: 'rebuild' }] } })),
    (err) =>
      isComposeError(err, 'USAGE') &&
      err.message === `can't watch service "web" with action rebuild without a build context`,
  );
  assert.throws(
    () => compileWatchRules(service({ develop: { watch: [{ path: '/p', action: 'copy' }] } })),
    /unknown action "copy"/,
  );
});

test('watch rules isBindMounted finds a path inside a bind mount source', () => {
  const s = service({
    volumes: [{ type: 'bind', source: '/host/src', target: '/app' }],
  });
  assert.equal(isBindMounted('/host/src/lib', s), true);
  assert.equal(isBindMounted('/host/other', s), false);
});
