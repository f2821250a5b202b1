import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComposeError } from '../api/errors.js';

test('ComposeError message carries location and hint', () => {
  const e = new ComposeError('SCHEMA', "services.web additional properties 'imgae' not allowed", {
    location: { file: 'compose.yaml', line: 3, column: 5 },
    hint: "did you mean 'image'?",
  });
  assert.equal(
    e.message,
    "compose.yaml:3:5: services.web additional properties 'imgae' not allowed (did you mean 'image'?)",
  );
  assert.equal(e.code, 'SCHEMA');
});
