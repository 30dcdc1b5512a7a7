/**
 * The iterator macros a file defines, read from their `#define`s: which argument is the loop's
 * cursor, the variable the loop assigns (`#define foo_for_each_blk(dev, i) for (i = (dev)->first;
 * ...; i++)`: the second). The engine takes the cursor as a fresh value on every pass; the other
 * arguments keep their meaning (the device above stays the caller's, and so do its locks).
 */
import { matchingParen } from './brackets';
import { LOOP_MACRO } from './kernelMacros';
import { field, named, type SNode } from './node';

/**
 * How a macro picks its cursor: the parameters its `for` assigns, best first, or the cursor of
 * the loop macro it expands to (`#define for_each_dev(d, bus) list_for_each_entry(d, &(bus)->devs,
 * node)`), its arguments mapped to ours (undefined: not one of our parameters).
 */
export interface IteratorMacro {
  candidates: number[];
  via?: { macro: string; args: Array<number | undefined> };
}

/** Macros read per file at most, and the longest body read. */
const MAX_ITERATORS = 2000;
const MAX_BODY = 2000;

/** The file's function-like macros that are loops, or expand to one, by name. */
export function iteratorMacros(root: SNode, text: string): Map<string, IteratorMacro> {
  const out = new Map<string, IteratorMacro>();
  const stack = [root];
  while (stack.length && out.size < MAX_ITERATORS) {
    const n = stack.pop()!;
    if (n.type === 'function_definition') continue;
    if (n.type === 'preproc_function_def') {
      const name = field(n, 'name');
      const value = field(n, 'value');
      const params = field(n, 'parameters');
      if (name && value && params && value.end - value.start <= MAX_BODY) {
        const macro = text.slice(name.start, name.end);
        const read = readIterator(macro, named(params).map((p) => text.slice(p.start, p.end)), text.slice(value.start, value.end));
        // Under two `#ifdef` branches a name may be defined twice: the first reading stands.
        if (read && !out.has(macro)) out.set(macro, read);
      }
      continue;
    }
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return out;
}

/** A macro body read as an iterator, or undefined when it is not a loop (nor a loop macro's expansion). */
export function readIterator(name: string, params: string[], raw: string): IteratorMacro | undefined {
  const body = raw.replace(/\\\r?\n/g, ' ').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').trim();
  const loop = /^for\s*\(/.exec(body);
  if (!loop) {
    // Only a macro the parser takes for a loop can be one by expanding to another.
    const via = LOOP_MACRO.test(name) ? callOf(body, params) : undefined;
    return via && { candidates: [], via };
  }
  const close = matchingParen(body, loop[0].length - 1);
  if (close < 0) return undefined;
  const [init = '', cond = '', update = ''] = splitTop(body.slice(loop[0].length, close), ';');
  const indexes = (part: string) => params.flatMap((p, i) => (assigns(part, p) ? [i] : []));
  const [inCond, inInit, inUpdate] = [indexes(cond), indexes(init), indexes(update)];
  // The cursor is what the test fetches (`(entry = idr_get_next(...)) != NULL`), else what the loop
  // both starts and steps (an index beside it is only started), else whatever it assigns.
  const candidates = [...new Set([...inCond, ...inInit.filter((i) => inUpdate.includes(i)), ...inInit, ...inUpdate])];
  const rest = body.slice(close + 1).trim();
  const via = callOf(rest, params);
  return candidates.length || via ? { candidates, ...(via ? { via } : {}) } : undefined;
}

/** `name(args)` as the whole of a text (a trailing statement allowed), its arguments mapped to the parameters. */
function callOf(text: string, params: string[]): IteratorMacro['via'] {
  const m = /^([A-Za-z_]\w*)\s*\(/.exec(text);
  if (!m) return undefined;
  const close = matchingParen(text, m[0].length - 1);
  if (close < 0) return undefined;
  const args = splitTop(text.slice(m[0].length, close), ',').map((a) => {
    const bare = a.trim().replace(/^\(\s*([A-Za-z_]\w*)\s*\)$/, '$1');
    const i = params.indexOf(bare);
    return i >= 0 ? i : undefined;
  });
  return args.some((a) => a !== undefined) ? { macro: m[1], args } : undefined;
}

/** Whether a part of a `for` header assigns a parameter (`p = ...`, `(p) += 1`, `p++`, `--(p)`). */
function assigns(part: string, param: string): boolean {
  const p = `\\(?\\s*${param}\\s*\\)?`;
  // Not a field of the same name (`x->p = 0`, `x.p++`).
  const alone = '(?<![\\w.>$])';
  return new RegExp(`${alone}${p}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)`).test(part) || new RegExp(`${alone}${p}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${p}(?![\\w])`).test(part);
}

/** Splits at a separator outside brackets. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}
