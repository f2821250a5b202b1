import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeGoYaml, marshalModelYaml, marshalProjectYaml } from './marshal-yaml.js';
import { yamlKeyOrder, yamlString } from './yaml-scalar.js';

// The expected documents follow go-yaml v4 as `docker compose config` drives it (SetIndent(2)):
// struct fields in compose-go declaration order, omitempty also dropping empty structs,
// `x-*` keys inlined after the fields, sequences indented under their key.

test('marshalProjectYaml prints a project as docker compose config does', () => {
  const tree = {
    name: 'shop',
    services: {
      web: {
        image: 'nginx:1.27',
        command: 'nginx -g "daemon off;"',
        environment: { MODE: 'prod', PORT: '8080', EMPTY: '', UNSET: null, ON: 'yes' },
        ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
        depends_on: { db: { condition: 'service_started', required: true } },
        deploy: { replicas: 2 },
        networks: { default: null },
        build: { context: '/src', dockerfile_inline: 'FROM nginx\nCOPY . /usr/share/nginx/html\n' },
        develop: { watch: [{ path: './src', action: 'sync', target: '/src' }] },
        'x-team': 'web',
      },
    },
    networks: { default: { name: 'shop_default' } },
    models: { llm: { model: 'ai/smollm2' } },
    'x-extra': { list: [1, 'a: b'] },
  };
  const expected = `name: shop
services:
  web:
    build:
      context: /src
      dockerfile_inline: |
        FROM nginx
        COPY . /usr/share/nginx/html
    develop:
      watch:
        - path: ./src
          action: sync
          target: /src
    command:
      - nginx
      - -g
      - daemon off;
    depends_on:
      db:
        condition: service_started
        required: true
    deploy:
      replicas: 2
    environment:
      EMPTY: ""
      MODE: prod
      "ON": "yes"
      PORT: "8080"
      UNSET: null
    image: nginx:1.27
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
    x-team: web
networks:
  default:
    name: shop_default
models:
  llm:
    model: ai/smollm2
x-extra:
  list:
    - 1
    - 'a: b'
`;
  assert.equal(marshalProjectYaml(tree), expected);
});

test('marshalProjectYaml uses the MarshalYAML forms of compose-go types', () => {
  const out = marshalProjectYaml({
    name: 'p',
    services: {
      s: {
        ulimits: { nofile: { soft: 10 }, nproc: 5 },
        secrets: [{ source: 'x', mode: 0o400 }],
        stop_grace_period: '2m',
        shm_size: '1k',
        cpus: 0.25,
        command: [],
        build: { context: '.', ssh: { default: null, key: '/k' } },
        volumes: [{ type: 'bind', source: '/a', target: '/b', bind: { create_host_path: true } }],
      },
    },
  });
  assert.match(out, /\n {6}nofile:\n {8}soft: 10\n {8}hard: 0\n {6}nproc: 5\n/);
  assert.match(out, /\n {8}mode: "0400"\n/);
  assert.match(out, /\n {4}stop_grace_period: 2m0s\n/);
  assert.match(out, /\n {4}shm_size: "1024"\n/);
  assert.match(out, /\n {4}cpus: 0\.25\n/);
  // an explicitly empty command is not nil: it is printed
  assert.match(out, /\n {4}command: \[\]\n/);
  assert.match(out, /\n {6}ssh:\n {8}- default\n {8}- 'key: \/k'\n/);
  // create_host_path: true is the default and left out; the non-nil pointer stays
  assert.match(out, /\n {8}target: \/b\n {8}bind: \{\}\n$/);
});

test('yamlString quotes as go-yaml does', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['/usr/bin/env', '/usr/bin/env'],
    ['-c', '-c'],
    ['', '""'],
    ['8080', '"8080"'],
    ['0440', '"0440"'],
    ['1.5', '"1.5"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['true', '"true"'],
    ['off', '"off"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['12:30', '"12:30"'],
    ['2024-01-02', '"2024-01-02"'],
    ['<<', '"<<"'],
    ['*', "'*'"],
    ['a: b', "'a: b'"],
    ['# note', "'# note'"],
    ['x #y', "'x #y'"],
    [' lead', "' lead'"],
    ["it's", "it's"],
    ['- item', "'- item'"],
    ['tab\there', '"tab\\there"'],
    ['bell\u0007', '"bell\\a"'],
    ['a:b', 'a:b'],
    ['http://x:80/y', 'http://x:80/y'],
  ];
  for (const [input, want] of cases) assert.equal(yamlString(input, '  '), want, input);
  assert.equal(yamlString('a\nb\n', '  '), '|\n  a\n  b');
  assert.equal(yamlString('a\nb', '  '), '|-\n  a\n  b');
  assert.equal(yamlString('a\n\n', '  '), '|+\n  a\n');
  assert.equal(yamlString(' a\nb', '  '), '|2-\n   a\n  b');
  assert.equal(yamlString('trailing \nspace', '  '), '"trailing \\nspace"');
  assert.equal(yamlString('a\nb', '  ', true), '"a\\nb"');
});

test('yamlKeyOrder sorts keys as go-yaml: digit runs compared by value', () => {
  const keys = ['b', 'a10', 'a2', 'A', 'a', '10', '9', 'x-1', 'a_1'];
  assert.deepEqual([...keys].sort(yamlKeyOrder), [
    '9',
    '10',
    'A',
    'a',
    'a_1',
    'a2',
    'a10',
    'b',
    'x-1',
  ]);
});

test('encodeGoYaml writes nested sequences and empty collections', () => {
  assert.equal(
    encodeGoYaml({
      k: 'map',
      entries: [
        [
          'm',
          {
            k: 'list',
            items: [
              {
                k: 'list',
                items: [
                  { k: 'int', v: 1 },
                  { k: 'int', v: 2 },
                ],
              },
            ],
          },
        ],
        ['e', { k: 'map', entries: [] }],
        ['l', { k: 'list', items: [] }],
      ],
    }),
    'e: {}\nl: []\nm:\n  - - 1\n    - 2\n',
  );
  assert.equal(
    marshalModelYaml({ b: { y: 1.5, x: true }, a: null }),
    'a: null\nb:\n  x: true\n  "y": 1.5\n',
  );
  assert.equal(marshalModelYaml({ k: 'v' }, 4), 'k: v\n');
});
