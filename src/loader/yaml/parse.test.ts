import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError, type ComposeError } from '../../api/errors.js';
import { parseYaml } from './parse.js';

/** The single document's value, as plain JSON-comparable data. */
function value(text: string): unknown {
  const docs = parseYaml(text, 'compose.yaml');
  assert.equal(docs.length, 1);
  return plain(docs[0].value);
}

function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

function failure(text: string): ComposeError {
  try {
    parseYaml(text, 'compose.yaml');
  } catch (err) {
    assert.ok(isComposeError(err, 'YAML'), String(err));
    return err;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('parseYaml builds mappings that inherit nothing, arrays and resolved scalars', () => {
  const docs = parseYaml('services:\n  web:\n    image: nginx\n    ports: [80, "443"]\n', 'c.yaml');
  const root = docs[0].value as Record<string, unknown>;
  assert.equal('constructor' in root || 'toString' in root || '__proto__' in root, false);
  assert.deepEqual(plain(root), { services: { web: { image: 'nginx', ports: [80, '443'] } } });
});

test('parseYaml resolves scalars like go-yaml: octal ints, YAML 1.2 booleans only', () => {
  assert.deepEqual(
    value(
      'a: 0755\nb: yes\nc: on\nd: true\ne: ~\nf:\ng: 1_000\nh: 0x1F\ni: 1.5\nj: "0755"\nk: |\n  text\nl: 0o17\n',
    ),
    {
      a: 493,
      b: 'yes',
      c: 'on',
      d: true,
      e: null,
      f: null,
      g: 1000,
      h: 31,
      i: 1.5,
      j: '0755',
      k: 'text\n',
      l: 15,
    },
  );
});

test('parseYaml applies explicit tags and keeps the text of unknown ones', () => {
  assert.deepEqual(
    value(
      'a: !!str 12\nb: !!int "12"\nc: !!float 1\nd: !!binary aGVsbG8=\ne: !custom 12\nf: !!null ""\n',
    ),
    { a: '12', b: 12, c: 1, d: 'hello', e: '12', f: null },
  );
  assert.match(
    failure('a: !!int abc\n').message,
    /^compose\.yaml:1:4: yaml: cannot construct !!str `abc` as a !!int$/,
  );
  assert.match(failure('a: !!binary "@@@"\n').detail, /invalid base64/);
});

test('parseYaml keeps a timestamp as its text', () => {
  assert.deepEqual(value('a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\n'), {
    a: '2001-12-14',
    b: '2001-12-14t21:59:43.10-05:00',
  });
});

test('parseYaml expands aliases into independent copies', () => {
  const docs = parseYaml('x: &a {k: [1]}\ny: *a\nz: *a\n', 'c.yaml');
  const root = docs[0].value as Record<string, Record<string, number[]>>;
  assert.deepEqual(plain(root.y), { k: [1] });
  assert.notEqual(root.y, root.z);
  assert.notEqual(root.y.k, root.x.k);
});

test('parseYaml merges a single mapping with explicit keys winning wherever they are', () => {
  assert.deepEqual(value('x: &a {image: base, restart: always}\ns:\n  image: mine\n  <<: *a\n'), {
    x: { image: 'base', restart: 'always' },
    s: { image: 'mine', restart: 'always' },
  });
});

test('parseYaml merges a sequence with the earlier mapping winning', () => {
  assert.deepEqual(
    value('a: &a {k: 1, a: 1}\nb: &b {k: 2, b: 2}\ns:\n  <<: [*a, *b, {k: 3, c: 3}]\n  own: 0\n'),
    {
      a: { k: 1, a: 1 },
      b: { k: 2, b: 2 },
      s: { own: 0, k: 1, a: 1, b: 2, c: 3 },
    },
  );
});

test('parseYaml merges an alias to a sequence of mappings and nested merges', () => {
  assert.deepEqual(
    value(
      'l: &l\n  - image: nginx\n    restart: no\ninner: &i {<<: {deep: 1}, mid: 2}\ns1: {<<: *l}\ns2: {<<: *i, mid: 3}\n',
    ),
    {
      l: [{ image: 'nginx', restart: 'no' }],
      inner: { mid: 2, deep: 1 },
      s1: { image: 'nginx', restart: 'no' },
      s2: { mid: 3, deep: 1 },
    },
  );
});

test('parseYaml keeps a quoted << as an ordinary key', () => {
  assert.deepEqual(value('"<<": {a: 1}\n'), { '<<': { a: 1 } });
});

test('parseYaml stringifies non-string keys merged into a string-keyed mapping, as go-yaml', () => {
  assert.deepEqual(value('s:\n  <<: {1: a, ~: b, true: c}\n  x: y\n'), {
    s: { x: 'y', '1': 'a', true: 'c' },
  });
});

test('parseYaml rejects merging a scalar', () => {
  const err = failure('x: &s "not-a-map"\ns:\n  <<: *s\n');
  assert.match(err.detail, /map merge requires map or sequence of maps as the value/);
  assert.deepEqual(err.location, { file: 'compose.yaml', line: 3, column: 7 });
  assert.match(failure('s:\n  <<: [{a: 1}, 2]\n').detail, /map merge requires map/);
});

test('parseYaml returns one entry per document', () => {
  const docs = parseYaml('a: 1\n---\nb: 2\n...\n---\n', 'c.yaml');
  assert.deepEqual(
    docs.map((d) => plain(d.value)),
    [{ a: 1 }, { b: 2 }, null],
  );
  assert.deepEqual(parseYaml('# only a comment\n', 'c.yaml'), []);
  assert.deepEqual(parseYaml('', 'c.yaml'), []);
});

test('parseYaml lets a later document use an anchor of an earlier one', () => {
  const docs = parseYaml('a: &x {k: 1}\n---\nb: *x\n', 'c.yaml');
  assert.deepEqual(plain(docs[1].value), { b: { k: 1 } });
});

test('parseYaml drops !reset nodes and records !reset and !override paths', () => {
  const docs = parseYaml(
    'services:\n  web:\n    build: !reset\n    ports: !override ["80"]\n    environment:\n      FOO: !reset\n      BAR: x\n',
    'c.yaml',
  );
  assert.deepEqual(plain(docs[0].value), {
    services: { web: { ports: ['80'], environment: { BAR: 'x' } } },
  });
  assert.deepEqual(docs[0].resetPaths, [
    ['services', 'web', 'build'],
    ['services', 'web', 'ports'],
    ['services', 'web', 'environment', 'FOO'],
  ]);
});

test('parseYaml records !reset paths of an anchor at every use through merge keys', () => {
  const docs = parseYaml(
    'x-r: &r\n  ports: !reset []\nx-o: &o\n  <<: *r\nservices:\n  a:\n    <<: *r\n  b:\n    <<: *o\n',
    'c.yaml',
  );
  const paths = docs[0].resetPaths.map((p) => p.join('.'));
  assert.ok(paths.includes('services.a.ports'), paths.join(' '));
  assert.ok(paths.includes('services.b.ports'), paths.join(' '));
});

test('parseYaml rejects duplicate keys with both lines, also with a tag', () => {
  const err = failure(
    '\n name: test\n services:\n   foo:\n     command: hello\n     command: !reset hello world\n',
  );
  assert.match(err.message, /line 6: mapping key "command" already defined at line 5/);
  assert.equal(err.location?.line, 6);
});

test('parseYaml rejects non-string keys with compose-go path and value', () => {
  const cases: [string, string][] = [
    ['123:\n  foo:\n    image: busybox\n', 'non-string key at top level: 123'],
    [
      'services:\n  foo:\n    image: busybox\n  123:\n    image: busybox\n',
      'non-string key in services: 123',
    ],
    [
      'networks:\n  default:\n    ipam:\n      config:\n        - 123: oh dear\n',
      'non-string key in networks.default.ipam.config[0]: 123',
    ],
    [
      'services:\n  dict-env:\n    environment:\n      1: FOO\n',
      'non-string key in services.dict-env.environment: 1',
    ],
    ['a:\n  ~: x\n', 'non-string key in a: <nil>'],
    ['a:\n  1.5: x\n', 'non-string key in a: 1.5'],
    ['a:\n  true: x\n', 'non-string key in a: true'],
    ['a:\n  1e6: x\n', 'non-string key in a: 1e+06'],
  ];
  for (const [text, message] of cases) assert.equal(failure(text).detail, message);
  const err = failure('services:\n  foo:\n    image: busybox\n  123:\n    image: busybox\n');
  assert.deepEqual(err.location, { file: 'compose.yaml', line: 4, column: 3 });
  assert.equal(err.path, 'services');
});

test('parseYaml accepts keys that are strings by quoting, tag or type', () => {
  assert.deepEqual(value('"123": a\n!!str 456: b\nyes: c\n!custom k: d\n'), {
    '123': 'a',
    '456': 'b',
    yes: 'c',
    k: 'd',
  });
});

test('parseYaml rejects a collection as a key', () => {
  assert.match(failure('? [1]\n: x\n').detail, /cannot use '\[\]interface \{\}\{1\}' as a map key/);
});

test('parseYaml rejects an alias bomb', () => {
  const levels = ['x-a: &a {k: v}'];
  for (const l of 'bcdefghi') {
    const prev = String.fromCharCode(l.charCodeAt(0) - 1);
    levels.push(`x-${l}: &${l} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  const text = `name: test\n${levels.join('\n')}\nservices:\n  svc:\n    image: alpine\n`;
  const err = failure(text);
  assert.match(err.detail, /excessive aliasing/);
});

test('parseYaml accepts many aliases in a large document', () => {
  let text = 'x-common: &c\n  restart: always\n  labels: {a: b}\nx-env: &e {A: "1"}\nservices:\n';
  for (let i = 0; i < 2000; i++) text += `  s${i}:\n    <<: *c\n    image: img${i}\n    env: *e\n`;
  const root = parseYaml(text, 'c.yaml')[0].value as { services: Record<string, unknown> };
  assert.deepEqual(plain(root.services.s1999), {
    image: 'img1999',
    env: { A: '1' },
    restart: 'always',
    labels: { a: 'b' },
  });
});

test('parseYaml rejects alias cycles, and like compose-go an anchor merged and aliased below', () => {
  assert.match(
    failure('x: &c {a: 1}\ns:\n  <<: *c\n  env: *c\n').detail,
    /cycle detected: node at path s\.env references node at path s$/,
  );
  assert.match(
    failure('a: &a\n  b: *a\n').detail,
    /cycle detected: node at path a\.b\.b references node at path a\.b/,
  );
  assert.match(
    failure('name: test\nx-healthcheck: &healthcheck\n  egress-service:\n    <<: *healthcheck\n')
      .detail,
    /cycle detected: node at path x-healthcheck\.egress-service\.egress-service references node at path x-healthcheck\.egress-service/,
  );
});

test('parseYaml rejects a mapping that merges itself like compose-go, without recursing', () => {
  assert.match(
    failure('a: &a {<<: *a}\n').detail,
    /compose file exceeds maximum node visit limit \(100000\)/,
  );
});

test('parseYaml reports syntax errors with go-yaml wording and the file position', () => {
  const err = failure('services:\n  web:\n    image: a\n   b: c\n');
  assert.match(err.detail, /^yaml: line \d+: /);
  assert.equal(err.location?.file, 'compose.yaml');
  const mv = failure('a: 1\n b: 2\n');
  assert.equal(mv.detail, 'yaml: line 2: mapping values are not allowed in this context');
  assert.equal(
    mv.message,
    'compose.yaml:2:3: yaml: line 2: mapping values are not allowed in this context',
  );
  const tab = failure('name: test\nservices:\n  web:\n    image: nginx\n\tbuild: .\n');
  assert.match(tab.detail, /found a tab character that violates indentation/);
  assert.equal(tab.location?.line, 5);
  assert.match(failure('a: *nope\n').detail, /unknown anchor 'nope' referenced/);
});

test('parseYaml reports deep nesting as a YAML error', () => {
  const err = failure('['.repeat(20000));
  assert.match(err.detail, /^yaml: /);
});
