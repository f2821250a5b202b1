// Builds flotilla: code generation, the bundled CLI (esbuild) and the typed library (tsc).
// Usage: node scripts/build.mjs [--no-lib]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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

/**
 * Node modules that many commands never use but that cost start-up time when loaded: commander
 * requires node:child_process for executable subcommands flotilla has none of, and node:crypto
 * serves only hashes that most commands never compute. In the bundle each becomes a stand-in
 * whose functions load the real module on first call.
 */
const LAZY_MODULES = ['child_process', 'crypto'];
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_MODULES.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'flotilla-lazy'
        ? undefined
        : { path: args.path.replace(/^node:/, ''), namespace: 'flotilla-lazy' },
    );
    // An ES module whose functions forward to the real module, loaded on the first call
    // (importing a CommonJS stand-in instead would copy its properties, loading it at once).
    b.onLoad({ filter: /.*/, namespace: 'flotilla-lazy' }, (args) => {
      const real = createRequire(import.meta.url)(`node:${args.path}`);
      const names = Object.keys(real).filter(
        (k) => typeof real[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k),
      );
      const lines = [
        'let real;',
        `const load = () => (real ??= require('node:${args.path}'));`,
        ...names.map(
          (k) =>
            `export function ${k}(...a) { return new.target ? Reflect.construct(load().${k}, a) : load().${k}(...a); }`,
        ),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

// 2. The CLI: one CommonJS bundle of every command (dist/cli/flotilla.cjs), and the small
//    executable (dist/cli/main.js) that answers `version` alone and loads the bundle through
//    V8's code cache (src/cli/boot.ts, dist/cli/flotilla.cjs.cache). dist/cli/package.json makes both CommonJS, which node
//    starts faster than an ES module.
if (existsSync(join(root, 'src', 'cli', 'main.ts'))) {
  const outdir = join(root, 'dist', 'cli');
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    // import() of node's modules becomes require(): the bundle runs as a script (boot.ts),
    // and a require() does not start node's ES module loader.
    supported: { 'dynamic-import': false },
    plugins: [lazyModules],
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
  const bundle = join(outdir, 'flotilla.cjs');
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'cli', 'entry.ts')],
    outfile: bundle,
    sourcemap: 'linked',
  });
  // boot.ts reads the bundle as Latin-1 (faster than decoding UTF-8), which is exact only for
  // ASCII: esbuild escapes other characters in strings, but not in regular expressions.
  const text = readFileSync(bundle, 'latin1');
  const wide = text.search(/[\u0080-\u00ff]/);
  if (wide !== -1) {
    console.error(
      `build: the bundle must be ASCII; write \\u escapes instead of ${JSON.stringify(text.slice(wide - 40, wide + 10))}`,
    );
    process.exit(1);
  }
  // The build id ties the code cache to this bundle (V8 itself only compares lengths).
  const buildId = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 32);
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: join(outdir, 'main.js'),
    define: { FLOTILLA_BUNDLE_ID: JSON.stringify(buildId) },
  });
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');

  // The code cache (src/cli/boot.ts), the one file besides the bundle that the executable reads:
  // scripts/warmup/write-code-cache.ts runs the CLI on the warm-up project and saves the
  // functions that ran. Bundled into a temporary directory, never into dist/.
  const temp = mkdtempSync(join(tmpdir(), 'flotilla-build-'));
  try {
    const writer = join(temp, 'write-code-cache.cjs');
    await build({
      ...common,
      entryPoints: [join(root, 'scripts', 'warmup', 'write-code-cache.ts')],
      outfile: writer,
    });
    const runs = [
      {
        args: ['-f', join(root, 'scripts', 'warmup', 'compose.yaml')].concat([
          '--profile',
          'jobs',
          'config',
          '--format',
          'json',
        ]),
        status: 0,
      },
    ];
    const cache = join(outdir, 'flotilla.cjs.cache');
    const r = spawnSync(process.execPath, [writer, bundle, cache, buildId, JSON.stringify(runs)], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (r.status !== 0 || !existsSync(cache)) {
      console.error(
        `build: writing the code cache failed (exit ${r.status ?? r.signal}): ${r.stderr}`,
      );
      process.exit(1);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
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
