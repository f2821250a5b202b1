// A file whose process ends before it reports its tests.
import { test } from 'node:test';
test('never reported', () => undefined);
process.exit(3);
