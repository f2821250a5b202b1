#!/usr/bin/env -S node --
// `--` ends node's own options: Node 20 otherwise reads a `--env-file` among the script's
// arguments as its own option and aborts when the file is missing (nodejs/node#54232).
// CommonJS (bin/package.json), which node starts faster than an ES module.
require('../dist/cli/main.js');
