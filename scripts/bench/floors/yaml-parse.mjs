// Reference row of the `config` workloads: the same file parsed with the `yaml` package, which
// needs merge keys enabled and the alias limit raised for a file with hundreds of aliases.
// Usage: node yaml-parse.mjs FILE
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

parse(readFileSync(process.argv[2], 'utf8'), { merge: true, maxAliasCount: -1 });
