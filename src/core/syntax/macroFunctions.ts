/**
 * Function-like macros written out as static inline functions, so the engine
 * can read the ones that take or drop a lock (`#define cas_lock_all(cp)
 * spin_lock(&(cp)->lock)`) as it reads a lock wrapper. Each parameter is a
 * pointer of unknown type: a caller's own name for the lock gives the class.
 */
import { matchingParen } from './brackets';
import { CONSTANT_NAME } from './constants';
import type { FunctionInfo, ParsedFile } from './model';

/** The comment after a header's text that its written-out lock-taking macros follow (review/macroWrappers.ts). */
export const WRITTEN_OUT_MACROS = '/* Lockflow: the lock-taking macros above, as functions. */';

/**
 * A function written out from a function-like macro, in a file's own macros' text or after a
 * header's: the preprocessor pastes its body into the caller, so a name it does not declare
 * (`spu_release(ctx)` in a wait macro) is the caller's.
 */
export function isWrittenOutMacro(file: ParsedFile, fn: FunctionInfo): boolean {
  if (file.macrosOf !== undefined) return true;
  // Asked once per function summary: the text is searched once per file.
  let at = writtenOutAt.get(file);
  if (at === undefined) writtenOutAt.set(file, (at = file.text.indexOf(WRITTEN_OUT_MACROS)));
  return at >= 0 && fn.start > at;
}

const writtenOutAt = new WeakMap<ParsedFile, number>();

/** Macros read at most per file, and the most text one may have. */
const MAX_MACROS = 2000;
const MAX_BODY = 4000;
const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^()]*)\)[ \t]*(.*)$/;
const PARAM = /^[A-Za-z_]\w*$/;

export interface MacroFunction {
  name: string;
  /** The line of its `#define`, from 0. */
  line: number;
  /** The function, on one line. */
  text: string;
}

/** A `#define`'s parameter list as names (`(field, type)`), or undefined when one is not a plain name (`...`). */
export function plainParams(list: string): string[] | undefined {
  const params = list.split(',').map((p) => p.trim()).filter(Boolean);
  return params.every((p) => PARAM.test(p)) ? params : undefined;
}

/** The file's function-like macros (with plain parameters) whose body `keep` accepts, as one-line functions. */
export function macroFunctions(text: string, keep: (body: string) => boolean): MacroFunction[] {
  return macroFunctionsEach(text, [keep])[0];
}

/**
 * For each test, the file's function-like macros (with plain parameters) whose body it accepts, as
 * one-line functions, at most MAX_MACROS each: the `#define`s are read once for all.
 */
export function macroFunctionsEach(text: string, keeps: ReadonlyArray<(body: string) => boolean>): MacroFunction[][] {
  const out = keeps.map((): MacroFunction[] => []);
  const lines = text.split('\n');
  for (let k = 0; k < lines.length && out.some((o) => o.length < MAX_MACROS); k++) {
    const m = DEFINE.exec(lines[k]);
    if (!m) continue;
    const line = k;
    // A macro continues over lines ending in a backslash.
    let body = m[3];
    while (body.endsWith('\\') && k + 1 < lines.length && body.length < MAX_BODY) body = body.slice(0, -1) + ' ' + lines[++k];
    const params = plainParams(m[2]);
    if (!params || body.length >= MAX_BODY) continue;
    const takers = out.filter((o, i) => o.length < MAX_MACROS && keeps[i](body));
    if (!takers.length) continue;
    const list = params.length ? params.map((p) => `void *${p}`).join(', ') : 'void';
    let text = body.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '');
    // `(p)->lock` is `p->lock`: the lock's name as callers' paths spell it (not a call's `unix_sk(s)->lock`).
    for (const p of params) text = text.replace(new RegExp(`(?<![\\w)\\]])\\(\\s*${p}\\s*\\)(?=\\s*(->|\\.))`, 'g'), p);
    const fn = functionBody(text);
    const made = { name: m[1], line, text: `static inline ${fn.returns ? 'long' : 'void'} ${m[1]}(${list}) ${fn.text}` };
    for (const o of takers) o.push(made);
  }
  return out;
}

