/**
 * The file's own static variables: `static DEFINE_MUTEX(name);`, `static spinlock_t name;`.
 * A lock defined so is this file's alone: code in other files cannot take it except through a
 * function of this file, so a caller elsewhere holds it only when such a function in view
 * returned holding it.
 */
import type { ParsedFile } from '../syntax';
import type { CallGraph } from '../callgraph';
import type { FunctionAnalysis } from './explore';

/** `static DEFINE_MUTEX(name)` and the like: a definer macro whose first argument is the name. */
const STATIC_BY_MACRO = /^static\s+[A-Z][A-Z0-9_]*\s*\(\s*([A-Za-z_]\w*)\s*[,)]/gm;
/** `static spinlock_t name;`, `static struct mutex name = ...;`, `static struct rw_semaphore name[N];`. */
const STATIC_BY_TYPE = /^static\s+(?:struct\s+)?[A-Za-z_]\w*\s+([A-Za-z_]\w*)\s*(?:;|=|\[)/gm;

const cache = new WeakMap<ParsedFile, ReadonlySet<string>>();

export function fileStatics(file: ParsedFile): ReadonlySet<string> {
  let out = cache.get(file);
  if (!out) {
    const names = new Set<string>();
    for (const re of [STATIC_BY_MACRO, STATIC_BY_TYPE]) for (const m of file.text.matchAll(re)) names.add(m[1]);
    cache.set(file, (out = names));
  }
  return out;
}

/** The lock is a static variable of the file (or a member of one: `db_list.lock`). */
export function fileStaticLock(file: ParsedFile, inst: string): boolean {
  const root = /^([A-Za-z_]\w*)(?:\.\w+)*$/.exec(inst)?.[1];
  return !!root && fileStatics(file).has(root);
}

/** Calls followed down from a call made holding the lock, at most (heldOnTheWayTo()). */
const MAX_DOWN = 6;

/**
 * Whether code in view may call `fn` with a lock of class `cls` held: a call made holding it leads
 * to `fn` through functions in view (a taker of the file's static lock calling an exported function
 * whose callers in view are analysed holding nothing).
 */
export function heldOnTheWayTo(analyses: readonly FunctionAnalysis[], graph: CallGraph, fn: string, cls: string): boolean {
  // (A call through a pointer made there leads where the graph resolved it.)
  const starts = analyses.flatMap((o) => {
    const lines = new Set(o.callSites.filter((s) => s.held.some((h) => h.cls === cls)).map((s) => s.line));
    return graph.callsFrom(o.fn.name).filter((e) => lines.has(e.line)).map((e) => e.to);
  });
  const seen = new Set<string>();
  let level = starts.filter((c) => graph.functions.has(c));
  for (let depth = 0; depth < MAX_DOWN && level.length; depth++) {
    if (level.includes(fn)) return true;
    for (const f of level) seen.add(f);
    level = [...new Set(level.flatMap((f) => graph.callsFrom(f).map((e) => e.to)))].filter((f) => graph.functions.has(f) && !seen.has(f));
  }
  return level.length > 0;
}
