import { scanBlockScalar, scanFlowScalar, scanPlainScalar } from './scan-scalars.js';
import { scanAnchor, scanDirective, scanTag } from './scan-props.js';
import { isBlankOrEnd, isBreak, ScanCursor } from './scan-cursor.js';
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
  STREAM_END,
  STREAM_START,
  Token,
  VALUE,
} from './token.js';

/** libyaml's limits on nesting. */
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

interface SimpleKey {
  required: boolean;
  flowLevel: number;
  tokenNumber: number;
  pos: number;
  line: number;
  column: number;
}

/**
 * Turns YAML text into tokens, inferring block structure from indentation and detecting simple
 * (implicit) keys the way libyaml does. Positions are kept as offsets plus the current line, so
 * nothing is spent on line/column bookkeeping beyond what indentation needs.
 */
export class Scanner extends ScanCursor {
  private readonly indents: number[] = [];
  private simpleKeyPossible = false;
  private sk: SimpleKey = {
    required: false,
    flowLevel: 0,
    tokenNumber: 0,
    pos: 0,
    line: 0,
    column: 0,
  };
  private readonly skStack: SimpleKey[] = [];

  private tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private started = false;
  private available = false;
  private ended = false;
  /** Kind of the token at the end of the queue, for libyaml's flow ':' rule. */
  private lastType = 0;

  /** The next token, without consuming it. */
  peek(): Token {
    if (!this.available) {
      this.fetchMoreTokens();
      this.available = true;
    }
    return this.tokens[this.head];
  }

  /** Consumes the token returned by the last {@link peek}. */
  skip(): void {
    this.available = false;
    this.head++;
    this.tokensParsed++;
    if (this.head === this.tokens.length) {
      this.tokens.length = 0;
      this.head = 0;
    } else if (this.head >= 256) {
      // The look-ahead rarely drains completely: drop consumed tokens so that they do not
      // accumulate (and survive garbage collection) for the whole file.
      this.tokens.splice(0, this.head);
      this.head = 0;
    }
  }

  private needMoreTokens(): boolean {
    if (this.ended) return false;
    let firstKey: number;
    if (this.skStack.length > 0) firstKey = this.skStack[0].tokenNumber;
    else if (this.simpleKeyPossible) firstKey = this.sk.tokenNumber;
    else return false;
    return this.tokensParsed === firstKey;
  }

  private fetchMoreTokens(): void {
    for (;;) {
      // libyaml keeps two tokens of look-ahead, and more while the head may become a key.
      if (this.head < this.tokens.length - 2 && !this.needMoreTokens()) break;
      if (this.ended) break;
      this.fetchNextToken();
    }
  }

  /** Appends a token, or inserts it `at` tokens after the head. */
  push(token: Token, at = -1): void {
    if (at < 0 || this.head + at >= this.tokens.length) {
      this.tokens.push(token);
      this.lastType = token.type;
    } else {
      this.tokens.splice(this.head + at, 0, token);
    }
  }

  private fetchNextToken(): void {
    if (!this.started) {
      this.started = true;
      this.indent = -1;
      this.simpleKeyAllowed = true;
      this.push(new Token(STREAM_START, 0, 0));
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.column);
    const s = this.src;
    const p = this.pos;
    if (p >= this.len) {
      this.fetchStreamEnd();
      return;
    }
    const c = s.charCodeAt(p);
    const next = s.charCodeAt(p + 1);
    if (p === this.lineStart && this.fetchDocumentLevel(c)) return;
    switch (c) {
      case 91 /* [ */:
        this.fetchFlowCollectionStart(FLOW_SEQUENCE_START);
        return;
      case 123 /* { */:
        this.fetchFlowCollectionStart(FLOW_MAPPING_START);
        return;
      case 93 /* ] */:
        this.fetchFlowCollectionEnd(FLOW_SEQUENCE_END);
        return;
      case 125 /* } */:
        this.fetchFlowCollectionEnd(FLOW_MAPPING_END);
        return;
      case 44 /* , */:
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        this.pos++;
        this.push(new Token(FLOW_ENTRY, p, p + 1));
        return;
    }
    if (c === 45 /* - */ && isBlankOrEnd(next)) {
      this.fetchBlockEntry();
      return;
    }
    if (c === 63 /* ? */ && isBlankOrEnd(next)) {
      this.fetchKey();
      return;
    }
    if (
      c === 58 /* : */ &&
      ((this.flowLevel > 0 && !this.afterFlowSequenceEntry()) || isBlankOrEnd(next))
    ) {
      this.fetchValue();
      return;
    }
    if (this.fetchNodeStart(c, next)) return;
    throw this.error(
      'found character that cannot start any token',
      p,
      'while scanning for the next token',
      p,
    );
  }

  /** At the start of a line: a directive (`%`) or a document marker (`---`, `...`). */
  private fetchDocumentLevel(c: number): boolean {
    const p = this.pos;
    if (c === 37 /* % */) {
      this.resetForDocumentLevel();
      this.push(scanDirective(this));
      return true;
    }
    if (this.atDocumentIndicator()) {
      this.resetForDocumentLevel();
      this.pos += 3;
      this.push(new Token(c === 45 ? DOCUMENT_START : DOCUMENT_END, p, this.pos));
      return true;
    }
    return false;
  }

