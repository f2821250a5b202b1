import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IgnoreMatcher, compileIgnorePattern, parseDockerignore } from './dockerignore.js';

function ignored(patterns: string, path: string): boolean {
  return new IgnoreMatcher(parseDockerignore(patterns)).ignores(path);
}

test('dockerignore parse trims, drops comments, blank lines, BOM and leading slash', () => {
  assert.deepEqual(
    parseDockerignore('\uFEFF# comment\n  node_modules  \n\n/dist\n! keep.txt\r\n./a/../b/\n'),
    ['node_modules', 'dist', '!keep.txt', 'b'],
  );
});

test('dockerignore a # not at the start of the line is part of the pattern', () => {
  assert.deepEqual(parseDockerignore(' #x'), ['#x']);
});

const cases: [patterns: string, path: string, expected: boolean][] = [
  // plain names and parent directories
  ['foo', 'foo', true],
  ['foo', 'foo/bar', true],
  ['foo', 'foo/bar/baz.txt', true],
  ['foo', 'a/foo', false],
  ['foo/bar', 'foo/bar/x', true],
  ['foo/bar', 'foo/baz', false],
  // * stays within one segment
  ['*.md', 'README.md', true],
  ['*.md', 'docs/README.md', false],
  ['*/*.md', 'docs/README.md', true],
  ['*/*.md', 'a/b/README.md', false],
  ['*', 'anything', true],
  ['*', 'dir/file', true],
  ['f*o', 'foo', true],
  ['f*o', 'f/o', false],
  // ? is one character other than /
  ['?.txt', 'a.txt', true],
  ['?.txt', 'ab.txt', false],
  ['a?b', 'a/b', false],
  // ** spans any number of segments, including none
  ['**/*.go', 'main.go', true],
  ['**/*.go', 'cmd/app/main.go', true],
  ['**/*.go', 'main.rs', false],
  ['**/node_modules', 'node_modules', true],
  ['**/node_modules', 'a/b/node_modules/x/y', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/x/y/c', false],
  ['a/**', 'a/x', true],
  ['a/**', 'a/x/y', true],
  ['**', 'any/thing/at/all', true],
  // character classes
  ['[abc].txt', 'b.txt', true],
  ['[abc].txt', 'd.txt', false],
  ['[a-c]x', 'cx', true],
  ['[!a]x', 'bx', true],
  ['[!a]x', 'ax', false],
  ['[^a]x', 'ax', false],
  // escapes and regexp metacharacters are literal
  ['\\*.txt', '*.txt', true],
  ['\\*.txt', 'a.txt', false],
  ['a.b', 'axb', false],
  ['a+b', 'a+b', true],
  ['(x)', '(x)', true],
  // exceptions
  ['*.log\n!keep.log', 'keep.log', false],
  ['*.log\n!keep.log', 'other.log', true],
  ['docs\n!docs/README.md', 'docs/README.md', false],
  ['docs\n!docs/README.md', 'docs/other.md', true],
  ['!keep.log\n*.log', 'keep.log', true],
  ['*\n!src\nsrc/*.tmp', 'src/a.ts', false],
  ['*\n!src\nsrc/*.tmp', 'src/a.tmp', true],
  ['*\n!src\nsrc/*.tmp', 'README', true],
  ['**/*.secret\n!public/**', 'public/a.secret', false],
  ['**/*.secret\n!public/**', 'private/a.secret', true],
  // cleaned patterns
  ['./foo/', 'foo/x', true],
  ['/foo', 'foo', true],
  ['foo/../bar', 'bar', true],
];

for (const [patterns, path, expected] of cases) {
  test(`dockerignore ${JSON.stringify(patterns)} ${expected ? 'ignores' : 'keeps'} ${path}`, () => {
    assert.equal(ignored(patterns, path), expected);
  });
}

test('dockerignore skips directories only when no exception could reach inside', () => {
  assert.equal(new IgnoreMatcher(['node_modules']).canSkipDirectory('node_modules'), true);
  const m = new IgnoreMatcher(['docs', '!docs/README.md']);
  assert.equal(m.canSkipDirectory('docs'), false);
  assert.equal(m.canSkipDirectory('other'), true);
  assert.equal(new IgnoreMatcher(['x', '!**/keep']).canSkipDirectory('x'), false);
});

test('dockerignore rejects an unterminated character class', () => {
  assert.throws(() => compileIgnorePattern('[abc'), /unterminated \[/);
});
