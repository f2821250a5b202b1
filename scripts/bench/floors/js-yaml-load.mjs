// Parse floor of the `config` workloads: only reads the file and loads it with js-yaml, the
// fastest YAML parser available to Node, with merge keys (`<<`) enabled as Compose needs them.
// Usage: node js-yaml-load.mjs FILE
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

load(readFileSync(process.argv[2], 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) });
