/** Global flags that take a value as the next argument (`-f compose.yaml`). */
export const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--workdir',
  '--parallel',
  '--progress',
  '--ansi',
  '--insecure-registry',
]);
