import { createHash } from 'node:crypto';
import type { JsonSchema } from './emit.js';

/**
 * A short digest of a JSON schema, recorded in the generated validator so that a test can tell
 * when the generated code is older than the format description it should come from.
 */
export function schemaFingerprint(schema: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}
