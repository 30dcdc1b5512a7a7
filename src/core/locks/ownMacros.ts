/**
 * A file's own function-like macros that take or drop a lock (`#define
 * cas_lock_all_save(cp, flags) ... spin_lock_irqsave(&(cp)->lock, flags) ...`)
 * are lock wrappers its functions call: they join the analysis as functions, as
 * a header's do. So does a macro around one of the file's own lock functions
 * (`#define up_console_sem() __up_console_sem(_RET_IP_)`): it does what that
 * function does. A function of the same name in view wins; between files, the
 * first file's macro does.
 */
import type { Knowledge } from '../knowledge';
import type { ParsedFile } from '../syntax';
import { lockWrappersOf } from './lockWrappers';

export function withOwnMacros(files: ParsedFile[], knowledge: Knowledge): ParsedFile[] {
  const taken = new Set(files.flatMap((f) => f.functions.map((fn) => fn.name)));
  // A header's functions here are its lock wrappers already (review/index.ts).
  const known = new Set(files.flatMap((f) => (f.context ? f.functions.map((fn) => fn.name) : [])));
  const extra: ParsedFile[] = [];
  for (const f of files) {
    if (!f.macros) continue;
    const macros = { ...f.macros, functions: f.macros.functions.filter((fn) => !taken.has(fn.name)) };
    // Read with the file's own functions only when a macro calls one of them (most call primitives or nothing of ours).
    // A header's macros stay read alone: a macro of macros there is used in expressions the walk does not split
    // (`pte = (mm == &init_mm) ? ... : pte_alloc_map_lock(...)`), and its inline wrappers are taken as they are.
    const own = new Set(f.context ? [] : f.functions.map((fn) => fn.name));
    const around = macros.functions.some((fn) => callsOneOf(macros.text.slice(fn.start, fn.end), own));
    const wrappers = lockWrappersOf(around ? [f, macros] : [macros], knowledge, f.context ? undefined : known).at(-1)!;
    if (!wrappers.functions.length) continue;
    for (const fn of wrappers.functions) taken.add(fn.name);
    extra.push(wrappers);
  }
  return extra.length ? [...files, ...extra] : files;
}

/** Whether a text calls a function of these names. */
function callsOneOf(text: string, names: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(/([A-Za-z_]\w*)\s*\(/g)) if (names.has(m[1])) return true;
  return false;
}
