import { ALIAS_NODE, MAPPING_NODE, SCALAR_NODE, SEQUENCE_NODE, YNode, shortTag } from './node.js';
import { Scanner } from './scanner.js';
import { YamlSyntaxError } from './syntax-error.js';
import {
  ALIAS,
  ANCHOR,
  BLOCK_END,
  BLOCK_ENTRY,
  BLOCK_MAPPING_START,
  BLOCK_SEQUENCE_START,
  DOCUMENT_END,
  DOCUMENT_START,
  FLOW_ENTRY,
  FLOW_MAPPING_END,
  FLOW_MAPPING_START,
  FLOW_SEQUENCE_END,
  FLOW_SEQUENCE_START,
  KEY,
  PLAIN,
  SCALAR,
  STREAM_END,
  STREAM_START,
  TAG,
  TAG_DIRECTIVE,
  VALUE,
  type Token,
  VERSION_DIRECTIVE,
} from './token.js';

const DEFAULT_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

/**
 * Parses YAML text into one node graph per document, with libyaml's grammar and messages.
 * Anchors are registered when their node starts (so an alias inside it refers to it) and stay
 * visible in later documents of the same stream, as in go-yaml.
 */
export function composeDocuments(src: string): YNode[] {
  return new Composer(src).documents();
}

class Composer {
  private readonly sc: Scanner;
  private readonly anchors = new Map<string, YNode>();
  private directives: [string, string][] = [];

  constructor(src: string) {
    this.sc = new Scanner(src);
  }

  documents(): YNode[] {
    const sc = this.sc;
    const docs: YNode[] = [];
    let t = sc.peek();
    if (t.type !== STREAM_START)
      throw new YamlSyntaxError('did not find expected <stream-start>', t.start);
    sc.skip();
    let implicit = true;
    for (;;) {
      t = sc.peek();
      if (!implicit) {
        while (t.type === DOCUMENT_END) {
          sc.skip();
          t = sc.peek();
        }
      }
      let root: YNode;
      if (
        implicit &&
        t.type !== VERSION_DIRECTIVE &&
        t.type !== TAG_DIRECTIVE &&
        t.type !== DOCUMENT_START &&
        t.type !== STREAM_END
      ) {
        this.processDirectives();
        root = this.parseNode(true, false);
      } else if (t.type !== STREAM_END) {
        this.processDirectives();
        t = sc.peek();
        if (t.type !== DOCUMENT_START) {
          throw new YamlSyntaxError('did not find expected <document start>', t.start);
        }
        sc.skip();
        t = sc.peek();
        const k = t.type;
        if (
          k === VERSION_DIRECTIVE ||
          k === TAG_DIRECTIVE ||
          k === DOCUMENT_START ||
          k === DOCUMENT_END ||
          k === STREAM_END
        ) {
          root = empty(t.start);
        } else {
          root = this.parseNode(true, false);
        }
      } else {
        return docs;
      }
      if (sc.peek().type === DOCUMENT_END) sc.skip();
      this.directives = [];
      docs.push(root);
      implicit = false;
    }
  }

  private processDirectives(): void {
    const sc = this.sc;
    let version = false;
    for (;;) {
      const t = sc.peek();
      if (t.type === VERSION_DIRECTIVE) {
        if (version) throw new YamlSyntaxError('found duplicate %YAML directive', t.start);
        if (t.value !== '1.1')
          throw new YamlSyntaxError('found incompatible YAML document', t.start);
        version = true;
      } else if (t.type === TAG_DIRECTIVE) {
        if (this.directives.some((d) => d[0] === t.value)) {
          throw new YamlSyntaxError('found duplicate %TAG directive', t.start);
        }
        this.directives.push([t.value, t.suffix]);
      } else {
        break;
      }
      sc.skip();
    }
    for (const d of DEFAULT_DIRECTIVES) {
      if (!this.directives.some((x) => x[0] === d[0])) this.directives.push([d[0], d[1]]);
    }
  }

  private anchor(node: YNode, name: string): void {
    if (name !== '') this.anchors.set(name, node);
  }

