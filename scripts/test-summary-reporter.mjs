// A node:test reporter that prints one closing line, `N passed, M failed` (`, K skipped` when
// any), after the dot reporter's output: the count a reader (or CI) looks for.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    // Count tests, not the file-level wrappers the runner reports as well.
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.nesting === 0 && event.data.file && event.data.name === event.data.file)
      continue;
    if (event.type === 'test:fail') failed++;
    else if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else passed++;
  }
  yield `\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;
}
