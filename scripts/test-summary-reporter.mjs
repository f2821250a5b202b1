// A node:test reporter that prints one closing line, `N passed, M failed` (`, K skipped` when
// any), after the dot reporter's output: the count a reader (or CI) looks for. A test file that
// fails as a whole (it timed out, was cancelled, or its process ended without reporting its
// tests) counts as failed and is named below the line, so the line never reads "0 failed" for a
// run that failed.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const wholeFiles = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.nesting === 0 && event.data.file && event.data.name === event.data.file) {
      // The runner reports a file on its own only when the file itself failed; a file whose
      // tests failed ('subtestsFailed') has those failures counted already.
      const error = event.data.details?.error;
      if (event.type === 'test:fail' && error?.failureType !== 'subtestsFailed') {
        failed++;
        const reason = error?.cause?.message ?? error?.message ?? 'failed';
        wholeFiles.push(`  ${event.data.file}: ${reason}`);
      }
      continue;
    }
    if (event.type === 'test:fail') failed++;
    else if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else passed++;
  }
  const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  const files =
    wholeFiles.length > 0 ? `files that failed as a whole:\n${wholeFiles.join('\n')}\n` : '';
  yield `\n${line}\n${files}`;
}
