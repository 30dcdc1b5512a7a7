/**
 * A file's own function-like macros that take or drop a lock (`#define
 * cas_lock_all_save(cp, flags) ... spin_lock_irqsave(&(cp)->lock, flags) ...`)
 * are lock wrappers its functions call: they join the analysis as functions, as
 * a header's do. A function of the same name in view wins; between files, the
 * first file's macro does.
 */
import type { Knowledge } from '../knowledge';
import type { ParsedFile } from '../syntax';
import { lockWrappersOf } from './lockWrappers';

export function withOwnMacros(files: ParsedFile[], knowledge: Knowledge): ParsedFile[] {
  const taken = new Set(files.flatMap((f) => f.functions.map((fn) => fn.name)));
  const extra: ParsedFile[] = [];
  for (const f of files) {
    if (!f.macros) continue;
    const [wrappers] = lockWrappersOf([{ ...f.macros, functions: f.macros.functions.filter((fn) => !taken.has(fn.name)) }], knowledge);
    if (!wrappers.functions.length) continue;
    for (const fn of wrappers.functions) taken.add(fn.name);
    extra.push(wrappers);
  }
  return extra.length ? [...files, ...extra] : files;
}