/**
 * A macro's body as a function's: statements (`do { } while (0)`, a block, an `if`) as they are;
 * an expression returned (`spin_trylock(&(p)->lock)`); a statement expression's statements
 * with its last expression, its value, returned (`({ bool ok = spin_trylock(l); ...; ok; })`).
 */
function functionBody(macro: string): { returns: boolean; text: string } {
  const b = macro.trim().replace(/;\s*$/, '');
  if (b.startsWith('({') && b.endsWith('})')) {
    const inner = b.slice(2, -2).trim().replace(/;\s*$/, '');
    const at = lastStatementStart(inner);
    return { returns: true, text: `{ ${inner.slice(0, at)} return ${inner.slice(at).trim()}; }` };
  }
  if (b.startsWith('{') || /^(do|if|for|while|switch|return)\b/.test(b)) return { returns: false, text: `{ ${b}; }` };
  return { returns: true, text: `{ ${returnOf(b)} }` };
}

/**
 * `return` of an expression; a conditional one as the branch it is (`pte_alloc(mm, pmd) ?
 * NULL : pte_offset_map_lock(...)` takes the lock on one arm only), nested arms too.
 */
function returnOf(expr: string, depth = 0): string {
  const e = unwrapped(expr.trim());
  const arms = depth < 4 ? conditionalArms(e) : undefined;
  // `a ?: b` (GNU) is left as it is: its first arm is the condition's value.
  return arms && arms[1] ? `if (${arms[0]}) { ${returnOf(arms[1], depth + 1)} } ${returnOf(arms[2], depth + 1)}` : `return ${e};`;
}

/** The text inside parentheses that enclose all of it: `(a ? b : c)` is `a ? b : c`. */
function unwrapped(e: string): string {
  while (e.startsWith('(') && matchingParen(e, 0) === e.length - 1) e = e.slice(1, -1).trim();
  return e;
}

/** A conditional expression's condition and arms, split at its own `?` and `:` (outside brackets and nested conditionals). */
function conditionalArms(e: string): [string, string, string] | undefined {
  let depth = 0;
  let question = -1;
  let nested = 0;
  for (let k = 0; k < e.length; k++) {
    const c = e[k];
    if (c === '"' || c === "'") {
      // A string or character literal: skip to its end.
      for (k++; k < e.length && e[k] !== c; k++) if (e[k] === '\\') k++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '?') {
      if (question < 0) question = k;
      else nested++;
    } else if (depth === 0 && c === ':' && question >= 0) {
      if (nested) nested--;
      else return [e.slice(0, question).trim(), e.slice(question + 1, k).trim(), e.slice(k + 1).trim()];
    }
  }
  return undefined;
}

/** Where the last statement of a run of statements starts: past the last `;` or `}` outside brackets. */
function lastStatementStart(text: string): number {
  let depth = 0;
  for (let k = text.length - 1; k >= 0; k--) {
    const c = text[k];
    if (depth === 0 && (c === ';' || c === '}')) return k + 1;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') depth--;
  }
  return 0;
}

/** A body that calls something: the only macros that could be lock wrappers. */
export function callsSomething(body: string): boolean {
  return /[A-Za-z_]\w*\s*\(/.test(body);
}

/**
 * A body that only computes a value of its arguments (`#define CLKDIV_FROM_REG(reg) (1 << (((reg) & DIV_MASK) >> 2))`):
 * an expression with no assignment, no statement, and no call but of another macro (an upper-case name) or sizeof.
 */
export function computesOnly(body: string): boolean {
  const b = body.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '').trim();
  if (!b || /[;{}]|\+\+|--|(?<![=!<>])=(?!=)/.test(b)) return false;
  for (const m of b.matchAll(/([A-Za-z_]\w*)\s*\(/g)) if (!CONSTANT_NAME.test(m[1]) && m[1] !== 'sizeof') return false;
  return true;
}

/**
 * The macros as a text of their own with the file's line count, each on the line of its
 * `#define`: a line the engine cites in them is the macro's line in the file.
 */
export function macroFunctionsText(lineCount: number, macros: MacroFunction[]): string {
  const lines = new Array<string>(lineCount).fill('');
  for (const m of macros) lines[m.line] = m.text;
  return lines.join('\n');
}
