// A file whose one test passes.
import { test } from 'node:test';
test('passes', () => undefined);
