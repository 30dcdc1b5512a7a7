/**
 * One lock, a short and a long name, by a header's macro: `#define d_lock
 * d_lockref.lock` makes `&dentry->d_lockref` handed to a lockref primitive
 * the `dentry->d_lock` that spin_lock() takes. Names are turned to the short
 * form, which is how code writes them.
 */
import type { ParsedFile } from '../syntax';
import type { Knowledge } from '../knowledge';

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)[ \t]*$/gm;

const cache = new WeakMap<Knowledge, WeakMap<ParsedFile, Array<[string, string]>>>();

/** `[long, short]` pairs: the member path a macro stands for, and the macro. */
function pairsOf(file: ParsedFile, knowledge: Knowledge): Array<[string, string]> {
  const byFile = cache.get(knowledge) ?? new WeakMap<ParsedFile, Array<[string, string]>>();
  cache.set(knowledge, byFile);
  let pairs = byFile.get(file);
  if (!pairs) {
    const all = new Map(knowledge.fieldMacros);
    for (const m of file.text.matchAll(DEFINE)) all.set(m[1], m[2]);
    pairs = [...all].map(([short, long]): [string, string] => [long, short]);
    byFile.set(file, pairs);
  }
  return pairs;
}

/** The lock instance with a macro's member path written as the macro (`x->d_lockref.lock` -> `x->d_lock`). */
export function shortFieldName(inst: string, file: ParsedFile, knowledge: Knowledge): string {
  let out = inst;
  for (const [long, short] of pairsOf(file, knowledge)) {
    for (const sep of ['->', '.']) {
      const at = out.indexOf(`${sep}${long}`);
      const end = at + sep.length + long.length;
      if (at > 0 && (end === out.length || /^(?:->|\.|\[)/.test(out.slice(end)))) out = `${out.slice(0, at)}${sep}${short}${out.slice(end)}`;
    }
  }
  return out;
}
