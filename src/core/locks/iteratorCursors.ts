/**
 * Which argument of a loop macro is its cursor: as a definition in view writes it (the file's
 * own, then its headers': iteratorMacros.ts), else as the knowledge says (0 for the rest, as in
 * `list_for_each_entry(pos, head, member)`).
 */
import type { Knowledge } from '../knowledge';
import type { ParsedFile } from '../syntax';
import type { IteratorMacro } from '../syntax/iteratorMacros';

/** How deep one macro's expansion into another is followed. */
const MAX_EXPANSIONS = 4;

/** The loop macros the files define, by name: the reviewed files come before their headers, and win. */
export function definedIterators(files: readonly ParsedFile[]): Map<string, IteratorMacro> {
  const defined = new Map<string, IteratorMacro>();
  for (const f of files) for (const [name, it] of f.iterators) if (!defined.has(name)) defined.set(name, it);
  return defined;
}

export function iteratorCursors(defined: ReadonlyMap<string, IteratorMacro>, knowledge: Knowledge): (macro: string) => number {
  const known = new Map<string, number>();
  const cursor = (macro: string, depth: number): number => {
    const it = defined.get(macro);
    if (!it || depth > MAX_EXPANSIONS) return knowledge.iteratorEntry(macro);
    const inner = it.via ? it.via.args[cursor(it.via.macro, depth + 1)] : undefined;
    return inner ?? it.candidates[0] ?? knowledge.iteratorEntry(macro);
  };
  return (macro) => {
    let c = known.get(macro);
    if (c === undefined) known.set(macro, (c = cursor(macro, 0)));
    return c;
  };
}
