/**
 * Functions a file defines through a macro of its own (`#define loop_attr(field) static ssize_t
 * field##_store(...) { ... mutex_lock(&gb->mutex); helper(gb); ... }`, used as `loop_attr(size);`):
 * the compiler sees one such function per use, all of the same code but for the names pasted in.
 * The parser sees the macro's body in place of its `#define`, once, as the function it defines
 * (`field_store`), so the calls and locks in it count like any function's: a helper called only
 * there is called with the lock held. Written over the macro's own lines with text of the same
 * length: the `#define` and its parameters become blanks, as do the line continuations; `a##b`
 * becomes the identifier `ab`, padded after; `#p` a string. Only a macro the file uses at file
 * scope (a line that starts with its name and arguments): one never used defines nothing.
 */

import { plainParams } from './macroFunctions';

/** Macros read at most per file, and the longest body read. */
const MAX_MACROS = 500;
const MAX_BODY = 8000;

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^()\n]*)\)/gm;
/** Words that start a statement, not a declaration: `return foo(x)` is no function head. */
const STATEMENT_WORDS = new Set(['return', 'if', 'else', 'while', 'for', 'do', 'switch', 'case', 'goto', 'sizeof', 'typeof', '__typeof__']);

/** A text range of the file, by offsets. */
export interface TextRange {
  start: number;
  end: number;
}

/** The text with each used function-defining macro written out in place, and the ranges written. */
export function withMacroDefinedFunctions(text: string): { text: string; ranges: TextRange[] } {
  const ranges: TextRange[] = [];
  const parts: string[] = [];
  let copied = 0;
  const defined = new Set<string>();
  /** The functions the macros written out so far define. */
  const names = new Set<string>();
  for (const head of text.matchAll(DEFINE)) {
    if (ranges.length >= MAX_MACROS) break;
    const start = head.index!;
    if (start < copied) continue;
    const end = macroEnd(text, start);
    const name = head[1];
    const params = plainParams(head[2]);
    const bodyStart = start + head[0].length;
    // Under two `#ifdef` branches a name may be defined twice: the first definition stands.
    if (defined.has(name) || !params || end - start >= MAX_BODY) continue;
    defined.add(name);
    const body = text.slice(bodyStart, end);
    if (body.includes('//') || !definesFunction(body) || !usedAtFileScope(text, name, start)) continue;
    // Two macros may define functions of one name (`field##_show`): each function keeps a name of its own.
    const code = distinctNames(writtenOut(body, params), names);
    if (!code) continue;
    parts.push(text.slice(copied, start), ' '.repeat(bodyStart - start), code);
    copied = end;
    ranges.push({ start, end });
  }
  if (!ranges.length) return { text, ranges };
  parts.push(text.slice(copied));
  return { text: parts.join(''), ranges };
}

/** Where a `#define` that starts at `start` ends: at the end of the first line not continued by a backslash. */
function macroEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    const lineEnd = text[nl - 1] === '\r' ? nl - 1 : nl;
    if (text[lineEnd - 1] !== '\\' || nl - start >= MAX_BODY) return nl;
    at = nl + 1;
  }
}

/**
 * A body that opens with a function definition: declaration words, a name (pasted perhaps),
 * a parameter list and a `{` (`static ssize_t field##_show(struct device *dev, ...) {`).
 */
function definesFunction(body: string): boolean {
  const code = body.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\\\r?\n/g, ' ');
  const m = /^\s*((?:[A-Za-z_]\w*[\s*]+)+)([A-Za-z_][\w#\s]*?)\s*\(/.exec(code);
  if (!m || STATEMENT_WORDS.has(m[1].trim().split(/[\s*]+/)[0])) return false;
  let depth = 0;
  for (let k = m[0].length - 1; k < code.length; k++) {
    const c = code[k];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return /^\s*\{/.test(code.slice(k + 1));
  }
  return false;
}

/** A line of the file, other than the macro's own, that starts with a use of it (`loop_attr(size);`). */
function usedAtFileScope(text: string, name: string, definedAt: number): boolean {
  const use = new RegExp(`^${name}\\s*\\(`, 'gm');
  for (let m = use.exec(text); m; m = use.exec(text)) if (m.index !== definedAt) return true;
  return false;
}

/**
 * The code with each function it defines named apart from `taken`, which it joins: a name taken
 * already gets a number (`field_show_2`) in the blanks a paste left after it; undefined when
 * there is no room.
 */
function distinctNames(code: string, taken: Set<string>): string | undefined {
  const heads = functionHeads(code);
  const renamed: Array<{ at: number; from: string; to: string }> = [];
  const local = new Set<string>();
  for (const h of heads) {
    let to = h.name;
    for (let k = 2; k < 10 && (taken.has(to) || local.has(to)); k++) to = `${h.name}_${k}`;
    if (taken.has(to) || local.has(to)) return undefined;
    if (to !== h.name) {
      if (code.slice(h.at + h.name.length, h.at + to.length).trim() !== '') return undefined;
      renamed.push({ at: h.at, from: h.name, to });
    }
    local.add(to);
  }
  for (const n of local) taken.add(n);
  let out = code;
  for (const r of renamed) out = out.slice(0, r.at) + r.to + out.slice(r.at + r.to.length);
  return out;
}

/** The functions a written-out body defines: each name before a parameter list and a `{` at the top level. */
function functionHeads(code: string): Array<{ name: string; at: number }> {
  const plain = code.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const out: Array<{ name: string; at: number }> = [];
  let depth = 0;
  let item = 0;
  for (let k = 0; k < plain.length; k++) {
    const c = plain[k];
    if (c === '{') {
      const m = depth === 0 ? /([A-Za-z_]\w*)\s*\([^{};]*\)\s*$/.exec(plain.slice(item, k)) : null;
      if (m) out.push({ name: m[1], at: item + m.index });
      depth++;
    } else if (c === '}' && depth > 0 && --depth === 0) item = k + 1;
    else if (c === ';' && depth === 0) item = k + 1;
  }
  return out;
}

/** The body as code of the same length: continuations blank, `a##b` as `ab` padded after, `#p` as a string. */
function writtenOut(body: string, params: string[]): string {
  let out = body.replace(/\\(\r?\n)/g, ' $1');
  // `a ## b` is the identifier `ab`: the blanks and the `##` go after it, so the text keeps its length.
  for (let k = 0; k < 16 && out.includes('##'); k++) {
    out = out.replace(/(\w*)[ \t]*##[ \t]*(\w*)/g, (all, a: string, b: string) => a + b + ' '.repeat(all.length - a.length - b.length));
  }
  // `#type` (not `##`) of a parameter is the argument as a string: a string of blanks here.
  const stringified = new RegExp(`(?<!#)#\\s*(${params.join('|') || '(?!)'})\\b`, 'g');
  return out.replace(stringified, (all) => `"${' '.repeat(all.length - 2)}"`);
}
