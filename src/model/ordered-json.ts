/**
 * A JSON text as a tree that keeps everything Go's encoder decided: member order, and each
 * string and number exactly as written (escapes, float digits). Rewriting a few members of such a
 * tree and writing it back changes nothing else, byte for byte — which a round trip through
 * `JSON.parse` would not promise (integer-like keys move first, escapes and floats are redone).
 */
import { goJsonString } from './marshal-json.js';

/** A JSON value; scalars keep their text as it was written. */
export type JsonNode =
  | { readonly k: 'raw'; readonly text: string }
  | { readonly k: 'array'; readonly items: JsonNode[] }
  | { readonly k: 'object'; readonly members: JsonMember[] };

/** An object member: the key's text as written (quotes included) and its decoded name. */
export interface JsonMember {
  readonly rawKey: string;
  readonly key: string;
  value: JsonNode;
}

const WS = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Parses a JSON text into a {@link JsonNode} tree.
 * @throws SyntaxError when the text is not JSON
 */
export function parseOrderedJson(text: string): JsonNode {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at offset ${at}`);
  };
  const skip = (): void => {
    WS.lastIndex = at;
    WS.exec(text);
    at = WS.lastIndex;
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) return undefined;
    at = re.lastIndex;
    return m[0];
  };
  const value = (): JsonNode => {
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      const members: JsonMember[] = [];
      skip();
      if (text[at] === '}') {
        at++;
        return { k: 'object', members };
      }
      for (;;) {
        skip();
        const rawKey = token(STRING) ?? fail();
        skip();
        if (text[at++] !== ':') fail();
        members.push({ rawKey, key: JSON.parse(rawKey) as string, value: value() });
        skip();
        const next = text[at++];
        if (next === '}') return { k: 'object', members };
        if (next !== ',') fail();
      }
    }
    if (c === '[') {
      at++;
      const items: JsonNode[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return { k: 'array', items };
      }
      for (;;) {
        items.push(value());
        skip();
        const next = text[at++];
        if (next === ']') return { k: 'array', items };
        if (next !== ',') fail();
      }
    }
    const raw = c === '"' ? token(STRING) : token(SCALAR);
    return { k: 'raw', text: raw ?? fail() };
  };
  const out = value();
  skip();
  if (at !== text.length) fail();
  return out;
}

/** Writes a tree back as compact JSON (no spaces), as Go's `json.Marshal` does. */
export function writeOrderedJson(node: JsonNode): string {
  const parts: string[] = [];
  const write = (n: JsonNode): void => {
    if (n.k === 'raw') {
      parts.push(n.text);
    } else if (n.k === 'array') {
      parts.push('[');
      n.items.forEach((item, i) => {
        if (i > 0) parts.push(',');
        write(item);
      });
      parts.push(']');
    } else {
      parts.push('{');
      n.members.forEach((m, i) => {
        if (i > 0) parts.push(',');
        parts.push(m.rawKey, ':');
        write(m.value);
      });
      parts.push('}');
    }
  };
  write(node);
  return parts.join('');
}

/** A string node, written as Go's encoding/json writes a string. */
export function rawString(value: string): JsonNode {
  return { k: 'raw', text: goJsonString(value) };
}

/** The decoded text of a scalar node (`"0440"` -> `0440`, `12` -> `12`), else undefined. */
export function scalarText(node: JsonNode | undefined): string | undefined {
  if (node?.k !== 'raw') return undefined;
  return node.text.startsWith('"') ? (JSON.parse(node.text) as string) : node.text;
}

/** The member `key` of an object node, or undefined. */
export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.k === 'object' ? node.members.find((m) => m.key === key) : undefined;
}