  private parseNode(block: boolean, indentless: boolean): YNode {
    const sc = this.sc;
    const first = sc.peek();
    if (first.type === ALIAS) {
      const target = this.anchors.get(first.value);
      if (!target) {
        throw new YamlSyntaxError(`unknown anchor '${first.value}' referenced`, first.start);
      }
      const n = new YNode(ALIAS_NODE, '', first.value, 0, first.start, first.end);
      n.alias = target;
      sc.skip();
      return n;
    }
    const start = first.start;
    const { anchor, tag, hasTag } = this.parseProperties(start);
    const t = sc.peek();
    switch (t.type) {
      case BLOCK_ENTRY:
        if (indentless) return this.parseIndentlessSequence(tag, anchor, start);
        break;
      case SCALAR: {
        const n = new YNode(SCALAR_NODE, tag, t.value, t.style, start, t.end);
        this.anchor(n, anchor);
        sc.skip();
        return n;
      }
      case FLOW_SEQUENCE_START:
        return this.parseFlowSequence(tag, anchor, start);
      case FLOW_MAPPING_START:
        return this.parseFlowMapping(tag, anchor, start);
      case BLOCK_SEQUENCE_START:
        if (block) return this.parseBlockSequence(tag, anchor, start);
        break;
      case BLOCK_MAPPING_START:
        if (block) return this.parseBlockMapping(tag, anchor, start);
        break;
    }
    if (anchor !== '' || hasTag) {
      const n = new YNode(SCALAR_NODE, tag, '', PLAIN, start, t.start);
      this.anchor(n, anchor);
      return n;
    }
    throw new YamlSyntaxError(
      'did not find expected node content',
      t.start,
      block ? 'while parsing a block node' : 'while parsing a flow node',
      start,
    );
  }

  /** The anchor and the tag of a node, in either order, before its content. */
  private parseProperties(start: number): { anchor: string; tag: string; hasTag: boolean } {
    const sc = this.sc;
    let anchor = '';
    let tagToken: Token | undefined;
    let t = sc.peek();
    if (t.type === ANCHOR) {
      anchor = t.value;
      sc.skip();
      t = sc.peek();
      if (t.type === TAG) {
        tagToken = t;
        sc.skip();
      }
    } else if (t.type === TAG) {
      tagToken = t;
      sc.skip();
      t = sc.peek();
      if (t.type === ANCHOR) {
        anchor = t.value;
        sc.skip();
      }
    }
    if (tagToken === undefined) return { anchor, tag: '', hasTag: false };
    return { anchor, tag: this.resolveTag(tagToken, start), hasTag: true };
  }

  /** A tag token's full tag through the `%TAG` directives, in go-yaml's short form. */
  private resolveTag(t: Token, start: number): string {
    let tag = t.suffix;
    if (t.value !== '') {
      const d = this.directives.find((x) => x[0] === t.value);
      if (!d) {
        throw new YamlSyntaxError(
          'found undefined tag handle',
          t.start,
          'while parsing a node',
          start,
        );
      }
      tag = d[1] + t.suffix;
    }
    // go-yaml treats the non-specific tag '!' as no tag at all.
    return tag === '!' ? '' : shortTag(tag);
  }

  private collection(kind: number, tag: string, anchor: string, start: number, flow: boolean) {
    const n = new YNode(kind, tag, '', flow ? 1 : 0, start, start);
    n.content = [];
    this.anchor(n, anchor);
    return n;
  }

  private parseBlockSequence(tag: string, anchor: string, start: number): YNode {
    const sc = this.sc;
    const n = this.collection(SEQUENCE_NODE, tag, anchor, start, false);
    const items = n.content!;
    const mark = sc.peek().start;
    sc.skip();
    for (;;) {
      let t = sc.peek();
      if (t.type === BLOCK_ENTRY) {
        const end = t.end;
        sc.skip();
        t = sc.peek();
        items.push(
          t.type !== BLOCK_ENTRY && t.type !== BLOCK_END ? this.parseNode(true, false) : empty(end),
        );
      } else if (t.type === BLOCK_END) {
        sc.skip();
        return n;
      } else {
        throw new YamlSyntaxError(
          "did not find expected '-' indicator",
          t.start,
          'while parsing a block collection',
          mark,
        );
      }
    }
  }

  private parseIndentlessSequence(tag: string, anchor: string, start: number): YNode {
    const sc = this.sc;
    const n = this.collection(SEQUENCE_NODE, tag, anchor, start, false);
    const items = n.content!;
    for (;;) {
      let t = sc.peek();
      if (t.type !== BLOCK_ENTRY) return n;
      const end = t.end;
      sc.skip();
      t = sc.peek();
      const k = t.type;
      items.push(
        k !== BLOCK_ENTRY && k !== KEY && k !== VALUE && k !== BLOCK_END
          ? this.parseNode(true, false)
          : empty(end),
      );
    }
  }

