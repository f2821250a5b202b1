import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignColumns, textWidth } from './tab-writer.js';

/** Text, minimum width, padding, and what Go's text/tabwriter printed for them. */
const CASES: readonly (readonly [string, number, number, string])[] = [
  [
    'NAME\tSTATUS\tCONFIG FILES\nweb\trunning(1)\t/a/compose.yaml\n',
    20,
    3,
    'NAME                STATUS              CONFIG FILES\nweb                 running(1)          /a/compose.yaml\n',
  ],
  [
    'NAME\tSTATUS\tPORTS\np-web-1\tUp 2 minutes\t\n',
    10,
    3,
    'NAME      STATUS         PORTS\np-web-1   Up 2 minutes   \n',
  ],
  [
    'a\tbb\tccc\nno tabs here\nxxxxxxxxxxxx\ty\tz\n',
    0,
    3,
    'a   bb   ccc\nno tabs here\nxxxxxxxxxxxx   y   z\n',
  ],
  [
    'a\tb\nlonger cell\tc\td\te\n\tf\n',
    4,
    2,
    'a            b\nlonger cell  c   d   e\n             f\n',
  ],
  ['h1\th2\n', 10, 3, 'h1        h2\n'],
  ['x\ty', 10, 3, 'x         y'],
  ['é\tü\nab\tc\n', 0, 1, 'é  ü\nab c\n'],
];

test('alignColumns aligns as Go text/tabwriter: column blocks, minimum width, padding', () => {
  for (const [text, minWidth, padding, expected] of CASES) {
    assert.equal(alignColumns(text, { minWidth, padding }), expected, JSON.stringify(text));
  }
});

test('alignColumns counts East Asian wide characters twice with wide, as the docker CLI does', () => {
  assert.equal(textWidth('日本'), 2);
  assert.equal(textWidth('日本', true), 4);
  assert.equal(
    alignColumns('日本\tx\nab\ty\n', { minWidth: 0, padding: 1, wide: true }),
    '日本 x\nab   y\n',
  );
});