  /** A node's anchor, alias or tag, or a scalar of any style. */
  private fetchNodeStart(c: number, next: number): boolean {
    switch (c) {
      case 42 /* * */:
      case 38 /* & */:
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.push(scanAnchor(this, c === 42 ? ALIAS : ANCHOR));
        return true;
      case 33 /* ! */:
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.push(scanTag(this));
        return true;
      case 124 /* | */:
      case 62 /* > */:
        if (this.flowLevel === 0) {
          this.removeSimpleKey();
          this.simpleKeyAllowed = true;
          this.push(scanBlockScalar(this, c === 124));
          return true;
        }
        break;
      case 39 /* ' */:
      case 34 /* " */:
        this.saveSimpleKey();
        this.simpleKeyAllowed = false;
        this.push(scanFlowScalar(this, c === 39));
        return true;
    }
    if (!canStartPlain(c, next)) return false;
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.push(scanPlainScalar(this));
    return true;
  }

  /** libyaml's test for a ':' in flow context: right after '[' or ','. */
  private afterFlowSequenceEntry(): boolean {
    return this.lastType === FLOW_ENTRY || this.lastType === FLOW_SEQUENCE_START;
  }

  private resetForDocumentLevel(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
  }

  /** Skips blanks, comments and line breaks up to the next token. */
  private scanToNextToken(): void {
    const s = this.src;
    for (;;) {
      if (this.pos === this.lineStart && s.charCodeAt(this.pos) === 0xfeff) this.pos++;
      let c = s.charCodeAt(this.pos);
      // Tabs may separate tokens only where they cannot be mistaken for indentation.
      while (c === 32 || (c === 9 && (this.flowLevel > 0 || !this.simpleKeyAllowed))) {
        c = s.charCodeAt(++this.pos);
      }
      if (c === 35 /* # */) {
        while (this.pos < this.len && !isBreak(c)) c = s.charCodeAt(++this.pos);
      }
      if (c === 10 || c === 13 || (c > 127 && isBreak(c))) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else {
        return;
      }
    }
  }

  private saveSimpleKey(): void {
    if (!this.simpleKeyAllowed) return;
    const column = this.column;
    const required = this.flowLevel === 0 && this.indent === column;
    this.removeSimpleKey();
    this.simpleKeyPossible = true;
    this.sk = {
      required,
      flowLevel: this.flowLevel,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      pos: this.pos,
      line: this.line,
      column,
    };
  }

  private removeSimpleKey(): void {
    if (this.sk.required) {
      throw this.error(
        "could not find expected ':'",
        this.pos,
        'while scanning a simple key',
        this.sk.pos,
      );
    }
    this.simpleKeyPossible = false;
  }

  private fetchFlowCollectionStart(type: number): void {
    this.saveSimpleKey();
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      throw this.error(
        `exceeded max depth of ${MAX_FLOW_LEVEL}`,
        this.pos,
        'while increasing flow level',
        this.sk.pos,
      );
    }
    if (this.simpleKeyPossible) this.skStack.push(this.sk);
    this.sk = { required: false, flowLevel: 0, tokenNumber: 0, pos: 0, line: 0, column: 0 };
    this.simpleKeyPossible = false;
    this.simpleKeyAllowed = true;
    const p = this.pos++;
    this.push(new Token(type, p, p + 1));
  }

  private fetchFlowCollectionEnd(type: number): void {
    this.removeSimpleKey();
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const top = this.skStack.at(-1);
      if (top?.flowLevel === this.flowLevel) {
        this.sk = top;
        this.skStack.pop();
        this.simpleKeyPossible = true;
      }
    }
    this.simpleKeyAllowed = false;
    const p = this.pos++;
    this.push(new Token(type, p, p + 1));
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        throw this.error('block sequence entries are not allowed in this context');
      }
      this.rollIndent(this.column, -1, BLOCK_SEQUENCE_START, this.pos);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const p = this.pos++;
    this.push(new Token(BLOCK_ENTRY, p, p + 1));
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        throw this.error('mapping keys are not allowed in this context');
      }
      this.rollIndent(this.column, -1, BLOCK_MAPPING_START, this.pos);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const p = this.pos++;
    this.push(new Token(KEY, p, p + 1));
  }

  private fetchValue(): void {
    const sk = this.sk;
    if (this.simpleKeyPossible && sk.line === this.line) {
      this.push(new Token(KEY, sk.pos, sk.pos), sk.tokenNumber - this.tokensParsed);
      this.rollIndent(sk.column, sk.tokenNumber, BLOCK_MAPPING_START, sk.pos);
      this.simpleKeyPossible = false;
      sk.required = false;
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) {
          throw this.error('mapping values are not allowed in this context');
        }
        this.rollIndent(this.column, -1, BLOCK_MAPPING_START, this.pos);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const p = this.pos++;
    this.push(new Token(VALUE, p, p + 1));
  }

  private rollIndent(column: number, tokenNumber: number, type: number, pos: number): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_INDENTS) {
      throw this.error(
        `exceeded max depth of ${MAX_INDENTS}`,
        this.pos,
        'while increasing indent level',
        this.sk.pos,
      );
    }
    const token = new Token(type, pos, pos);
    this.push(token, tokenNumber > -1 ? tokenNumber - this.tokensParsed : -1);
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.push(new Token(BLOCK_END, this.pos, this.pos));
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamEnd(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyPossible = false;
    this.skStack.length = 0;
    this.simpleKeyAllowed = false;
    this.ended = true;
    this.push(new Token(STREAM_END, this.pos, this.pos));
  }
}

/** libyaml's rule for the first character of a plain scalar. */
function canStartPlain(c: number, next: number): boolean {
  switch (c) {
    case 45 /* - */:
      return !(next === 32 || next === 9);
    case 63 /* ? */:
    case 58 /* : */:
      return !isBlankOrEnd(next);
    case 44:
    case 91:
    case 93:
    case 123:
    case 125:
    case 35:
    case 38:
    case 42:
    case 33:
    case 124:
    case 62:
    case 39:
    case 34:
    case 37:
    case 64:
    case 96:
      return false;
    default:
      return !isBlankOrEnd(c);
  }
}
