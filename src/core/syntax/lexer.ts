/**
 * A small C token scanner, enough to find kernel macros before tree-sitter
 * sees the text. Comments, strings and preprocessor lines are skipped whole.
 */

export interface Token {
  kind: 'id' | 'num' | 'str' | 'punct';
  text: string;
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/**
 * The tokens of `text`; `directiveComments`, when given, gets the block comments inside
 * preprocessor lines (`pf(NODE) /* node alloc *\/ \` in a macro's continued body), which
 * tree-sitter's directive grammar does not expect there.
 */
export function tokenize(text: string, directiveComments?: Array<[number, number]>): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let atLineStart = true;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n') {
      atLineStart = true;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
      continue;
    }
    if (ch === '#' && atLineStart) {
      i = skipPreprocessorLine(text, i, directiveComments);
      continue;
    }
    atLineStart = false;
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      i = skipQuoted(text, i, ch);
      tokens.push({ kind: 'str', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (IDENT_START.test(ch)) {
      const start = i;
      while (i < n && IDENT_PART.test(text[i])) i++;
      tokens.push({ kind: 'id', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      const start = i;
      while (i < n && /[0-9A-Za-z_.]/.test(text[i])) i++;
      tokens.push({ kind: 'num', text: text.slice(start, i), start, end: i });
      continue;
    }
    tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

function skipPreprocessorLine(text: string, i: number, comments?: Array<[number, number]>): number {
  const n = text.length;
  while (i < n) {
    if (text[i] === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (text[i] === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (text[i] === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      comments?.push([i, end]);
      i = end;
      continue;
    }
    if (text[i] === '\n') return i;
    i++;
  }
  return n;
}

function skipQuoted(text: string, i: number, quote: string): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote || c === '\n') return c === quote ? i + 1 : i;
    i++;
  }
  return n;
}

/** Index of the token closing the bracket opened at `open`, or -1 when unbalanced. */
export function matchingClose(tokens: Token[], open: number): number {
  const o = tokens[open].text;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'punct') continue;
    if (t.text === o) depth++;
    else if (t.text === c) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}
