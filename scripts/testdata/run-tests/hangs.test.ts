// A file that outlives the per-file time limit: a quick test, then one that never ends.
import { test } from 'node:test';
test('quick', () => undefined);
test('hangs', () => new Promise<void>(() => setInterval(() => undefined, 1000)));