  private parseBlockMapping(tag: string, anchor: string, start: number): YNode {
    const sc = this.sc;
    const n = this.collection(MAPPING_NODE, tag, anchor, start, false);
    const content = n.content!;
    const mark = sc.peek().start;
    sc.skip();
    for (;;) {
      let t = sc.peek();
      if (t.type === KEY) {
        const keyEnd = t.end;
        sc.skip();
        t = sc.peek();
        content.push(
          t.type !== KEY && t.type !== VALUE && t.type !== BLOCK_END
            ? this.parseNode(true, true)
            : empty(keyEnd),
        );
        t = sc.peek();
        if (t.type === VALUE) {
          const valueEnd = t.end;
          sc.skip();
          t = sc.peek();
          content.push(
            t.type !== KEY && t.type !== VALUE && t.type !== BLOCK_END
              ? this.parseNode(true, true)
              : empty(valueEnd),
          );
        } else {
          content.push(empty(t.start));
        }
      } else if (t.type === BLOCK_END) {
        sc.skip();
        return n;
      } else {
        throw new YamlSyntaxError(
          'did not find expected key',
          t.start,
          'while parsing a block mapping',
          mark,
        );
      }
    }
  }

  private parseFlowSequence(tag: string, anchor: string, start: number): YNode {
    const sc = this.sc;
    const n = this.collection(SEQUENCE_NODE, tag, anchor, start, true);
    const items = n.content!;
    const mark = sc.peek().start;
    sc.skip();
    for (let first = true; ; first = false) {
      let t = sc.peek();
      if (t.type !== FLOW_SEQUENCE_END) {
        if (!first) {
          if (t.type !== FLOW_ENTRY) {
            throw new YamlSyntaxError(
              "did not find expected ',' or ']'",
              t.start,
              'while parsing a flow sequence',
              mark,
            );
          }
          sc.skip();
          t = sc.peek();
        }
        if (t.type === KEY) {
          items.push(this.parseFlowPair(t.start));
          continue;
        }
        if (t.type !== FLOW_SEQUENCE_END) {
          items.push(this.parseNode(false, false));
          continue;
        }
      }
      sc.skip();
      return n;
    }
  }

  /** A `key: value` entry written directly inside a flow sequence: a one-pair mapping. */
  private parseFlowPair(start: number): YNode {
    const sc = this.sc;
    const m = this.collection(MAPPING_NODE, '', '', start, true);
    sc.skip();
    let t = sc.peek();
    if (t.type !== VALUE && t.type !== FLOW_ENTRY && t.type !== FLOW_SEQUENCE_END) {
      m.content!.push(this.parseNode(false, false));
    } else {
      // libyaml consumes the token that follows an empty key here.
      const end = t.end;
      sc.skip();
      m.content!.push(empty(end));
    }
    t = sc.peek();
    const at = t.start;
    if (t.type === VALUE) {
      sc.skip();
      t = sc.peek();
      if (t.type !== FLOW_ENTRY && t.type !== FLOW_SEQUENCE_END) {
        m.content!.push(this.parseNode(false, false));
        return m;
      }
    }
    m.content!.push(empty(at));
    return m;
  }

  private parseFlowMapping(tag: string, anchor: string, start: number): YNode {
    const sc = this.sc;
    const n = this.collection(MAPPING_NODE, tag, anchor, start, true);
    const content = n.content!;
    const mark = sc.peek().start;
    sc.skip();
    for (let first = true; ; first = false) {
      let t = sc.peek();
      if (t.type !== FLOW_MAPPING_END) {
        if (!first) {
          if (t.type !== FLOW_ENTRY) {
            throw new YamlSyntaxError(
              "did not find expected ',' or '}'",
              t.start,
              'while parsing a flow mapping',
              mark,
            );
          }
          sc.skip();
          t = sc.peek();
        }
        if (t.type === KEY) {
          sc.skip();
          t = sc.peek();
          content.push(
            t.type !== VALUE && t.type !== FLOW_ENTRY && t.type !== FLOW_MAPPING_END
              ? this.parseNode(false, false)
              : empty(t.start),
          );
          t = sc.peek();
          if (t.type === VALUE) {
            sc.skip();
            t = sc.peek();
            if (t.type !== FLOW_ENTRY && t.type !== FLOW_MAPPING_END) {
              content.push(this.parseNode(false, false));
              continue;
            }
          }
          content.push(empty(t.start));
          continue;
        }
        if (t.type !== FLOW_MAPPING_END) {
          content.push(this.parseNode(false, false));
          content.push(empty(sc.peek().start));
          continue;
        }
      }
      sc.skip();
      return n;
    }
  }
}

/** The empty plain scalar libyaml produces for a missing node. */
function empty(pos: number): YNode {
  return new YNode(SCALAR_NODE, '', '', PLAIN, pos, pos);
}
