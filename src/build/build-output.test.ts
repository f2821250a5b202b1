import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import {
  BuildOutputDecoder,
  readBuildOutput,
  type BuildEvent,
  type BuildMessage,
} from './build-output.js';

async function* from(messages: BuildMessage[], fail?: Error): AsyncGenerator<BuildMessage> {
  for (const m of messages) yield await Promise.resolve(m);
  if (fail) throw fail;
}

test('build-output joins stream pieces into lines and recognises steps', () => {
  const d = new BuildOutputDecoder();
  const events: BuildEvent[] = [
    ...d.push({ stream: 'Step 1/2 : FROM busy' }),
    ...d.push({ stream: 'box\n ---> 04e19f47d1ef\n' }),
    ...d.push({ stream: 'Step 2/2 : RUN echo hi\r\n' }),
    ...d.push({ stream: 'hi' }),
    ...d.end(),
  ];
  assert.deepEqual(events, [
    { kind: 'step', step: 1, total: 2, instruction: 'FROM busybox' },
    { kind: 'line', text: ' ---> 04e19f47d1ef' },
    { kind: 'step', step: 2, total: 2, instruction: 'RUN echo hi' },
    { kind: 'line', text: 'hi' },
  ]);
  assert.equal(d.step, 'Step 2/2 : RUN echo hi');
});

test('build-output takes the image ID from aux, else from Successfully built', () => {
  const d = new BuildOutputDecoder();
  d.push({ stream: 'Successfully built 0123456789ab\n' });
  assert.equal(d.imageId, '0123456789ab');
  d.push({ aux: { ID: 'sha256:' + 'f'.repeat(64) } });
  assert.equal(d.imageId, 'sha256:' + 'f'.repeat(64));
});

test('build-output status messages carry progress', () => {
  const d = new BuildOutputDecoder();
  assert.deepEqual(d.push({ status: 'Downloading', id: 'abc', progress: '[==> ]' }), [
    { kind: 'status', id: 'abc', text: 'Downloading [==> ]' },
  ]);
});

test('build-output readBuildOutput returns the ID and reports every event', async () => {
  const seen: string[] = [];
  const id = await readBuildOutput(
    from([{ stream: 'Step 1/1 : FROM busybox\n' }, { aux: { ID: 'sha256:abc' } }]),
    { onEvent: (e) => seen.push(e.kind) },
  );
  assert.equal(id, 'sha256:abc');
  assert.deepEqual(seen, ['step']);
});

test('build-output an error message becomes a BUILD error naming service and step', async () => {
  const err = await readBuildOutput(
    from([
      { stream: 'Step 2/3 : RUN exit 3\n' },
      { errorDetail: { message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" } },
    ]),
    { service: 'web' },
  ).catch((e: unknown) => e);
  assert.ok(isComposeError(err, 'BUILD'));
  assert.equal(
    err.message,
    `build of service "web" failed at "Step 2/3 : RUN exit 3": The command '/bin/sh -c exit 3' returned a non-zero code: 3`,
  );
});

test('build-output a thrown stream error is wrapped only when it is the builder’s', async () => {
  const builder = new Error('unknown instruction: FORM');
  const wrapped = await readBuildOutput(from([], builder), {
    isStreamError: (e) => e === builder,
  }).catch((e: unknown) => e);
  assert.ok(isComposeError(wrapped, 'BUILD'));
  assert.equal((wrapped as Error).cause, builder);
  const transport = new Error('socket hang up');
  const passed = await readBuildOutput(from([], transport), {
    isStreamError: (e) => e === builder,
  }).catch((e: unknown) => e);
  assert.equal(passed, transport);
});

test('build-output no image ID is an error', async () => {
  await assert.rejects(readBuildOutput(from([{ stream: 'x\n' }])), /reported no image ID/);
});
