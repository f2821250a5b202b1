// Builds flotilla: code generation, the bundled CLI (esbuild) and the typed library (tsc).
// Usage: node scripts/build.mjs [--no-lib]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

// 1. Code generation: every scripts/codegen/*.mjs, in name order.
const codegenDir = join(root, 'scripts', 'codegen');
if (existsSync(codegenDir)) {
  for (const f of readdirSync(codegenDir)
    .filter((n) => n.endsWith('.mjs'))
    .sort()) {
    run(process.execPath, [join(codegenDir, f)]);
  }
}

// 2. The CLI bundle: one ESM entry with code splitting, so a command loads only what it uses.
if (existsSync(join(root, 'src', 'cli', 'main.ts'))) {
  rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outdir: join(root, 'dist', 'cli'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    banner: {
      // Bundled CommonJS dependencies may call require(); give them one.
      js: "import { createRequire as __flotillaRequire } from 'node:module'; const require = __flotillaRequire(import.meta.url);",
    },
  });
}

// 3. The library: declarations and ESM for `import { ... } from 'flotilla'`.
if (!args.has('--no-lib')) {
  rmSync(join(root, 'dist', 'lib'), { recursive: true, force: true });
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.build.json',
  ]);
}
